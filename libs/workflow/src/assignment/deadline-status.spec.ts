import fc from 'fast-check';
import { deadlineStatus, workingDaysBetween } from './deadline-status.js';

const date = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** The slow way: walk the calendar one day at a time. */
function countByWalking(from: string, to: string): number {
  let count = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) count += 1;
  }
  return count;
}

describe('workingDaysBetween', () => {
  it('counts Monday to Friday after the first date up to the second', () => {
    // 2026-05-08 is a Friday: the next working days are Mon 11, Tue 12, Wed 13.
    expect(workingDaysBetween('2026-05-08', '2026-05-09')).toBe(0);
    expect(workingDaysBetween('2026-05-08', '2026-05-11')).toBe(1);
    expect(workingDaysBetween('2026-05-08', '2026-05-13')).toBe(3);
    expect(workingDaysBetween('2026-05-13', '2026-05-08')).toBe(0);
  });

  it('agrees with walking the calendar', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -30, max: 400 }), (from, offset) => {
        const to = new Date(Date.parse(`${from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
        expect(workingDaysBetween(from, to)).toBe(countByWalking(from, to));
      }),
    );
  });
});

describe('deadlineStatus', () => {
  const today = '2026-05-08'; // a Friday
  const open = (state: string, dueOn: string | null) => deadlineStatus({ state, dueOn, doneOn: null }, today, 3);

  it('names the six groups', () => {
    expect(open('assigned', '2026-06-30')).toBe('not_yet_due');
    expect(open('implementing', '2026-06-30')).toBe('in_progress');
    expect(open('acknowledged', '2026-05-13')).toBe('due_soon');
    expect(open('acknowledged', '2026-05-14')).toBe('in_progress');
    expect(open('returned', '2026-05-08')).toBe('due_soon');
    expect(open('planning', '2026-05-07')).toBe('overdue');
    expect(deadlineStatus({ state: 'accepted', dueOn: '2026-05-07', doneOn: '2026-05-07' }, today, 3)).toBe('done_on_time');
    expect(deadlineStatus({ state: 'reported', dueOn: '2026-05-07', doneOn: '2026-05-08' }, today, 3)).toBe('done_late');
  });

  it('has none for waived and cancelled assignments, and no due date is never late', () => {
    expect(open('waived', '2026-05-01')).toBeNull();
    expect(open('cancelled', '2026-05-01')).toBeNull();
    expect(open('assigned', null)).toBe('not_yet_due');
    expect(open('implementing', null)).toBe('in_progress');
    expect(deadlineStatus({ state: 'accepted', dueOn: null, doneOn: '2026-05-08' }, today, 3)).toBe('done_on_time');
  });

  it('an open assignment is overdue exactly when today is past its due date', () => {
    fc.assert(
      fc.property(date, date, fc.constantFrom('assigned', 'acknowledged', 'planning', 'implementing', 'returned'), fc.nat(10), (now, due, state, n) => {
        const status = deadlineStatus({ state, dueOn: due, doneOn: null }, now, n);
        expect(status === 'overdue').toBe(now > due);
        if (status !== 'overdue') expect(status === 'due_soon').toBe(workingDaysBetween(now, due) <= n);
      }),
    );
  });
});
