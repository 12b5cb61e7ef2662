import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { currentMemberships, type Me, type Role } from '../../api/me';
import type { components } from '../../api/schema';

export type Assignment = components['schemas']['TrackedAssignmentDto'];
export type Report = components['schemas']['ReportDto'];

/** The roles that write a unit's report and acknowledge its assignments (the API checks the same). */
const WRITERS: readonly Role[] = ['drafter', 'secretary', 'unit_officer'];

/** Whether the user holds one of `roles` in the unit itself (not above it). */
export function holdsAt(me: Me | undefined, unitId: string, roles: readonly Role[] = WRITERS): boolean {
  return currentMemberships(me).some((m) => m.unitId === unitId && roles.includes(m.role));
}

/** When the report can be started and later submitted: acknowledged (no own plan needed), or the own plan issued. */
export function reportDue(a: Pick<Assignment, 'state' | 'requiresOwnPlan'>): boolean {
  return (a.state === 'acknowledged' && !a.requiresOwnPlan) || a.state === 'implementing';
}

/** A child plan that no longer counts: the unit may start another. */
export const DEAD_PLAN_STATES = new Set(['discarded', 'withdrawn']);

/** ACKNOWLEDGE with the version the user saw and an Idempotency-Key, then the lists and the assignment reload. */
export function useAcknowledge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: Pick<Assignment, 'id' | 'version'>) =>
      unwrap(
        api.POST('/assignments/{id}/events', {
          params: { path: { id: a.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { type: 'ACKNOWLEDGE', expectedVersion: a.version },
        }),
      ),
    onSuccess: async (_data, a) => {
      await Promise.all([client.invalidateQueries({ queryKey: ['assignments'] }), client.invalidateQueries({ queryKey: ['assignment', a.id] })]);
    },
  });
}
