/**
 * An implementation report's state (*báo cáo kết quả thực hiện*: one assignee unit's report
 * on its assignment) as a dotted path into the machine.
 */
export type ReportState =
  /** The unit is writing it. */
  | 'draft'
  /** With the monitoring unit (or the issuer), waiting for its decision. */
  | 'submitted'
  /** Sent back with comments; the unit edits it and submits again. */
  | 'returned'
  | 'accepted';

export const REPORT_STATES: readonly ReportState[] = Object.freeze(['draft', 'submitted', 'returned', 'accepted']);

/** States in which the reporting unit may still edit the report. */
export const EDITABLE_REPORT_STATES: readonly ReportState[] = Object.freeze(['draft', 'returned']);

/** States a report never leaves. */
export const FINAL_REPORT_STATES: readonly ReportState[] = Object.freeze(['accepted']);

const ALL = new Set<string>(REPORT_STATES);

export function isReportState(value: unknown): value is ReportState {
  return typeof value === 'string' && ALL.has(value);
}
