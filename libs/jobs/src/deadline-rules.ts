import { awaitsReport } from '@app/workflow';

/**
 * What is due on a day, as pure functions of a row and the date. The sweep's SQL
 * (deadline-sweep.service.ts) asks the same of indexed columns; the handlers decide with
 * these, under the row's lock, so a second run of the same job finds nothing left to do.
 * Dates are ISO `YYYY-MM-DD`; "today" is the date in Vietnam.
 */

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface PlanDates {
  state: string;
  /** The first phase's start date. */
  startsOn: string | null;
  /** The last dated phase's end. */
  endsOn: string | null;
  /** The report duty's due date. */
  reportDueOn: string | null;
}

export type PlanTimeEvent = 'START' | 'OPEN_REPORTING';

/**
 * The day the plan's report window opens: `windowDays` before the report duty's due date (but
 * not before the plan starts); with no report duty, the day after its last dated phase ends;
 * with neither, never (the plan is moved by hand).
 */
export function reportOpensOn(plan: PlanDates, windowDays: number): string | null {
  if (plan.reportDueOn !== null) {
    const byDuty = addDays(plan.reportDueOn, -windowDays);
    return plan.startsOn !== null && plan.startsOn > byDuty ? plan.startsOn : byDuty;
  }
  return plan.endsOn !== null ? addDays(plan.endsOn, 1) : null;
}

/** The time event a plan is due for today, if any: START first, then OPEN_REPORTING. A plan moved by hand is left alone. */
export function planTimeEvent(plan: PlanDates, today: string, windowDays: number): PlanTimeEvent | null {
  if (plan.state === 'issued' && plan.startsOn !== null && plan.startsOn <= today) return 'START';
  if (plan.state !== 'issued' && plan.state !== 'implementing') return null;
  const opens = reportOpensOn(plan, windowDays);
  return opens !== null && opens <= today ? 'OPEN_REPORTING' : null;
}

export interface AssignmentDates {
  state: string;
  dueOn: string | null;
  overdue: boolean;
}

/** Reminder offsets in days from the due date, ascending: negative before it, positive after. */
export function reminderOffsets(daysBefore: readonly number[], daysAfter: readonly number[]): number[] {
  return [...new Set([...daysBefore.map((d) => -d), ...daysAfter])].sort((a, b) => a - b);
}

/**
 * The reminder (đôn đốc) due today: the latest offset whose day has come, unless it was sent
 * for this due date already. A reminder missed (no sweep on its day) is sent on a later day,
 * until the next one's day; none is sent after the last one's day (or the due date, if all
 * are before it), so a unit is never sent a burst of old reminders.
 */
export function reminderDue(dueOn: string, today: string, offsets: readonly number[], sent: readonly number[]): number | null {
  if (offsets.length === 0 || today > addDays(dueOn, Math.max(0, ...offsets))) return null;
  const passed = offsets.filter((o) => addDays(dueOn, o) <= today);
  if (passed.length === 0) return null;
  const latest = Math.max(...passed);
  return sent.includes(latest) ? null : latest;
}

export interface AssignmentDeadlineActions {
  /** The due date has passed without a report: flag it (an audited step) and tell the unit. */
  markOverdue: boolean;
  /** The reminder to send, as its offset, or null. */
  remind: number | null;
}

/** What is due for one assignment today. Only one still owing its report can be late or reminded. */
export function assignmentDeadline(a: AssignmentDates, today: string, offsets: readonly number[], sent: readonly number[]): AssignmentDeadlineActions {
  if (a.dueOn === null || !awaitsReport(a.state)) return { markOverdue: false, remind: null };
  return { markOverdue: !a.overdue && today > a.dueOn, remind: reminderDue(a.dueOn, today, offsets, sent) };
}
