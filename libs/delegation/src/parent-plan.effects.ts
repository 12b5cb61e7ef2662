import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlanEventsService } from '@app/plans';
import { EffectContext, NotificationType, Outbox, SYSTEM_ACTOR, SYSTEM_ROLE, TransitionRunner } from '@app/transitions';
import { AssignmentEventType, OPEN_ASSIGNMENT_STATES } from '@app/workflow';
import { AssignmentSubject } from './assignment-subject.js';
import { step } from './assignments.service.js';

const OPEN = new Set<string>(OPEN_ASSIGNMENT_STATES);

/** A tracked assignment of the plan that was withdrawn or superseded. */
interface Tracked {
  id: string;
  assigneeUnitId: string;
  responsibilities: string[];
  requiresOwnPlan: boolean;
  dueOn: string | null;
}

/** An assignment the amendment's text gives, not yet tracked. */
interface Written extends Tracked {
  parentAssignmentId: string | null;
  position: number;
}

/** How an assignment ends when its plan does: the event, why, and what its unit is told. */
interface Ending {
  event: Extract<AssignmentEventType, 'PARENT_WITHDRAWN' | 'DROPPED_BY_AMENDMENT'>;
  comment: string | null;
  /** Recorded on the discarded drafts and the assignment. */
  cause: Record<string, unknown>;
  notice: NotificationType;
  requestId?: string;
}

const COLUMNS = `id, assignee_unit_id AS "assigneeUnitId", responsibilities, requires_own_plan AS "requiresOwnPlan",
  to_char(due_on, 'YYYY-MM-DD') AS "dueOn"`;

/**
 * What a plan's end does to its tracked assignments, in the plan step's own transaction,
 * every step taken by the system (SYSTEM_ACTOR) through the runner and audited in its own
 * chain:
 *
 * - WITHDRAW: every open assignment is cancelled (PARENT_WITHDRAWN), the drafts of the
 *   unit's implementing plan written for it are discarded, and the unit is told
 *   (`parent_withdrawn`). Implementing plans already issued stay: they are their unit's own.
 * - SUPERSEDE (an amendment was issued): each open assignment whose unit the amendment still
 *   assigns moves to the amendment (PARENT_AMENDED: same row, same chain, same state, the
 *   amendment's text) and takes the place of the amendment's untracked row for that unit;
 *   the unit is told (`plan_amended`). An open assignment whose unit the amendment no longer
 *   assigns ends as on withdrawal (DROPPED_BY_AMENDMENT). Closed assignments stay with the
 *   plan they were closed under; the amendment's other rows are tracked anew when its ISSUE
 *   effects run, after this one.
 */
@Injectable()
export class ParentPlanEffects implements OnModuleInit {
  constructor(
    private readonly runner: TransitionRunner,
    private readonly subject: AssignmentSubject,
    private readonly planEvents: PlanEventsService,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.runner.onStep('plan', 'WITHDRAW', (context) => this.withdrawn(context));
    this.runner.onStep('plan', 'SUPERSEDE', (context) => this.superseded(context));
  }

  private async withdrawn({ tx, subjectId, decision, requestId }: EffectContext): Promise<void> {
    const [plan]: { numberAndSymbol: string | null }[] = await tx.query('SELECT number_and_symbol AS "numberAndSymbol" FROM plans WHERE id = $1', [subjectId]);
    for (const { id } of await this.openOf(tx, subjectId)) {
      await this.end(tx, id, {
        event: 'PARENT_WITHDRAWN',
        comment: decision.comment ?? null,
        cause: { withdrawnPlanId: subjectId },
        notice: 'parent_withdrawn',
        requestId,
      }, { planId: subjectId, numberAndSymbol: plan.numberAndSymbol, reason: decision.comment ?? null });
    }
  }

  private async superseded({ tx, subjectId, decision, requestId }: EffectContext): Promise<void> {
    const amendmentId = String(decision.payload?.amendedBy);
    const numberAndSymbol = decision.payload?.numberAndSymbol ?? null;
    const open = await this.openOf(tx, subjectId);
    const written: Written[] = await tx.query(
      `SELECT ${COLUMNS}, parent_assignment_id AS "parentAssignmentId", position FROM plan_assignments WHERE plan_id = $1 AND state IS NULL ORDER BY position`,
      [amendmentId],
    );
    // Match by assignee unit, in document order; a unit assigned twice is matched twice.
    const unmatched = new Map<string, Tracked[]>();
    for (const a of open) unmatched.set(a.assigneeUnitId, [...(unmatched.get(a.assigneeUnitId) ?? []), a]);
    /** The amendment's row id → the carried-over row that replaced it, for its sub-assignments' parent link. */
    const replaced = new Map<string, string>();
    for (const row of written) {
      const carried = unmatched.get(row.assigneeUnitId)?.shift();
      if (!carried || !(await this.stillOpen(tx, carried.id))) continue;
      await tx.query('UPDATE plan_assignments SET parent_assignment_id = $2 WHERE parent_assignment_id = $1', [row.id, carried.id]);
      await tx.query('DELETE FROM plan_assignments WHERE id = $1', [row.id]);
      replaced.set(row.id, carried.id);
      await this.carryOver(tx, carried, { ...row, parentAssignmentId: row.parentAssignmentId && (replaced.get(row.parentAssignmentId) ?? row.parentAssignmentId) }, {
        fromPlanId: subjectId,
        toPlanId: amendmentId,
        numberAndSymbol,
        requestId,
      });
    }
    for (const dropped of [...unmatched.values()].flat()) {
      await this.end(tx, dropped.id, {
        event: 'DROPPED_BY_AMENDMENT',
        comment: `No longer assigned by amendment ${String(numberAndSymbol)}`,
        cause: { amendedPlanId: subjectId, amendmentId },
        notice: 'plan_amended',
        requestId,
      }, { planId: subjectId, amendmentId, numberAndSymbol, outcome: 'cancelled' });
    }
  }

