/** What `planCompleteness` needs to know about a plan; the caller gathers it. */
export interface PlanFacts {
  purposes: string[];
  /** Dates are ISO `YYYY-MM-DD`; a blank string counts as no date. */
  phases: { startsOn: string | null; endsOn: string | null; windowText: string | null }[];
  /** `assigneeInScope`: whether the assignee unit is inside the issuer's scope (the caller computes it). */
  assignments: { assigneeInScope: boolean }[];
  reportDuty: { dueOn: string | null } | null;
  /** How many recipients the plan has. */
  recipients: number;
}

export type CompletenessRule =
  | 'PURPOSE_REQUIRED'
  | 'PHASE_WITH_WINDOW_REQUIRED'
  | 'ASSIGNMENT_IN_SCOPE_REQUIRED'
  | 'ASSIGNMENT_OUT_OF_SCOPE'
  | 'REPORT_DUTY_REQUIRED'
  | 'REPORT_DEADLINE_BEFORE_START'
  | 'RECIPIENT_REQUIRED';

export interface CompletenessFailure {
  rule: CompletenessRule;
  message: string;
}

const filled = (text: string | null | undefined): text is string => typeof text === 'string' && text.trim() !== '';

/**
 * Every rule a plan breaks before it may be submitted, in a fixed order; empty when the
 * plan is complete. Feed `failures.map((f) => f.rule)` to the SUBMIT event.
 */
export function planCompleteness(facts: PlanFacts): CompletenessFailure[] {
  const failures: CompletenessFailure[] = [];

  if (!facts.purposes.some(filled)) {
    failures.push({ rule: 'PURPOSE_REQUIRED', message: 'The plan needs at least one purpose or requirement.' });
  }

  if (!facts.phases.some((phase) => filled(phase.startsOn) || filled(phase.endsOn) || filled(phase.windowText))) {
    failures.push({ rule: 'PHASE_WITH_WINDOW_REQUIRED', message: 'The plan needs at least one phase with a time window (a start date, an end date or a described period).' });
  }

  if (facts.assignments.length === 0) {
    failures.push({ rule: 'ASSIGNMENT_IN_SCOPE_REQUIRED', message: "The plan needs at least one assignment to a unit in the issuer's scope." });
  } else {
    const outside = facts.assignments.filter((assignment) => !assignment.assigneeInScope).length;
    if (outside > 0) {
      failures.push({
        rule: 'ASSIGNMENT_OUT_OF_SCOPE',
        message: `${outside === 1 ? '1 assignment goes' : `${outside} assignments go`} to a unit outside the issuer's scope.`,
      });
    }
  }

  const dueOn = facts.reportDuty?.dueOn;
  if (!filled(dueOn)) {
    failures.push({ rule: 'REPORT_DUTY_REQUIRED', message: 'The plan needs a report duty with a deadline.' });
  } else {
    const start = earliest(facts.phases.map((phase) => phase.startsOn).filter(filled));
    if (start !== null && dueOn < start) {
      failures.push({ rule: 'REPORT_DEADLINE_BEFORE_START', message: `The report deadline (${dueOn}) falls before the plan starts (${start}).` });
    }
  }

  if (!(facts.recipients > 0)) {
    failures.push({ rule: 'RECIPIENT_REQUIRED', message: 'The plan needs at least one recipient.' });
  }

  return failures;
}

/** ISO dates order as strings. */
function earliest(dates: string[]): string | null {
  let first: string | null = null;
  for (const date of dates) if (first === null || date < first) first = date;
  return first;
}
