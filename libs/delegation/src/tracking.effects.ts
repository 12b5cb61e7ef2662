import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '@app/core';
import { AuditTrail, EffectContext, Outbox, TransitionRunner } from '@app/transitions';
import { AssignmentEvent, assignmentWorkflow } from '@app/workflow';
import { AssignmentSubject } from './assignment-subject.js';
import { step } from './assignments.service.js';

/**
 * What plan steps do to assignments, in the plan step's own transaction: issuing (or
 * registering) a plan makes each of its assignments a tracked one; the steps of a unit's implementing plan
 * move the assignment it carries out.
 */
@Injectable()
export class TrackingEffects implements OnModuleInit {
  constructor(
    private readonly runner: TransitionRunner,
    private readonly audit: AuditTrail,
    private readonly subject: AssignmentSubject,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    // A plan registered as already issued (REGISTER) assigns its units as an issued one does.
    for (const event of ['ISSUE', 'REGISTER']) {
      this.runner.onStep('plan', event, async (context) => {
        await this.track(context);
        await this.moveSource(context, 'CHILD_ISSUED');
      });
    }
    this.runner.onStep('plan', 'DISCARD', (context) => this.moveSource(context, 'CHILD_DISCARDED'));
    this.runner.onStep('plan', 'WITHDRAW', (context) => this.moveSource(context, 'CHILD_WITHDRAWN'));
  }

  /**
   * Every assignment and sub-assignment of the issued plan starts its own chain in
   * `assigned`, except those an amendment carried over from the plan it supersedes (already
   * tracked: their chains go on).
   */
  private async track({ tx, actor, subjectId, decision, requestId }: EffectContext): Promise<void> {
    const rows: { id: string; assigneeUnitId: string }[] = await tx.query(
      'SELECT id, assignee_unit_id AS "assigneeUnitId" FROM plan_assignments WHERE plan_id = $1 AND state IS NULL ORDER BY position',
      [subjectId],
    );
    if (rows.length === 0) return;
    const at = this.clock.now();
    const entries = await this.audit.appendMany(
      tx,
      rows.map(({ id }) => ({
        subjectType: 'assignment', subjectId: id, seq: 1, at, actorUserId: actor.userId, actorRole: decision.role,
        actorUnitId: decision.unitId, onBehalfOf: null, event: 'ASSIGN', fromState: null, toState: 'assigned', comment: null,
        payload: { planId: subjectId }, requestId: requestId ?? null, prevHash: null,
      })),
    );
    // Each row takes its place in the cascade: below the assignment this plan carries out (an
    // amendment's source assignment is already set by its ISSUE), labels drawn in document order.
    await tx.query(
      `WITH source AS (SELECT s.cascade_path FROM plans p JOIN plan_assignments s ON s.id = p.source_assignment_id WHERE p.id = $5),
            labelled AS (SELECT h.id, h.hash, text2ltree(lpad(nextval('plan_assignments_cascade_label_seq')::text, 12, '0')) AS label
                         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS h (id, hash, n) ORDER BY h.n)
       UPDATE plan_assignments a SET state = 'assigned', machine_version = $3, version = 1, audit_seq = 1, audit_hash = l.hash, updated_at = $4,
              cascade_path = coalesce((SELECT cascade_path FROM source) || l.label, l.label)
       FROM labelled l WHERE a.id = l.id`,
      [entries.map((e) => e.subjectId), entries.map((e) => e.hash), assignmentWorkflow.currentVersion, at, subjectId],
    );
    await this.outbox.emit(
      tx,
      rows.map((r) => ({ type: 'assignment_received', unitId: r.assigneeUnitId, subjectType: 'assignment', subjectId: r.id, payload: { planId: subjectId } })),
    );
  }

  private async moveSource(
    { tx, actor, subjectId, decision, requestId }: EffectContext,
    type: 'CHILD_ISSUED' | 'CHILD_DISCARDED' | 'CHILD_WITHDRAWN',
  ): Promise<void> {
    // The source assignment's state comes with the plan: the runner locks and re-checks it.
    const [plan]: { sourceAssignmentId: string | null; amends: boolean; sourceState: string | null; sourceVersion: number | null }[] = await tx.query(
      `SELECT p.source_assignment_id AS "sourceAssignmentId", p.amends_plan_id IS NOT NULL AS amends,
              a.state AS "sourceState", a.machine_version AS "sourceVersion"
       FROM plans p LEFT JOIN plan_assignments a ON a.id = p.source_assignment_id WHERE p.id = $1`,
      [subjectId],
    );
    // An amendment takes over the assignment from the plan it supersedes, which already moved it.
    if (!plan?.sourceAssignmentId || (plan.amends && type !== 'CHILD_WITHDRAWN')) return;
    // A waived or cancelled assignment is closed: the unit may still drop or issue its own
    // plan, and the assignment keeps where it ended. A plan withdrawn after its unit reported
    // leaves the report to be judged: only an implementing assignment goes back.
    const state = plan.sourceState!;
    const closed = assignmentWorkflow.restore(state, plan.sourceVersion!).status === 'done' && state !== 'accepted';
    if (closed || (type === 'CHILD_WITHDRAWN' && state !== 'implementing')) return;
    const event: AssignmentEvent = { type };
    await this.runner.within(tx, {
      kind: this.subject,
      id: plan.sourceAssignmentId,
      actor,
      requestId,
      decide: async (_tx, row) => ({ ...step(row, event, { role: decision.role, unitId: decision.unitId }), payload: { childPlanId: subjectId } }),
      respond: () => undefined,
    });
  }
}
