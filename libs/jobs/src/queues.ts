/**
 * The queues the jobs run on; each is created by the migration InstallJobQueue with the
 * `stately` policy (one job per singleton key waiting, one running).
 */
export const QUEUES = {
  /** Finds what is due today and queues one job per item. */
  sweep: 'deadline-sweep',
  /** Moves one plan as far as its dates say: { planId }. */
  plan: 'plan-deadline',
  /** Flags one assignment overdue and sends its reminder: { assignmentId }. */
  assignment: 'assignment-deadline',
  /** Appends committed audit entries to the transparency log (one waiting at most; made by LogAuditEntries). */
  auditLog: 'audit-log-append',
  /** Applies one scheduled reorganisation on its effective day: { reorganisationId } (made by RecordUnitPeriodsAndReorganisations). */
  reorganisation: 'reorganisation-apply',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** pg-boss's schema, made by the migration. */
export const JOB_SCHEMA = 'pgboss';

/** Cron of the sweep: every `minutes` minutes, on the clock. */
export function sweepCron(minutes: number): string {
  return minutes >= 60 ? '0 * * * *' : `*/${minutes} * * * *`;
}
