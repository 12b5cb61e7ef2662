import fc from 'fast-check';
import { ASSIGNMENT_STATES, AWAITING_REPORT_STATES } from '@app/workflow';
import { localDate } from '@app/core';
import { addDays, assignmentDeadline, planTimeEvent, reminderDue, reminderOffsets, reportOpensOn, type PlanDates } from './deadline-rules.js';

const day = fc.integer({ min: 0, max: 800 }).map((n) => addDays('2015-06-01', n));
const PLAN_STATES = ['draft.editing', 'draft.submitted', 'issued', 'implementing', 'reporting', 'reviewed', 'withdrawn', 'discarded'];

describe('dates', () => {
  it('are the calendar date in Vietnam', () => {
    expect(localDate(new Date('2016-02-04T16:59:59Z'))).toBe('2016-02-04');
    expect(localDate(new Date('2016-02-04T17:00:00Z'))).toBe('2016-02-05');
  });

  it('add days across months, years and leap days', () => {
    expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
    expect(addDays('2016-03-01', -1)).toBe('2016-02-29');
    expect(addDays('2015-12-31', 1)).toBe('2016-01-01');
    expect(addDays('2016-02-04', -7)).toBe('2016-01-28');
  });
});

describe('a plan\'s time events', () => {
  // The Long Biên plan 17-KH/QU: work from 29/12/2015, results reported before 04/02/2016.
  const longBien: PlanDates = { state: 'issued', startsOn: '2015-12-29', endsOn: '2016-02-04', reportDueOn: '2016-02-04' };

  it('starts the plan on its first phase\'s start date, not before', () => {
    expect(planTimeEvent(longBien, '2015-12-28', 7)).toBeNull();
    expect(planTimeEvent(longBien, '2015-12-29', 7)).toBe('START');
    expect(planTimeEvent(longBien, '2016-03-01', 7)).toBe('START');
  });

  it('opens reporting the configured number of days before the report is due', () => {
    const implementing = { ...longBien, state: 'implementing' };
    expect(reportOpensOn(implementing, 7)).toBe('2016-01-28');
    expect(planTimeEvent(implementing, '2016-01-27', 7)).toBeNull();
    expect(planTimeEvent(implementing, '2016-01-28', 7)).toBe('OPEN_REPORTING');
    expect(planTimeEvent(implementing, '2016-02-04', 0)).toBe('OPEN_REPORTING');
  });

  it('never opens reporting before the plan starts', () => {
    const short = { state: 'issued', startsOn: '2016-01-10', endsOn: null, reportDueOn: '2016-01-12' };
    expect(reportOpensOn(short, 7)).toBe('2016-01-10');
    expect(planTimeEvent(short, '2016-01-09', 7)).toBeNull();
  });

  it('without a report duty, opens reporting the day after the last dated phase ends; with no dates at all, never', () => {
    const noDuty = { state: 'implementing', startsOn: '2021-11-01', endsOn: '2022-08-31', reportDueOn: null };
    expect(planTimeEvent(noDuty, '2022-08-31', 7)).toBeNull();
    expect(planTimeEvent(noDuty, '2022-09-01', 7)).toBe('OPEN_REPORTING');
    expect(planTimeEvent({ state: 'issued', startsOn: null, endsOn: null, reportDueOn: null }, '2030-01-01', 7)).toBeNull();
  });

  it('opens reporting straight from issued when the plan has no start date', () => {
    expect(planTimeEvent({ state: 'issued', startsOn: null, endsOn: null, reportDueOn: '2016-02-04' }, '2016-02-01', 7)).toBe('OPEN_REPORTING');
  });

  it('leaves alone a plan moved by hand, a draft and a closed one', () => {
    for (const state of PLAN_STATES.filter((s) => s !== 'issued' && s !== 'implementing')) {
      expect(planTimeEvent({ ...longBien, state }, '2030-01-01', 7)).toBeNull();
    }
  });

  it('gives at most START then OPEN_REPORTING, and nothing more once both are taken', () => {
    const plan = fc.record({
      state: fc.constantFrom(...PLAN_STATES),
      startsOn: fc.option(day, { nil: null }),
      endsOn: fc.option(day, { nil: null }),
      reportDueOn: fc.option(day, { nil: null }),
    });
    fc.assert(
      fc.property(plan, day, fc.integer({ min: 0, max: 60 }), (p, today, window) => {
        const events: string[] = [];
        let state = p.state;
        for (let event = planTimeEvent({ ...p, state }, today, window); event !== null; event = planTimeEvent({ ...p, state }, today, window)) {
          events.push(event);
          state = event === 'START' ? 'implementing' : 'reporting';
          expect(events.length).toBeLessThanOrEqual(2);
        }
        expect(['', 'START', 'OPEN_REPORTING', 'START,OPEN_REPORTING']).toContain(events.join(','));
        // What is due stays due: a later day never takes an event back.
        if (events.length > 0) expect(planTimeEvent(p, addDays(today, 30), window)).not.toBeNull();
      }),
    );
  });
});

