export { AssignmentDeadlines, MARK_OVERDUE } from './assignment-deadlines.service.js';
export { addDays, assignmentDeadline, planTimeEvent, reminderOffsets } from './deadline-rules.js';
export { DeadlineSweep } from './deadline-sweep.service.js';
export { JobsModule } from './jobs.module.js';
export { JobsService, type SweepResult } from './jobs.service.js';
export { PlanDeadlines } from './plan-deadlines.service.js';
export { JOB_SCHEMA, QUEUES } from './queues.js';
