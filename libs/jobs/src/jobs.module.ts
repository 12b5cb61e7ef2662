import { ReorganisationModule } from '@app/reorganisation';
import { Module } from '@nestjs/common';
import { AuditLogModule } from '@app/audit-log';
import { DelegationModule } from '@app/delegation';
import { NotificationsModule } from '@app/notifications';
import { PlansModule } from '@app/plans';
import { TransitionsModule } from '@app/transitions';
import { AssignmentDeadlines } from './assignment-deadlines.service.js';
import { DeadlineSweep } from './deadline-sweep.service.js';
import { JobsService } from './jobs.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { PlanDeadlines } from './plan-deadlines.service.js';

@Module({
  imports: [TransitionsModule, PlansModule, DelegationModule, NotificationsModule, AuditLogModule, ReorganisationModule],
  providers: [DeadlineSweep, PlanDeadlines, AssignmentDeadlines, OutboxRelay, JobsService],
  exports: [JobsService, PlanDeadlines, AssignmentDeadlines, DeadlineSweep],
})
export class JobsModule {}
