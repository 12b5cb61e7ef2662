import fc from 'fast-check';
import { describeWorkflowModel, type GuardOracle, type Move } from '../core/workflow-model.testkit.js';
import type { AssignmentEvent, AssignmentEventType } from './assignment.events.js';
import { assignmentStateOf } from './assignment-state.js';
import type { AssignmentState } from './assignment.states.js';
import { assignmentMachineV1 } from './assignment-v1.machine.js';
import { assignmentMachineV2 } from './assignment-v2.machine.js';
import { createAssignmentWorkflow } from './assignment-workflow.js';

/*
 * Version 2 of the assignment machine, pinned: assignments persisted on it must keep reading
 * the same. The specification, written by hand from the brief and the withdrawal and
 * amendment rules, NOT derived from the machine. The current version has its own suite
 * (assignment.machine.spec.ts).
 */
const assignmentMachine = assignmentMachineV2;
const ASSIGNMENT_MACHINE_VERSION = 2;
const assignmentWorkflow = createAssignmentWorkflow([
  { version: 1, machine: assignmentMachineV1 },
  { version: 2, machine: assignmentMachineV2, upgradeFrom: (state) => state },
]);
const STATES: AssignmentState[] = ['assigned', 'acknowledged', 'planning', 'implementing', 'reported', 'returned', 'accepted', 'waived', 'cancelled'];
const OPEN = ['assigned', 'acknowledged', 'planning', 'implementing', 'reported', 'returned'] as const;
const FINAL: AssignmentState[] = ['accepted', 'waived', 'cancelled'];
const EVENTS: AssignmentEventType[] = [
  'ACKNOWLEDGE',
  'CHILD_DRAFTED',
  'CHILD_DISCARDED',
  'CHILD_ISSUED',
  'REPORT_SUBMITTED',
  'REPORT_ACCEPTED',
  'REPORT_RETURNED',
  'WAIVE',
  'EXTEND',
  'PARENT_WITHDRAWN',
  'PARENT_AMENDED',
  'DROPPED_BY_AMENDMENT',
];

const blank = (text: unknown) => typeof text !== 'string' || text.trim() === '';
/** Oracle for a calendar date, independent of the guard's arithmetic: a UTC round trip through Date. Year 0000 is no date. */
function calendarDate(text: unknown): boolean {
  if (typeof text !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) || text.startsWith('0000')) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
const guard = (name: string, passes: (event: AssignmentEvent) => boolean): GuardOracle<AssignmentEvent> => ({ name, passes });
const ownPlanRequired = guard('ownPlanRequired', (e) => e.type === 'CHILD_DRAFTED' && e.requiresOwnPlan === true);
const noOwnPlanRequired = guard('noOwnPlanRequired', (e) => e.type === 'REPORT_SUBMITTED' && e.requiresOwnPlan === false);
const hasReason = guard('hasReason', (e) => e.type === 'WAIVE' && !blank(e.reason));
const validExtension = guard('validExtension', (e) => e.type === 'EXTEND' && !blank(e.reason) && calendarDate(e.dueOn));

type Row = Partial<Record<AssignmentEventType, Move<AssignmentState, AssignmentEvent>>>;
/** What every open state has besides its own moves. */
const open = (self: AssignmentState): Row => ({
  WAIVE: { to: 'waived', guards: [hasReason] },
  EXTEND: { to: self, guards: [validExtension] },
  PARENT_WITHDRAWN: { to: 'cancelled' },
  PARENT_AMENDED: { to: self },
  DROPPED_BY_AMENDMENT: { to: 'cancelled' },
});

const TABLE: Record<AssignmentState, Row> = {
  assigned: { ACKNOWLEDGE: { to: 'acknowledged' }, ...open('assigned') },
  acknowledged: {
    CHILD_DRAFTED: { to: 'planning', guards: [ownPlanRequired] },
    REPORT_SUBMITTED: { to: 'reported', guards: [noOwnPlanRequired] },
    ...open('acknowledged'),
  },
  planning: { CHILD_DISCARDED: { to: 'acknowledged' }, CHILD_ISSUED: { to: 'implementing' }, ...open('planning') },
  implementing: { REPORT_SUBMITTED: { to: 'reported' }, ...open('implementing') },
  reported: { REPORT_ACCEPTED: { to: 'accepted' }, REPORT_RETURNED: { to: 'returned' }, ...open('reported') },
  returned: { REPORT_SUBMITTED: { to: 'reported' }, ...open('returned') },
  accepted: {},
  waived: {},
  cancelled: {},
};

