import { localDate, type AppConfig, type Clock } from '@app/core';
import { deadlineStatus, type DeadlineStatus } from '@app/workflow';

/** What deadline statuses are judged against: today in Vietnam and the due-soon window. */
export interface DeadlineDay {
  date: string;
  soonWorkingDays: number;
}

export function deadlineDay(clock: Clock, config: AppConfig): DeadlineDay {
  return { date: localDate(clock.now()), soonWorkingDays: config.deadlines.dueSoonWorkingDays };
}

/** The one deadline status of a tracked assignment, wherever it is shown (its own view, the cascade). */
export function statusOn(day: DeadlineDay, assignment: { state: string; dueOn: string | null; reportedOn: string | null }): DeadlineStatus | null {
  return deadlineStatus({ state: assignment.state, dueOn: assignment.dueOn, doneOn: assignment.reportedOn }, day.date, day.soonWorkingDays);
}
