/** What SUBMIT's completeness rules look at, read by the caller from the database. */
export interface ReportFacts {
  /** The results achieved (*kết quả đạt được*): the one narrative section a report cannot leave out. */
  results: string | null;
  /** Whether the assignment reported on takes a report now (acknowledged, and its own plan issued when one is required). */
  assignmentReady: boolean;
}

export type ReportCompletenessRule = 'RESULTS_REQUIRED' | 'ASSIGNMENT_NOT_READY';

export interface ReportCompletenessFailure {
  rule: ReportCompletenessRule;
  message: string;
}

/** Every rule a report breaks, in a fixed order; empty when it may be submitted. */
export function reportCompleteness(facts: ReportFacts): ReportCompletenessFailure[] {
  const failures: ReportCompletenessFailure[] = [];
  if (typeof facts.results !== 'string' || facts.results.trim() === '') {
    failures.push({ rule: 'RESULTS_REQUIRED', message: 'A report states the results achieved.' });
  }
  if (facts.assignmentReady !== true) {
    failures.push({
      rule: 'ASSIGNMENT_NOT_READY',
      message: 'The assignment does not take a report yet: it is acknowledged first, and its own implementing plan issued when one is required.',
    });
  }
  return failures;
}
