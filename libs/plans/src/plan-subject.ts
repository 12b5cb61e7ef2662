import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/org';
import type { SubjectKind } from '@app/transitions';
import { canSeePlan } from './plan-access.js';
import { PlanRow, PlansRepository } from './plans.repository.js';

/** Plans as a subject of the transition runner. */
@Injectable()
export class PlanSubject implements SubjectKind<PlanRow> {
  readonly type = 'plan';
  readonly table = 'plans';

  constructor(private readonly plans: PlansRepository) {}

  lock(tx: EntityManager, id: string): Promise<PlanRow | undefined> {
    return this.plans.lock(tx, id);
  }

  visible(tx: EntityManager, actor: Actor, row: PlanRow): Promise<boolean> {
    return canSeePlan(tx, actor, row);
  }
}
