import fc from 'fast-check';
import { describeWorkflowModel, type GuardOracle, type WorkflowModel } from '../core/workflow-model.testkit.js';
import type { PlanEvent, PlanEventType } from './plan.events.js';
import { planMachine, PLAN_MACHINE_VERSION } from './plan.machine.js';
import { planStateOf } from './plan-state.js';
import type { PlanState } from './plan.states.js';
import { planWorkflow } from './plan-workflow.js';
import { restorePlan } from './restore-plan.js';
import { stepPlan } from './step-plan.js';

/*
 * The specification of the current plan machine (v3), written by hand from the design card
 * and the amendment and review rules, NOT derived from the machine.
 */
const STATES: PlanState[] = [
  'draft.editing',
  'draft.submitted',
  'draft.returned',
  'issued',
  'implementing',
  'reporting',
  'reviewed',
  'withdrawn',
  'superseded',
  'discarded',
];
const EVENTS: PlanEventType[] = ['SUBMIT', 'RETURN', 'ISSUE', 'START', 'OPEN_REPORTING', 'REVIEW', 'WITHDRAW', 'DISCARD', 'SUPERSEDE', 'REGISTER'];
const FINAL: PlanState[] = ['reviewed', 'withdrawn', 'superseded', 'discarded'];
const LIVE = ['issued', 'implementing', 'reporting'];

const blank = (text: unknown) => typeof text !== 'string' || text.trim() === '';
const guard = (name: string, passes: (event: PlanEvent) => boolean): GuardOracle<PlanEvent> => ({ name, passes });

const planComplete = guard('planComplete', (e) => e.type === 'SUBMIT' && Array.isArray(e.failures) && e.failures.length === 0);
const hasComment = guard('hasComment', (e) => e.type === 'RETURN' && !blank(e.comment));
const parentsLive = guard('parentsLive', (e) => e.type === 'ISSUE' && Array.isArray(e.parentStates) && e.parentStates.every((s) => LIVE.includes(s)));
const amendedLive = guard('amendedLive', (e) => e.type === 'ISSUE' && (e.amendedState === null || LIVE.includes(e.amendedState)));
const assignmentsSettled = guard(
  'assignmentsSettled',
  (e) => e.type === 'REVIEW' && Array.isArray(e.assignmentStates) && e.assignmentStates.every((s) => s === 'accepted' || s === 'waived'),
);
const hasSummary = guard('hasSummary', (e) => e.type === 'REVIEW' && !blank(e.summary));
const hasReason = guard('hasReason', (e) => e.type === 'WITHDRAW' && !blank(e.reason));
const namesAmendment = guard('namesAmendment', (e) => e.type === 'SUPERSEDE' && !blank(e.amendmentId));

const realDay = (iso: unknown) => typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso);
const registrationRecorded = guard('registrationRecorded', (e) => {
  if (e.type !== 'REGISTER') return false;
  const numberOk = e.numberAndSymbol === null || (!blank(e.numberAndSymbol) && /^\d/.test(e.numberAndSymbol.trim()));
  const dateOk = e.issuedOn === null || (realDay(e.issuedOn) && e.issuedOn <= e.today);
  const signerOk = e.signerName === null || !blank(e.signerName);
  return numberOk && dateOk && signerOk && (e.numberAndSymbol !== null || e.issuedOn !== null || e.signerName !== null);
});

const supersede = { SUPERSEDE: { to: 'superseded' as const, guards: [namesAmendment] } };
/** A draft of a document already issued is registered as it is: to `issued`, or to `implementing` when it is under way. */
const registersImplementing = guard('registersImplementing', (e) => e.type === 'REGISTER' && e.lands === 'implementing');
const register = { REGISTER: { to: 'issued' as const, guards: [registrationRecorded], instead: [{ to: 'implementing' as const, when: registersImplementing }] } };

const TABLE: WorkflowModel<PlanState, PlanEvent>['table'] = {
  'draft.editing': { SUBMIT: { to: 'draft.submitted', guards: [planComplete] }, DISCARD: { to: 'discarded' }, ...register },
  'draft.submitted': {
    RETURN: { to: 'draft.returned', guards: [hasComment] },
    ISSUE: { to: 'issued', guards: [parentsLive, amendedLive] },
    DISCARD: { to: 'discarded' },
  },
  'draft.returned': { SUBMIT: { to: 'draft.submitted', guards: [planComplete] }, DISCARD: { to: 'discarded' } },
  issued: { START: { to: 'implementing' }, WITHDRAW: { to: 'withdrawn', guards: [hasReason] }, ...supersede },
  implementing: { OPEN_REPORTING: { to: 'reporting' }, WITHDRAW: { to: 'withdrawn', guards: [hasReason] }, ...supersede },
  reporting: { REVIEW: { to: 'reviewed', guards: [assignmentsSettled, hasSummary] }, ...supersede },
  reviewed: {},
  withdrawn: {},
  superseded: {},
  discarded: {},
};