  /** The assignment goes on under the amendment: same row and chain, the amendment's text and place. */
  private async carryOver(
    tx: EntityManager,
    carried: Tracked,
    text: Written,
    link: { fromPlanId: string; toPlanId: string; numberAndSymbol: unknown; requestId?: string },
  ): Promise<void> {
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const field of ['responsibilities', 'requiresOwnPlan', 'dueOn'] as const) {
      if (JSON.stringify(carried[field]) !== JSON.stringify(text[field])) changes[field] = { before: carried[field], after: text[field] };
    }
    await this.runner.within(tx, {
      kind: this.subject,
      id: carried.id,
      actor: SYSTEM_ACTOR,
      requestId: link.requestId,
      decide: async (_tx, row) => {
        const decision = step(row, { type: 'PARENT_AMENDED' }, { role: SYSTEM_ROLE, unitId: row.issuerUnitId });
        decision.payload = { fromPlanId: link.fromPlanId, toPlanId: link.toPlanId, numberAndSymbol: link.numberAndSymbol, changes };
        decision.set = {
          ...decision.set,
          plan_id: link.toPlanId,
          position: text.position,
          parent_assignment_id: text.parentAssignmentId,
          responsibilities: JSON.stringify(text.responsibilities),
          requires_own_plan: text.requiresOwnPlan,
          due_on: text.dueOn,
          // A new due date is a new deadline: overdue is judged against it afresh, as after EXTEND.
          ...(changes.dueOn ? { overdue: false } : {}),
        };
        return decision;
      },
      respond: () => undefined,
    });
    await this.outbox.emit(tx, [
      {
        type: 'plan_amended',
        unitId: carried.assigneeUnitId,
        subjectType: 'assignment',
        subjectId: carried.id,
        payload: { planId: link.toPlanId, amendedPlanId: link.fromPlanId, numberAndSymbol: link.numberAndSymbol, outcome: 'carried_over' },
      },
    ]);
  }

  /**
   * Ends an open assignment with its plan: discards the drafts of the implementing plan
   * written for it, cancels it, and tells its unit (with the implementing plans it already
   * issued, which stay). The drafts are locked before the assignment, the order a child
   * plan's own ISSUE takes (plan, then assignment), so the two cannot deadlock; a draft
   * issued meanwhile is no longer a draft once its lock is granted and is left alone.
   */
  private async end(tx: EntityManager, id: string, ending: Ending, notice: Record<string, unknown>): Promise<void> {
    const lockDrafts = (): Promise<{ id: string }[]> =>
      tx.query(`SELECT id FROM plans WHERE source_assignment_id = $1 AND state LIKE 'draft.%' ORDER BY created_at FOR UPDATE`, [id]);
    await lockDrafts();
    if (!(await this.stillOpen(tx, id))) return;
    // A draft started while we waited for the assignment is seen now; it cannot be issuing yet.
    const drafts = await lockDrafts();
    for (const draft of drafts) {
      await this.planEvents.systemStep(tx, draft.id, { type: 'DISCARD' }, { comment: ending.comment, payload: { cause: ending.event, ...ending.cause }, requestId: ending.requestId });
    }
    const issued: { id: string; numberAndSymbol: string | null; state: string }[] = await tx.query(
      `SELECT id, number_and_symbol AS "numberAndSymbol", state FROM plans WHERE source_assignment_id = $1 AND issued_at IS NOT NULL ORDER BY issued_at`,
      [id],
    );
    let assigneeUnitId = '';
    await this.runner.within(tx, {
      kind: this.subject,
      id,
      actor: SYSTEM_ACTOR,
      requestId: ending.requestId,
      decide: async (_tx, row) => {
        assigneeUnitId = row.assigneeUnitId;
        const decision = step(row, { type: ending.event }, { role: SYSTEM_ROLE, unitId: row.issuerUnitId, comment: ending.comment });
        decision.payload = { ...ending.cause, discardedDrafts: drafts.map((d) => d.id), issuedChildPlans: issued.map((c) => c.id) };
        return decision;
      },
      respond: () => undefined,
    });
    await this.outbox.emit(tx, [
      {
        type: ending.notice,
        unitId: assigneeUnitId,
        subjectType: 'assignment',
        subjectId: id,
        payload: { ...notice, discardedDrafts: drafts.map((d) => d.id), issuedChildPlans: issued },
      },
    ]);
  }

  private openOf(tx: EntityManager, planId: string): Promise<Tracked[]> {
    return tx.query(`SELECT ${COLUMNS} FROM plan_assignments WHERE plan_id = $1 AND state = ANY($2::text[]) ORDER BY position`, [planId, OPEN_ASSIGNMENT_STATES]);
  }

  /** Locks the assignment and reads its state now: it may have closed since the list was read. */
  private async stillOpen(tx: EntityManager, id: string): Promise<boolean> {
    const row = await this.subject.lock(tx, id);
    return row !== undefined && OPEN.has(row.state);
  }
}
