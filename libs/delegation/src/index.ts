export { AssignmentsService } from './assignments.service.js';
export { DelegationModule } from './delegation.module.js';
export { AssignmentSubject } from './assignment-subject.js';
export type { AssignmentRow } from './assignments.repository.js';
export { step as stepAssignment } from './assignments.service.js';
export { CascadeService } from './cascade.service.js';
export { RemindersService } from './reminders.service.js';
export { CascadeDto, CascadeNodePageDto } from './cascade.dto.js';
export { CascadeRepository } from './cascade.repository.js';