const signature = { form: 'T/M', onBehalfOf: 'BAN THƯỜNG VỤ', title: 'PHÓ BÍ THƯ THƯỜNG TRỰC', name: 'Nguyễn Huy Thắng' };
const AMENDMENT = '5b7a1f0e-4c1d-4a8e-9d3f-2e6b8c0a1d47';

const VALID: Record<PlanEventType, PlanEvent> = {
  SUBMIT: { type: 'SUBMIT', failures: [] },
  RETURN: { type: 'RETURN', comment: 'The report deadline is missing.' },
  ISSUE: { type: 'ISSUE', parentStates: ['issued', 'implementing'], amendedState: 'reporting', signature },
  START: { type: 'START' },
  OPEN_REPORTING: { type: 'OPEN_REPORTING' },
  REVIEW: { type: 'REVIEW', summary: 'All 14 units reported on time.', assignmentStates: ['accepted', 'waived', 'accepted'] },
  WITHDRAW: { type: 'WITHDRAW', reason: 'Superseded by plan 21-KH/QU.' },
  DISCARD: { type: 'DISCARD' },
  SUPERSEDE: { type: 'SUPERSEDE', amendmentId: AMENDMENT },
  REGISTER: { type: 'REGISTER', numberAndSymbol: '17-KH/QU', issuedOn: '2015-12-29', signerName: 'Nguyễn Huy Thắng', today: '2026-12-07', lands: 'issued' },
};

const text = fc.oneof(fc.constantFrom('', ' ', '\t\n', 'ok', 'Late units: 3'), fc.string());
const anyPlanState = fc.constantFrom<string>(...STATES, 'nonsense', '');
const anyAssignmentState = fc.constantFrom<string>('assigned', 'acknowledged', 'planning', 'implementing', 'reported', 'returned', 'accepted', 'waived', 'cancelled', '');

/** Events of every type with valid, invalid and junk payloads, plus unknown types. */
const anyEvent: fc.Arbitrary<PlanEvent> = fc.oneof(
  fc.record({ type: fc.constant('SUBMIT' as const), failures: fc.oneof(fc.constant([]), fc.array(fc.constantFrom('PURPOSE_REQUIRED', 'RECIPIENT_REQUIRED'), { maxLength: 3 })) }),
  fc.record({ type: fc.constant('RETURN' as const), comment: text }),
  fc.record({
    type: fc.constant('ISSUE' as const),
    parentStates: fc.array(anyPlanState, { maxLength: 3 }),
    amendedState: fc.option(anyPlanState, { nil: null }),
    signature: fc.object(),
  }),
  fc.constant({ type: 'START' as const }),
  fc.constant({ type: 'OPEN_REPORTING' as const }),
  fc.record({ type: fc.constant('REVIEW' as const), summary: text, assignmentStates: fc.array(anyAssignmentState, { maxLength: 4 }) }),
  fc.record({ type: fc.constant('WITHDRAW' as const), reason: text }),
  fc.constant({ type: 'DISCARD' as const }),
  fc.record({ type: fc.constant('SUPERSEDE' as const), amendmentId: fc.oneof(text, fc.uuid()) }),
  fc.record({
    type: fc.constant('REGISTER' as const),
    numberAndSymbol: fc.option(fc.oneof(text, fc.constantFrom('17-KH/QU', '17/KH-BQLKKT', 'KH/QU')), { nil: null }),
    issuedOn: fc.option(fc.oneof(text, fc.constantFrom('2015-12-29', '2015-02-30', '2027-01-01', '29/12/2015')), { nil: null }),
    signerName: fc.option(text, { nil: null }),
    today: fc.constant('2026-12-07'),
    lands: fc.constantFrom('issued' as const, 'implementing' as const),
  }),
  // Malformed at run time (e.g. a payload that bypassed validation): must be refused, never thrown.
  fc
    .tuple(
      fc.constantFrom(...EVENTS),
      fc.dictionary(fc.constantFrom('failures', 'comment', 'parentStates', 'amendedState', 'summary', 'assignmentStates', 'reason', 'amendmentId', 'numberAndSymbol', 'issuedOn', 'signerName', 'lands'), fc.anything()),
    )
    .map(([type, junk]) => ({ ...junk, type }) as unknown as PlanEvent),
  fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'valueOf', 'xstate.init', '*', '')).map((type) => ({ type }) as unknown as PlanEvent),
);

