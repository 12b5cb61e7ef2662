import fc from 'fast-check';
import { planCompleteness, type CompletenessRule, type PlanFacts } from './plan-completeness.js';

const complete = (): PlanFacts => ({
  purposes: ['Raise awareness of the Congress resolutions.'],
  phases: [
    { startsOn: '2015-12-29', endsOn: '2016-02-04', windowText: null },
    { startsOn: null, endsOn: null, windowText: 'after the Congress' },
  ],
  assignments: [{ assigneeInScope: true }, { assigneeInScope: true }],
  reportDuty: { dueOn: '2016-02-04' },
  recipients: 3,
});

const rules = (facts: PlanFacts) => planCompleteness(facts).map((failure) => failure.rule);

describe('planCompleteness', () => {
  it('passes a complete plan', () => {
    expect(planCompleteness(complete())).toEqual([]);
  });

  it.each<[CompletenessRule, (facts: PlanFacts) => void]>([
    ['PURPOSE_REQUIRED', (f) => (f.purposes = ['  ', ''])],
    ['PHASE_WITH_WINDOW_REQUIRED', (f) => (f.phases = [{ startsOn: null, endsOn: null, windowText: ' ' }])],
    ['ASSIGNMENT_IN_SCOPE_REQUIRED', (f) => (f.assignments = [])],
    ['ASSIGNMENT_OUT_OF_SCOPE', (f) => (f.assignments = [{ assigneeInScope: true }, { assigneeInScope: false }, { assigneeInScope: false }])],
    ['REPORT_DUTY_REQUIRED', (f) => (f.reportDuty = null)],
    ['REPORT_DUTY_REQUIRED', (f) => (f.reportDuty = { dueOn: null })],
    ['REPORT_DEADLINE_BEFORE_START', (f) => (f.reportDuty = { dueOn: '2015-12-28' })],
    ['RECIPIENT_REQUIRED', (f) => (f.recipients = 0)],
  ])('reports %s alone when only that rule breaks', (rule, breakIt) => {
    const facts = complete();
    breakIt(facts);
    const failures = planCompleteness(facts);
    expect(failures.map((f) => f.rule)).toEqual([rule]);
    expect(failures[0].message).toMatch(/^[A-Z0-9].+\.$/);
  });

  it('reports every failing rule, in order, not only the first', () => {
    expect(rules({ purposes: [], phases: [], assignments: [], reportDuty: null, recipients: 0 })).toEqual([
      'PURPOSE_REQUIRED',
      'PHASE_WITH_WINDOW_REQUIRED',
      'ASSIGNMENT_IN_SCOPE_REQUIRED',
      'REPORT_DUTY_REQUIRED',
      'RECIPIENT_REQUIRED',
    ]);
  });

  it('counts a window from a start date, an end date or a described period', () => {
    for (const phase of [
      { startsOn: '2015-12-29', endsOn: null, windowText: null },
      { startsOn: null, endsOn: '2016-08-31', windowText: null },
      { startsOn: null, endsOn: null, windowText: 'Từ tháng 11/2019 - tháng 8/2020' },
    ]) {
      expect(rules({ ...complete(), phases: [phase] })).toEqual([]);
    }
  });

  it('compares the deadline with the earliest start and passes when no phase has a start', () => {
    const phases = [
      { startsOn: '2016-01-10', endsOn: null, windowText: null },
      { startsOn: '2016-01-05', endsOn: null, windowText: null },
    ];
    expect(rules({ ...complete(), phases, reportDuty: { dueOn: '2016-01-04' } })).toEqual(['REPORT_DEADLINE_BEFORE_START']);
    expect(rules({ ...complete(), phases, reportDuty: { dueOn: '2016-01-05' } })).toEqual([]);
    expect(rules({ ...complete(), phases: [{ startsOn: null, endsOn: '2016-01-10', windowText: null }], reportDuty: { dueOn: '2000-01-01' } })).toEqual([]);
  });

  it('says how many assignments are out of scope', () => {
    const facts = { ...complete(), assignments: [{ assigneeInScope: false }, { assigneeInScope: false }] };
    expect(planCompleteness(facts)).toEqual([{ rule: 'ASSIGNMENT_OUT_OF_SCOPE', message: "2 assignments go to a unit outside the issuer's scope." }]);
  });

  describe('against an independent oracle', () => {
    const DAY = 86_400_000;
    const isoDate = fc.integer({ min: 0, max: 3_650 }).map((d) => new Date(Date.UTC(2015, 0, 1) + d * DAY).toISOString().slice(0, 10));
    const text = fc.oneof(fc.constantFrom('', ' ', '\t', 'Mục đích'), fc.string({ maxLength: 5 }));
    const facts: fc.Arbitrary<PlanFacts> = fc.record({
      purposes: fc.array(text, { maxLength: 3 }),
      phases: fc.array(
        fc.record({ startsOn: fc.option(isoDate, { nil: null }), endsOn: fc.option(isoDate, { nil: null }), windowText: fc.option(text, { nil: null }) }),
        { maxLength: 4 },
      ),
      assignments: fc.array(fc.record({ assigneeInScope: fc.boolean() }), { maxLength: 4 }),
      reportDuty: fc.option(fc.record({ dueOn: fc.option(isoDate, { nil: null }) }), { nil: null }),
      recipients: fc.nat({ max: 3 }),
    });

    /** The rules as the brief states them, one predicate each; dates compared as numbers, not strings. */
    function oracle(f: PlanFacts): Set<CompletenessRule> {
      const present = (s: string | null) => s !== null && /\S/.test(s);
      const failed = new Set<CompletenessRule>();
      if (!f.purposes.some(present)) failed.add('PURPOSE_REQUIRED');
      if (!f.phases.some((p) => p.startsOn !== null || p.endsOn !== null || present(p.windowText))) failed.add('PHASE_WITH_WINDOW_REQUIRED');
      if (f.assignments.length === 0) failed.add('ASSIGNMENT_IN_SCOPE_REQUIRED');
      if (f.assignments.some((a) => !a.assigneeInScope)) failed.add('ASSIGNMENT_OUT_OF_SCOPE');
      const due = f.reportDuty?.dueOn ?? null;
      if (due === null) failed.add('REPORT_DUTY_REQUIRED');
      const starts = f.phases.flatMap((p) => (p.startsOn === null ? [] : [Date.parse(p.startsOn)]));
      if (due !== null && starts.length > 0 && Date.parse(due) < Math.min(...starts)) failed.add('REPORT_DEADLINE_BEFORE_START');
      if (f.recipients < 1) failed.add('RECIPIENT_REQUIRED');
      return failed;
    }

    it('reports exactly the failing rules, each once', () => {
      fc.assert(
        fc.property(facts, (f) => {
          const reported = rules(f);
          expect(new Set(reported).size).toBe(reported.length);
          expect(new Set(reported)).toEqual(oracle(f));
        }),
        { numRuns: 1_000 },
      );
    });

    it('returns an empty list iff every rule holds', () => {
      fc.assert(
        fc.property(facts, (f) => {
          expect(planCompleteness(f).length === 0).toBe(oracle(f).size === 0);
        }),
        { numRuns: 1_000 },
      );
    });

    it('finds complete plans too (the generator is not vacuous)', () => {
      const completeOnes = fc.sample(facts, 2_000).filter((f) => oracle(f).size === 0);
      expect(completeOnes.length).toBeGreaterThan(0);
      for (const f of completeOnes) expect(planCompleteness(f)).toEqual([]);
    });
  });
});