describe('reminders', () => {
  const offsets = reminderOffsets([3], [1, 3]);

  it('are days before (negative) and after the due date, ascending', () => {
    expect(offsets).toEqual([-3, 1, 3]);
    expect(reminderOffsets([0, 7, 3], [])).toEqual([-7, -3, 0]);
  });

  it('go out on their days, once each', () => {
    const due = '2016-02-04';
    const days = ['2016-01-31', '2016-02-01', '2016-02-04', '2016-02-05', '2016-02-06', '2016-02-07', '2016-02-08'];
    const sent: number[] = [];
    const log = days.map((today) => {
      const offset = reminderDue(due, today, offsets, sent);
      if (offset !== null) sent.push(offset);
      return offset;
    });
    expect(log).toEqual([null, -3, null, 1, null, 3, null]);
  });

  it('catch up a missed day but never send a burst, and none after the last one\'s day', () => {
    expect(reminderDue('2016-02-04', '2016-02-06', offsets, [])).toBe(1);
    expect(reminderDue('2016-02-04', '2016-02-07', offsets, [])).toBe(3);
    expect(reminderDue('2016-02-04', '2016-02-08', offsets, [])).toBeNull();
    expect(reminderDue('2016-02-04', '2016-02-04', reminderOffsets([3], []), [])).toBe(-3);
    expect(reminderDue('2016-02-04', '2016-02-05', reminderOffsets([3], []), [])).toBeNull();
    expect(reminderDue('2016-02-04', '2016-02-10', [], [])).toBeNull();
  });

  it('send each offset at most once, whatever days the sweeps run on', () => {
    fc.assert(
      fc.property(day, fc.uniqueArray(fc.integer({ min: -10, max: 10 }), { maxLength: 5 }), fc.array(fc.integer({ min: -15, max: 15 }), { maxLength: 30 }), (due, raw, steps) => {
        const offs = [...raw].sort((a, b) => a - b);
        const sent: number[] = [];
        const sweepDays = steps.map((s) => addDays(due, s)).sort();
        for (const today of [...sweepDays, ...sweepDays]) {
          const offset = reminderDue(due, today, offs, sent);
          if (offset === null) continue;
          expect(sent).not.toContain(offset);
          expect(offs).toContain(offset);
          expect(addDays(due, offset) <= today).toBe(true);
          sent.push(offset);
        }
      }),
    );
  });
});

describe('an assignment\'s deadline', () => {
  const offsets = reminderOffsets([3], [1, 3]);

  it('flags an assignment still owing its report the day after its due date', () => {
    expect(assignmentDeadline({ state: 'implementing', dueOn: '2016-02-04', overdue: false }, '2016-02-04', offsets, [-3])).toEqual({ markOverdue: false, remind: null });
    expect(assignmentDeadline({ state: 'implementing', dueOn: '2016-02-04', overdue: false }, '2016-02-05', offsets, [])).toEqual({ markOverdue: true, remind: 1 });
    expect(assignmentDeadline({ state: 'implementing', dueOn: '2016-02-04', overdue: true }, '2016-02-05', offsets, [1])).toEqual({ markOverdue: false, remind: null });
  });

  it.each(ASSIGNMENT_STATES)('in %s is late only while it owes its report', (state) => {
    const late = (AWAITING_REPORT_STATES as readonly string[]).includes(state);
    expect(assignmentDeadline({ state, dueOn: '2016-02-04', overdue: false }, '2016-02-05', offsets, [])).toEqual({ markOverdue: late, remind: late ? 1 : null });
  });

  it('has none without a due date', () => {
    expect(assignmentDeadline({ state: 'assigned', dueOn: null, overdue: false }, '2030-01-01', offsets, [])).toEqual({ markOverdue: false, remind: null });
  });
});
