import { awaitsReport } from './assignment-deadline.js';

/**
 * The deadline status shown for an assignment, one vocabulary for every screen: the Government
 * Office's groups (in time, overdue, done on time, done late) with the in-time group split in
 * three (not taken up yet, in progress, due within N working days).
 */
export const DEADLINE_STATUSES = ['not_yet_due', 'in_progress', 'due_soon', 'overdue', 'done_on_time', 'done_late'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

const DONE = new Set(['reported', 'accepted']);
const DAY_MS = 86_400_000;

/** Working days (Monday–Friday) after `from` up to and including `to`, both `YYYY-MM-DD`; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const days = Math.round((end - start) / DAY_MS);
  if (days <= 0) return 0;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  const startDay = new Date(start).getUTCDay();
  for (let i = 1; i <= days % 7; i += 1) {
    const weekday = (startDay + i) % 7;
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/**
 * `today` and the dates are calendar dates in Vietnam (`YYYY-MM-DD`); `doneOn` is the day the
 * report was submitted. Waived and cancelled assignments have no deadline status (null).
 */
export function deadlineStatus(
  assignment: { state: string; dueOn: string | null; doneOn: string | null },
  today: string,
  soonWorkingDays: number,
): DeadlineStatus | null {
  const { state, dueOn, doneOn } = assignment;
  if (DONE.has(state)) return dueOn !== null && doneOn !== null && doneOn > dueOn ? 'done_late' : 'done_on_time';
  if (!awaitsReport(state)) return null;
  if (dueOn !== null && today > dueOn) return 'overdue';
  if (dueOn !== null && workingDaysBetween(today, dueOn) <= soonWorkingDays) return 'due_soon';
  return state === 'assigned' ? 'not_yet_due' : 'in_progress';
}
