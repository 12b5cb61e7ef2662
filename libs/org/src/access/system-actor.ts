import { Actor } from './actor.js';

/** The role the server's own steps are audited with: never a membership role, so no user holds it. */
export const SYSTEM_ROLE = 'system';

/**
 * The server acting on its own, for the steps that follow from another step or from time:
 * a withdrawn plan cancels its assignments and the drafts written for them, an issued
 * amendment supersedes the plan it amends, and deadline jobs move plans and assignments.
 *
 * It holds no membership, so it passes no user permission check and can never come from a
 * request; the transition runner lets it reach every subject and audits its steps with no
 * user (`actor_user_id` NULL), the role `system` and the unit the step acts for. Compare by
 * identity (`isSystemActor`): it is the only instance.
 */
export const SYSTEM_ACTOR: Actor = Object.freeze(new Actor('00000000-0000-0000-0000-000000000000', 'system', 'Hệ thống', Object.freeze([])));

export function isSystemActor(actor: Actor): boolean {
  return actor === SYSTEM_ACTOR;
}
