import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

export type PlanEvent = components['schemas']['PlanEventDto'];

/**
 * Sends a lifecycle event (POST /plans/:id/events) with the version the user saw and an
 * Idempotency-Key, so a retried click cannot act twice; then the plan and the lists reload.
 */
export function usePlanEvent(planId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (event: PlanEvent) =>
      unwrap(api.POST('/plans/{id}/events', { params: { path: { id: planId }, header: { 'Idempotency-Key': crypto.randomUUID() } }, body: event })),
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: ['plan', planId] }), client.invalidateQueries({ queryKey: ['plans'] })]);
    },
  });
}
