export { AssignmentSubject } from './assignment-subject.js';
export type { AssignmentRow } from './assignments.repository.js';
export { AssignmentsService } from './assignments.service.js';
export { DelegationModule } from './delegation.module.js';
