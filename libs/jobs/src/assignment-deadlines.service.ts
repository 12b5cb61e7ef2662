import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, Clock, localDate, type AppConfig } from '@app/core';
import { AssignmentRow, AssignmentSubject } from '@app/delegation';
import { Decision, Outbox, SYSTEM_ACTOR, SYSTEM_ROLE, TransitionRunner } from '@app/transitions';
import { assignmentDeadline, reminderOffsets, type AssignmentDeadlineActions } from './deadline-rules.js';

/** The audited step that flags an assignment overdue; it keeps the state (overdue is a flag, not a state). */
export const MARK_OVERDUE = 'MARK_OVERDUE';

interface LockedAssignment {
  state: string;
  dueOn: string | null;
  overdue: boolean;
  unitId: string;
  planId: string;
}

/** Flags assignments overdue and sends reminders (đôn đốc) to units that have not reported. */
@Injectable()
export class AssignmentDeadlines implements OnModuleInit {
  private readonly offsets: number[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
    private readonly runner: TransitionRunner,
    private readonly subject: AssignmentSubject,
    private readonly outbox: Outbox,
  ) {
    this.offsets = reminderOffsets(config.deadlines.reminderDaysBefore, config.deadlines.reminderDaysAfter);
  }

  onModuleInit(): void {
    this.runner.onStep('assignment', MARK_OVERDUE, ({ tx, subjectId, decision }) =>
      this.outbox.emit(tx, [{ type: 'overdue', unitId: decision.unitId, subjectType: 'assignment', subjectId, payload: decision.payload }]),
    );
  }

  /**
   * One transaction, the assignment locked: what deadline-rules says is due today. The flag is
   * a step of the assignment's audit chain through the transition runner, by the system actor;
   * a reminder is recorded once per (assignment, due date, offset), its notification with it.
   */
  run(assignmentId: string): Promise<AssignmentDeadlineActions> {
    const today = localDate(this.clock.now());
    return this.db.transaction(async (tx) => {
      const [a]: LockedAssignment[] = await tx.query(
        `SELECT state, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", overdue, assignee_unit_id AS "unitId", plan_id AS "planId"
         FROM plan_assignments WHERE id = $1 AND state IS NOT NULL FOR UPDATE`,
        [assignmentId],
      );
      if (!a || a.dueOn === null) return { markOverdue: false, remind: null };
      const sent: { offset: number }[] = await tx.query(
        `SELECT offset_days AS "offset" FROM assignment_reminders WHERE assignment_id = $1 AND due_on = $2`,
        [assignmentId, a.dueOn],
      );
      const due = assignmentDeadline(a, today, this.offsets, sent.map((s) => s.offset));
      if (due.markOverdue) await this.markOverdue(tx, assignmentId, a, today);
      if (due.remind !== null) await this.remind(tx, assignmentId, a, due.remind);
      return due;
    });
  }

  private markOverdue(tx: EntityManager, id: string, a: LockedAssignment, today: string): Promise<void> {
    return this.runner.within(tx, {
      kind: this.subject,
      id,
      actor: SYSTEM_ACTOR,
      // The row is locked since `run` read it, so the rules' answer still holds.
      decide: async (_tx, row: AssignmentRow): Promise<Decision> => ({
        event: MARK_OVERDUE,
        toState: row.state,
        role: SYSTEM_ROLE,
        unitId: row.assigneeUnitId,
        payload: { planId: a.planId, dueOn: row.dueOn, flaggedOn: today },
        set: { overdue: true },
      }),
      respond: () => undefined,
    });
  }

  private async remind(tx: EntityManager, id: string, a: LockedAssignment, offsetDays: number): Promise<void> {
    const recorded: unknown[] = await tx.query(
      `INSERT INTO assignment_reminders (assignment_id, due_on, offset_days, sent_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [id, a.dueOn, offsetDays, this.clock.now()],
    );
    if (recorded.length === 0) return;
    await this.outbox.emit(tx, [{ type: 'reminder', unitId: a.unitId, subjectType: 'assignment', subjectId: id, payload: { planId: a.planId, dueOn: a.dueOn, offsetDays } }]);
  }
}
