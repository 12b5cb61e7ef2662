import { AWAITING_REPORT_STATES, awaitsReport } from './assignment-deadline.js';
import type { AssignmentEvent } from './assignment.events.js';
import { ASSIGNMENT_STATES, OPEN_ASSIGNMENT_STATES, type AssignmentState } from './assignment.states.js';
import { assignmentWorkflow } from './assignment-workflow.js';

/** Events that may follow a state on the way to a report, with payloads that pass every guard. */
const FORWARD: AssignmentEvent[] = [
  { type: 'ACKNOWLEDGE' },
  { type: 'CHILD_DRAFTED', requiresOwnPlan: true },
  { type: 'CHILD_ISSUED' },
  { type: 'REPORT_SUBMITTED', requiresOwnPlan: true },
  { type: 'REPORT_SUBMITTED', requiresOwnPlan: false },
];

/** Whether a report can still be submitted from `state`, by the machine's own moves. */
function canStillReport(state: AssignmentState): boolean {
  const seen = new Set<string>([state]);
  const queue: string[] = [state];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const event of FORWARD) {
      const result = assignmentWorkflow.step(current, event);
      if (!result.ok) continue;
      if (event.type === 'REPORT_SUBMITTED') return true;
      if (!seen.has(result.to)) {
        seen.add(result.to);
        queue.push(result.to);
      }
    }
  }
  return false;
}

describe('assignments awaiting their report', () => {
  it('are the open states except reported', () => {
    expect([...AWAITING_REPORT_STATES]).toEqual(['assigned', 'acknowledged', 'planning', 'implementing', 'returned']);
    expect(AWAITING_REPORT_STATES).toEqual(OPEN_ASSIGNMENT_STATES.filter((s) => s !== 'reported'));
  });

  it.each(ASSIGNMENT_STATES)('%s awaits a report exactly when the machine can still take one from it', (state) => {
    expect(awaitsReport(state)).toBe(canStillReport(state));
  });

  it('knows no other names', () => {
    for (const name of ['overdue', 'draft.editing', '', 'REPORTED']) expect(awaitsReport(name)).toBe(false);
    expect(Object.isFrozen(AWAITING_REPORT_STATES)).toBe(true);
  });
});
