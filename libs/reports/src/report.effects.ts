import { Injectable, OnModuleInit } from '@nestjs/common';
import { AssignmentRow, AssignmentSubject, stepAssignment } from '@app/delegation';
import { EffectContext, Outbox, SubjectKind, TransitionRunner } from '@app/transitions';
import type { AssignmentEvent } from '@app/workflow';
import { ReportFilesService } from './report-files.service.js';

type Move = 'REPORT_SUBMITTED' | 'REPORT_ACCEPTED' | 'REPORT_RETURNED';

/**
 * What report steps do, in the report step's own transaction: the assignment reported on
 * follows (submitted → `reported`, accepted → `accepted`, returned → `returned`), and a
 * returned report tells the reporting unit.
 */
@Injectable()
export class ReportEffects implements OnModuleInit {
  /**
   * The assignment as the report step moves it: the same row lock and transition path, but
   * no second visibility check. Whoever may take the report step may move its assignment
   * (the monitoring unit may sit outside the assignment's issuer and assignee).
   */
  private readonly assignment: SubjectKind<AssignmentRow>;

  constructor(
    private readonly runner: TransitionRunner,
    private readonly outbox: Outbox,
    private readonly files: ReportFilesService,
    subject: AssignmentSubject,
  ) {
    this.assignment = { type: subject.type, table: subject.table, lock: (tx, id) => subject.lock(tx, id), visible: async () => true };
  }

  onModuleInit(): void {
    this.runner.onStep('report', 'SUBMIT', async (context) => {
      await this.move(context, 'REPORT_SUBMITTED');
      // What was uploaded but not listed goes: the submitted report is what its files are kept for.
      await this.files.removeOrphans(context.tx, context.subjectId);
    });
    this.runner.onStep('report', 'ACCEPT', async (context) => {
      await this.move(context, 'REPORT_ACCEPTED');
    });
    this.runner.onStep('report', 'RETURN', async (context) => {
      const report = await this.move(context, 'REPORT_RETURNED');
      await this.outbox.emit(context.tx, [
        {
          type: 'report_returned', unitId: report.unitId, subjectType: 'report', subjectId: context.subjectId,
          payload: { assignmentId: report.assignmentId, comment: context.decision.comment ?? null },
        },
      ]);
    });
  }

  private async move({ tx, actor, subjectId, decision, requestId }: EffectContext, type: Move): Promise<{ assignmentId: string; unitId: string }> {
    const [report]: { assignmentId: string; unitId: string }[] = await tx.query(
      'SELECT assignment_id AS "assignmentId", unit_id AS "unitId" FROM reports WHERE id = $1',
      [subjectId],
    );
    await this.runner.within(tx, {
      kind: this.assignment,
      id: report.assignmentId,
      actor,
      requestId,
      decide: async (_tx, row) => {
        const event: AssignmentEvent = type === 'REPORT_SUBMITTED' ? { type, requiresOwnPlan: row.requiresOwnPlan } : { type };
        return { ...stepAssignment(row, event, { role: decision.role, unitId: decision.unitId, comment: decision.comment }), payload: { reportId: subjectId } };
      },
      respond: () => undefined,
    });
    return report;
  }
}