const VALID: Record<string, AssignmentEvent> = {
  ACKNOWLEDGE: { type: 'ACKNOWLEDGE' },
  CHILD_DRAFTED: { type: 'CHILD_DRAFTED', requiresOwnPlan: true },
  CHILD_DISCARDED: { type: 'CHILD_DISCARDED' },
  CHILD_ISSUED: { type: 'CHILD_ISSUED' },
  REPORT_SUBMITTED: { type: 'REPORT_SUBMITTED', requiresOwnPlan: false },
  REPORT_ACCEPTED: { type: 'REPORT_ACCEPTED' },
  REPORT_RETURNED: { type: 'REPORT_RETURNED' },
  WAIVE: { type: 'WAIVE', reason: 'The unit was merged into Ban Tuyên giáo và Dân vận.' },
  EXTEND: { type: 'EXTEND', dueOn: '2016-02-29', reason: 'Tết holiday.' },
  PARENT_WITHDRAWN: { type: 'PARENT_WITHDRAWN' },
  PARENT_AMENDED: { type: 'PARENT_AMENDED' },
  DROPPED_BY_AMENDMENT: { type: 'DROPPED_BY_AMENDMENT' },
};

const text = fc.oneof(fc.constantFrom('', ' ', 'ok', 'Tết'), fc.string({ maxLength: 4 }));
const date = fc.oneof(fc.constantFrom('2016-02-29', '2015-02-29', '2016-13-01', '0000-01-01', ''), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
const anyEvent: fc.Arbitrary<AssignmentEvent> = fc.oneof(
  fc.constantFrom<AssignmentEvent>(...EVENTS.map((type) => VALID[type])),
  fc.record({ type: fc.constant('CHILD_DRAFTED' as const), requiresOwnPlan: fc.boolean() }),
  fc.record({ type: fc.constant('REPORT_SUBMITTED' as const), requiresOwnPlan: fc.boolean() }),
  fc.record({ type: fc.constant('WAIVE' as const), reason: text }),
  fc.record({ type: fc.constant('EXTEND' as const), dueOn: date, reason: text }),
  // Malformed at run time: refused, never thrown.
  fc.tuple(fc.constantFrom(...EVENTS), fc.dictionary(fc.constantFrom('requiresOwnPlan', 'reason', 'dueOn'), fc.anything())).map(
    ([type, junk]) => ({ ...junk, type }) as unknown as AssignmentEvent,
  ),
  fc.oneof(fc.string(), fc.constantFrom('OVERDUE', '__proto__', 'toString', 'xstate.init', '')).map((type) => ({ type }) as unknown as AssignmentEvent),
);

describeWorkflowModel<AssignmentState, AssignmentEvent>({
  name: 'assignment machine v2',
  machine: assignmentMachine,
  workflow: assignmentWorkflow,
  version: ASSIGNMENT_MACHINE_VERSION,
  initial: 'assigned',
  states: STATES,
  final: FINAL,
  eventTypes: EVENTS,
  table: TABLE,
  valid: VALID,
  refused: [
    { type: 'CHILD_DRAFTED', requiresOwnPlan: false },
    { type: 'REPORT_SUBMITTED', requiresOwnPlan: true },
    { type: 'WAIVE', reason: ' ' },
    { type: 'EXTEND', dueOn: '2016-02-30', reason: 'Tết holiday.' },
  ],
  anyEvent,
  stateOf: assignmentStateOf,
});

describe('assignment machine v2', () => {
  it.each(OPEN)('cancels an assignment in %s when its plan is withdrawn, or amended without its unit', (state) => {
    expect(assignmentWorkflow.step(state, { type: 'PARENT_WITHDRAWN' })).toEqual({ ok: true, from: state, to: 'cancelled', version: 2 });
    expect(assignmentWorkflow.step(state, { type: 'DROPPED_BY_AMENDMENT' })).toEqual({ ok: true, from: state, to: 'cancelled', version: 2 });
  });

  it.each(OPEN)('records a carry-over in %s as a self-transition: the state goes on under the amendment', (state) => {
    expect(assignmentWorkflow.step(state, { type: 'PARENT_AMENDED' })).toEqual({ ok: true, from: state, to: state, version: 2 });
  });

  it.each(FINAL)('leaves a %s assignment where it is whatever happens to its plan', (state) => {
    for (const type of ['PARENT_WITHDRAWN', 'PARENT_AMENDED', 'DROPPED_BY_AMENDMENT'] as const) {
      expect(assignmentWorkflow.step(state, { type })).toEqual({ ok: false, reason: 'EVENT_NOT_ALLOWED', state, allowed: [] });
    }
  });

  it.each(STATES.filter((s) => s !== 'cancelled'))('upgrades a v1 %s to v2 under the same name', (state) => {
    expect(assignmentWorkflow.restore(state, 1).value).toBe(state);
    expect(assignmentWorkflow.step(state, { type: 'PARENT_WITHDRAWN' }, 1)).toEqual(assignmentWorkflow.step(state, { type: 'PARENT_WITHDRAWN' }, 2));
  });

  it('treats cancelled stored on v1 as corrupt: v1 never had it', () => {
    expect(() => assignmentWorkflow.step('cancelled', { type: 'ACKNOWLEDGE' }, 1)).toThrow(/"cancelled" does not exist in assignment machine v1/);
  });
});
