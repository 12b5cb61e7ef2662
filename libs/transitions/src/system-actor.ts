import { Actor } from '@app/org';

/** The role recorded on steps the server takes by itself (time events): no user holds it. */
export const SYSTEM_ROLE = 'system';

/**
 * The server itself, when a date moves a subject (a plan starts on its first phase's date, an
 * assignment becomes overdue). It holds no membership and signs nobody in: the runner records
 * its steps with no user (`actorUserId` null) and the role `system`, acting for the subject's
 * own unit, and does not ask whether it may see the subject.
 */
export const SYSTEM_ACTOR = new Actor('00000000-0000-0000-0000-000000000000', 'system', 'Hệ thống (system)', []);

export function isSystemActor(actor: Actor): boolean {
  return actor === SYSTEM_ACTOR;
}
