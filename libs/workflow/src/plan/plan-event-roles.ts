import type { PlanEventType } from './plan.events.js';
import type { WorkflowRole } from './workflow-role.js';

/** Who sends a plan event: a user in one of these roles, or the server itself (`system`). */
export type PlanEventSender = WorkflowRole | 'system';

/**
 * Who may send each event. The machine does not check roles: the caller does, before
 * `stepPlan`. `system` is the server acting on its own: it starts a plan and opens its
 * reporting when their dates come, supersedes a plan when an amendment of it is issued, and
 * discards the draft implementing plans of a withdrawn parent's assignments.
 */
export const PLAN_EVENT_ROLES: Readonly<Record<PlanEventType, readonly PlanEventSender[]>> = Object.freeze({
  SUBMIT: Object.freeze(['drafter']),
  RETURN: Object.freeze(['secretary']),
  ISSUE: Object.freeze(['secretary']),
  START: Object.freeze(['secretary', 'monitor', 'system']),
  OPEN_REPORTING: Object.freeze(['secretary', 'monitor', 'system']),
  REVIEW: Object.freeze(['secretary']),
  WITHDRAW: Object.freeze(['secretary']),
  DISCARD: Object.freeze(['drafter', 'system']),
  SUPERSEDE: Object.freeze(['system']),
  // The clerk who enters an already-issued document (the issuer's drafter), or its secretary.
  REGISTER: Object.freeze(['drafter', 'secretary']),
} satisfies Record<PlanEventType, readonly PlanEventSender[]>);