describeWorkflowModel<PlanState, PlanEvent>({
  name: 'plan machine v3',
  machine: planMachine,
  workflow: planWorkflow,
  version: PLAN_MACHINE_VERSION,
  initial: 'draft.editing',
  states: STATES,
  final: FINAL,
  eventTypes: EVENTS,
  table: TABLE,
  valid: VALID,
  refused: [
    { type: 'SUBMIT', failures: ['PURPOSE_REQUIRED'] },
    { type: 'ISSUE', parentStates: ['withdrawn'], amendedState: null, signature },
    { type: 'ISSUE', parentStates: [], amendedState: 'superseded', signature },
    { type: 'REVIEW', summary: 'Done.', assignmentStates: ['accepted', 'reported'] },
    { type: 'SUPERSEDE', amendmentId: ' ' },
    { type: 'REGISTER', numberAndSymbol: null, issuedOn: null, signerName: null, today: '2026-12-07', lands: 'issued' },
    { type: 'REGISTER', numberAndSymbol: '17-KH/QU', issuedOn: '2027-01-01', signerName: null, today: '2026-12-07', lands: 'issued' },
  ],
  anyEvent,
  stateOf: planStateOf,
});

describe('plan machine v3', () => {
  it('is the current version, served by stepPlan and restorePlan', () => {
    expect(PLAN_MACHINE_VERSION).toBe(3);
    expect(stepPlan('reporting', VALID.REVIEW)).toEqual({ ok: true, from: 'reporting', to: 'reviewed', version: 3 });
    expect(restorePlan('superseded').machine).toBe(planMachine);
    expect(restorePlan('superseded').status).toBe('done');
  });

  describe('REVIEW: every tracked assignment settled (assignmentsSettled), then a summary (hasSummary)', () => {
    const review = (assignmentStates: unknown, summary = 'Hoàn thành tốt') => stepPlan('reporting', { type: 'REVIEW', summary, assignmentStates } as PlanEvent);

    it.each([[['reported']], [['accepted', 'returned']], [['waived', 'assigned', 'accepted']], [['cancelled']], [['ACCEPTED']]])(
      'refuses while an assignment is in %j',
      (states) => {
        expect(review(states)).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'reporting', guard: 'assignmentsSettled' });
      },
    );

    it.each([[[]], [['accepted']], [['waived']], [['accepted', 'waived', 'accepted']]])('reviews when the assignments are %j', (states) => {
      expect(review(states)).toEqual({ ok: true, from: 'reporting', to: 'reviewed', version: PLAN_MACHINE_VERSION });
    });

    it('names open work before a missing summary, and the summary once the work is settled', () => {
      expect(review(['reported'], ' ')).toMatchObject({ guard: 'assignmentsSettled' });
      expect(review(['accepted'], ' ')).toMatchObject({ guard: 'hasSummary' });
    });

    it.each([[undefined], [null], ['accepted'], [{ 0: 'accepted' }]])('refuses a malformed list %j instead of throwing', (states) => {
      expect(review(states)).toMatchObject({ ok: false, guard: 'assignmentsSettled' });
    });

    it('reviews exactly when every state is accepted or waived and the summary is not blank (property)', () => {
      fc.assert(
        fc.property(fc.array(anyAssignmentState, { maxLength: 6 }), text, (states, summary) => {
          const settled = states.every((s) => s === 'accepted' || s === 'waived');
          const result = review(states, summary);
          expect(result.ok).toBe(settled && summary.trim() !== '');
          if (!result.ok) expect(result).toMatchObject({ guard: settled ? 'hasSummary' : 'assignmentsSettled' });
        }),
        { numRuns: 1_000 },
      );
    });
  });

  describe('ISSUE: live parents (parentsLive), and for an amendment a live amended plan (amendedLive)', () => {
    const issue = (parentStates: string[], amendedState: string | null) => stepPlan('draft.submitted', { type: 'ISSUE', parentStates, amendedState, signature });

    it.each(['issued', 'implementing', 'reporting'])('issues an amendment of a plan in %s', (amended) => {
      expect(issue(['issued'], amended)).toEqual({ ok: true, from: 'draft.submitted', to: 'issued', version: PLAN_MACHINE_VERSION });
    });

    it.each(['superseded', 'withdrawn', 'reviewed', 'draft.submitted', 'discarded'])('refuses an amendment of a plan in %s', (amended) => {
      expect(issue([], amended)).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'draft.submitted', guard: 'amendedLive' });
    });

    it('names a dead parent first', () => {
      expect(issue(['withdrawn'], 'superseded')).toMatchObject({ guard: 'parentsLive' });
      expect(stepPlan('draft.submitted', { type: 'ISSUE', parentStates: [], signature } as unknown as PlanEvent)).toMatchObject({ guard: 'amendedLive' });
    });
  });

  describe('SUPERSEDE', () => {
    it.each(['issued', 'implementing', 'reporting'] as const)('supersedes a plan in %s', (from) => {
      expect(stepPlan(from, VALID.SUPERSEDE)).toEqual({ ok: true, from, to: 'superseded', version: PLAN_MACHINE_VERSION });
    });

    it.each(['draft.editing', 'draft.submitted', 'draft.returned', 'reviewed', 'withdrawn', 'discarded', 'superseded'] as const)('is not accepted in %s', (from) => {
      expect(stepPlan(from, VALID.SUPERSEDE)).toMatchObject({ ok: false, reason: 'EVENT_NOT_ALLOWED', state: from });
    });

    it.each(['', '  ', undefined])('needs the amendment named, not %j (namesAmendment)', (amendmentId) => {
      expect(stepPlan('issued', { type: 'SUPERSEDE', amendmentId } as PlanEvent)).toEqual({ ok: false, reason: 'GUARD_FAILED', state: 'issued', guard: 'namesAmendment' });
    });
  });
});

