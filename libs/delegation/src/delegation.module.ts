import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { PlansModule } from '@app/plans';
import { TransitionsModule } from '@app/transitions';
import { AssignmentSubject } from './assignment-subject.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';
import { CascadeController } from './cascade.controller.js';
import { CascadeRepository } from './cascade.repository.js';
import { CascadeService } from './cascade.service.js';
import { ParentPlanEffects } from './parent-plan.effects.js';
import { RemindersService } from './reminders.service.js';
import { TrackingEffects } from './tracking.effects.js';

@Module({
  imports: [OrgModule, TransitionsModule, PlansModule],
  controllers: [AssignmentsController, CascadeController],
  providers: [AssignmentsRepository, AssignmentSubject, AssignmentsService, TrackingEffects, ParentPlanEffects, CascadeRepository, CascadeService, RemindersService],
  exports: [AssignmentsService, AssignmentSubject, CascadeService, RemindersService],
})
export class DelegationModule {}
