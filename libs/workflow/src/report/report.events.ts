/**
 * The events that move a report. Payloads are checked by the machine's named guards.
 * `failures` are the completeness rules the report breaks (`reportCompleteness`), computed
 * by the caller from the database: the machine has no context.
 */
export type ReportEvent =
  /** The reporting unit sends the report (again, after a return). */
  | { type: 'SUBMIT'; failures: string[] }
  /** The monitoring unit accepts it. */
  | { type: 'ACCEPT' }
  /** The monitoring unit sends it back for revision, saying why. */
  | { type: 'RETURN'; comment: string };

export type ReportEventType = ReportEvent['type'];

/** Every event type, in the canonical order of `allowed` and `accepted` lists. */
export const REPORT_EVENT_TYPES: readonly ReportEventType[] = Object.freeze(['SUBMIT', 'ACCEPT', 'RETURN']);

const ALL = new Set<string>(REPORT_EVENT_TYPES);

export function isReportEventType(value: unknown): value is ReportEventType {
  return typeof value === 'string' && ALL.has(value);
}
