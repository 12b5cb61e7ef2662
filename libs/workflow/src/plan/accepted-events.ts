import type { AnyMachineSnapshot } from 'xstate';
import { acceptedEventTypes } from '../core/accepted-event-types.js';
import { PLAN_EVENT_TYPES, type PlanEventType } from './plan.events.js';

/**
 * The event types the snapshot's state accepts, guards ignored, in `PLAN_EVENT_TYPES`
 * order. A finished (final) snapshot accepts nothing.
 */
export function acceptedEvents(snapshot: AnyMachineSnapshot): PlanEventType[] {
  return acceptedEventTypes(snapshot, PLAN_EVENT_TYPES);
}
