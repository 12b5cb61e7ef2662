export { AssignmentsService } from './assignments.service.js';
export { DelegationModule } from './delegation.module.js';
