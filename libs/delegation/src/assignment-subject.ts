import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/org';
import type { SubjectKind } from '@app/transitions';
import { canSeeAssignment } from './assignment-access.js';
import { AssignmentRow, AssignmentsRepository } from './assignments.repository.js';

/** Tracked assignments as a subject of the transition runner. */
@Injectable()
export class AssignmentSubject implements SubjectKind<AssignmentRow> {
  readonly type = 'assignment';
  readonly table = 'plan_assignments';

  constructor(private readonly assignments: AssignmentsRepository) {}

  lock(tx: EntityManager, id: string): Promise<AssignmentRow | undefined> {
    return this.assignments.lock(tx, id);
  }

  async visible(_tx: EntityManager, actor: Actor, row: AssignmentRow): Promise<boolean> {
    return canSeeAssignment(actor, row);
  }
}
