export { ReorganisationModule } from './reorganisation.module.js';
export { REORGANISATION_QUEUE, ReorganisationsService, type ReorganisationResult, type Touched } from './reorganisations.service.js';
export { dayBefore, isDay, parseChanges, planReorganisation, type Change, type NewUnit, type Outcome, type TreeNode } from './reorganisation-plan.js';
