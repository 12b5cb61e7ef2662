import { getNextTransitions, type AnyMachineSnapshot } from 'xstate';

/**
 * The event types of `eventTypes` the snapshot's state accepts (its own transitions and its
 * ancestors'), guards ignored, in `eventTypes` order. Event types the machine handles but
 * `eventTypes` does not list are left out. A finished (final) snapshot accepts nothing.
 */
export function acceptedEventTypes<T extends string>(snapshot: AnyMachineSnapshot, eventTypes: readonly T[]): T[] {
  if (snapshot.status !== 'active') return [];
  const seen = new Set<string>();
  for (const candidate of getNextTransitions(snapshot)) seen.add(candidate.eventType);
  return eventTypes.filter((type) => seen.has(type));
}
