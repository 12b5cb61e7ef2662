import { getNextTransitions, type AnyMachineSnapshot } from 'xstate';
import { isPlanEventType, PLAN_EVENT_TYPES, type PlanEventType } from './plan.events.js';

/**
 * The event types the snapshot's state accepts, guards ignored, in `PLAN_EVENT_TYPES`
 * order. A finished (final) snapshot accepts nothing.
 */
export function acceptedEvents(snapshot: AnyMachineSnapshot): PlanEventType[] {
  if (snapshot.status !== 'active') return [];
  const seen = new Set<PlanEventType>();
  for (const candidate of getNextTransitions(snapshot)) {
    if (isPlanEventType(candidate.eventType)) seen.add(candidate.eventType);
  }
  return PLAN_EVENT_TYPES.filter((type) => seen.has(type));
}
