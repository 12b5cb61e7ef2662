import type { PlanEventType } from './plan.events.js';
import type { WorkflowRole } from './workflow-role.js';

/** Who may send each event. The machine does not check roles: the caller does, before `stepPlan`. */
export const PLAN_EVENT_ROLES: Readonly<Record<PlanEventType, readonly WorkflowRole[]>> = Object.freeze({
  SUBMIT: Object.freeze(['drafter']),
  RETURN: Object.freeze(['secretary']),
  ISSUE: Object.freeze(['secretary']),
  START: Object.freeze(['secretary', 'monitor']),
  OPEN_REPORTING: Object.freeze(['secretary', 'monitor']),
  REVIEW: Object.freeze(['secretary']),
  WITHDRAW: Object.freeze(['secretary']),
  DISCARD: Object.freeze(['drafter']),
} satisfies Record<PlanEventType, readonly WorkflowRole[]>);