describe('REGISTER: a document already issued, registered as printed', () => {
  const printed = { type: 'REGISTER' as const, numberAndSymbol: '17-KH/QU', issuedOn: '2015-12-29', signerName: 'Nguyễn Huy Thắng', today: '2026-12-07' };

  it('lands in issued, or in implementing when it is already being carried out, from a draft being edited only', () => {
    expect(stepPlan('draft.editing', { ...printed, lands: 'issued' })).toMatchObject({ ok: true, to: 'issued' });
    expect(stepPlan('draft.editing', { ...printed, lands: 'implementing' })).toMatchObject({ ok: true, to: 'implementing' });
    // Submitted for signature, it is issued (or returned), not registered behind the secretary's back.
    for (const from of ['draft.submitted', 'draft.returned'] as const) {
      expect(stepPlan(from, { ...printed, lands: 'issued' })).toMatchObject({ ok: false, reason: 'EVENT_NOT_ALLOWED' });
    }
  });

  it('is refused once the plan is issued, and for a date after today or not a day', () => {
    expect(stepPlan('issued', { ...printed, lands: 'issued' })).toMatchObject({ ok: false, reason: 'EVENT_NOT_ALLOWED' });
    expect(stepPlan('draft.editing', { ...printed, issuedOn: '2026-12-08', lands: 'issued' })).toMatchObject({ ok: false, reason: 'GUARD_FAILED', guard: 'registrationRecorded' });
    expect(stepPlan('draft.editing', { ...printed, issuedOn: '2015-02-30', lands: 'issued' })).toMatchObject({ ok: false, reason: 'GUARD_FAILED' });
  });

  it('takes a copy that prints only some of number, date and signer, never none', () => {
    expect(stepPlan('draft.editing', { ...printed, issuedOn: null, lands: 'issued' })).toMatchObject({ ok: true, to: 'issued' });
    expect(stepPlan('draft.editing', { ...printed, numberAndSymbol: null, issuedOn: null, lands: 'issued' })).toMatchObject({ ok: true, to: 'issued' });
    expect(stepPlan('draft.editing', { ...printed, numberAndSymbol: null, issuedOn: null, signerName: null, lands: 'issued' })).toMatchObject({ ok: false });
  });

  it('upgrades a draft stored on v2 before registering it', () => {
    expect(planWorkflow.step('draft.editing', { ...printed, lands: 'issued' }, 2)).toMatchObject({ ok: true, to: 'issued', version: 3 });
  });
});
