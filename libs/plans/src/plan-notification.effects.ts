import { Injectable, OnModuleInit } from '@nestjs/common';
import { Outbox, TransitionRunner } from '@app/transitions';

/**
 * What plan steps tell people, written to the outbox inside the step: a returned draft goes
 * back to its drafting unit (drafters draft for their own unit, the issuer) with the comment.
 */
@Injectable()
export class PlanNotificationEffects implements OnModuleInit {
  constructor(
    private readonly runner: TransitionRunner,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.runner.onStep('plan', 'RETURN', ({ tx, subjectId, decision, pipeline }) =>
      this.outbox.emit(
        tx,
        [{ type: 'plan_returned', unitId: decision.unitId, subjectType: 'plan', subjectId, payload: { planId: subjectId, comment: decision.comment } }],
        pipeline,
      ),
    );
  }
}
