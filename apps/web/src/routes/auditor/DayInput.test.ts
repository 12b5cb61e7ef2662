import { describe, expect, it } from 'vitest';
import { parseDay } from './DayInput';
import { dayStart } from './search';

describe('parseDay', () => {
  it('reads dd/MM/yyyy, with or without leading zeros', () => {
    expect(parseDay('03/12/2026')).toBe('2026-12-03');
    expect(parseDay(' 3/2/2026 ')).toBe('2026-02-03');
  });

  it('refuses what is not a real day', () => {
    expect(parseDay('31/02/2026')).toBeNull();
    expect(parseDay('2026-12-03')).toBeNull();
    expect(parseDay('12/13/2026')).toBeNull();
  });
});

describe('dayStart', () => {
  it('is midnight in Vietnam (UTC+7), and the next day for an inclusive end', () => {
    expect(dayStart('2026-12-03')).toBe('2026-12-02T17:00:00.000Z');
    expect(dayStart('2026-12-31', 1)).toBe('2026-12-31T17:00:00.000Z');
  });
});
