import fc from 'fast-check';
import { parseWindow } from './date-window.js';
import { fold } from './text.js';

const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (d: Date) => d.toISOString().slice(0, 10);
const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));
const twoDays = fc.tuple(day, day).map(([a, b]): readonly [Date, Date] => (a <= b ? [a, b] : [b, a]));

/** How the seeds write a date: 4/02/2016, 04/02/2016, 4 / 2 / 2016, 4-02-2016. */
const written = (d: Date) =>
  fc.record({ zeroDay: fc.boolean(), zeroMonth: fc.boolean(), sep: fc.constantFrom('/', ' / ', '-', '.') }).map(({ zeroDay, zeroMonth, sep }) => {
    const dd = zeroDay ? pad(d.getUTCDate()) : String(d.getUTCDate());
    const mm = zeroMonth ? pad(d.getUTCMonth() + 1) : String(d.getUTCMonth() + 1);
    return `${dd}${sep}${mm}${sep}${d.getUTCFullYear()}`;
  });

/** The same words as the seeds' inconsistent copies write them: casing, spacing, accents lost. */
const styled = (phrase: string) =>
  fc.record({ upper: fc.boolean(), folded: fc.boolean(), spaces: fc.constantFrom(' ', '  ') }).map(({ upper, folded, spaces }) => {
    let s = phrase.replace(/ /g, spaces);
    if (folded) s = fold(s);
    return upper ? s.toUpperCase() : s;
  });

const lastOfMonth = (y: number, m: number) => isoOf(new Date(Date.UTC(y, m, 0)));

describe('parseWindow properties', () => {
  it('reads "từ ngày A đến ngày B" as A and B, however it is written', () => {
    fc.assert(
      fc.property(
        twoDays.chain(([a, b]) => fc.tuple(fc.constant([a, b] as const), written(a), written(b), fc.constantFrom('từ ngày', 'Từ ngày', 'từ'), fc.constantFrom('đến ngày', 'đến', '-'))),
        ([[a, b], wa, wb, from, to]) => {
          const phrase = `${from} ${wa} ${to} ${wb}`;
          expect(parseWindow(phrase)).toEqual({ startsOn: isoOf(a), endsOn: isoOf(b), event: false });
        },
      ),
    );
  });

  it('reads a window of months from the first of the first month to the last of the last', () => {
    fc.assert(
      fc.property(
        twoDays.chain(([a, b]) => fc.tuple(fc.constant([a, b] as const), styled(`Từ tháng ${a.getUTCMonth() + 1}/${a.getUTCFullYear()} - tháng ${b.getUTCMonth() + 1}/${b.getUTCFullYear()}`))),
        ([[a, b], phrase]) => {
          expect(parseWindow(phrase)).toEqual({
            startsOn: `${a.getUTCFullYear()}-${pad(a.getUTCMonth() + 1)}-01`,
            endsOn: lastOfMonth(b.getUTCFullYear(), b.getUTCMonth() + 1),
            event: false,
          });
        },
      ),
    );
  });

  it('reads a deadline as an end with no start', () => {
    fc.assert(
      fc.property(day.chain((d) => fc.tuple(fc.constant(d), written(d), fc.constantFrom('hoàn thành trước ngày', 'trước ngày', 'đến ngày', 'đến hết ngày'))), ([d, w, lead]) => {
        expect(parseWindow(`${lead} ${w}`)).toEqual({ endsOn: isoOf(d), event: false });
      }),
    );
  });

  it('reads an open-ended year as a start and an event', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }).chain((y) => fc.tuple(fc.constant(y), styled(`năm ${y} và các năm tiếp theo`))), ([y, phrase]) => {
        expect(parseWindow(phrase)).toEqual({ startsOn: `${y}-01-01`, event: true });
      }),
    );
  });

  it('dates an event side by the date in its parenthesis', () => {
    fc.assert(
      fc.property(twoDays.chain(([a, b]) => fc.tuple(fc.constant([a, b] as const), written(a), written(b))), ([[a, b], wa, wb]) => {
        expect(parseWindow(`từ ngày ${wa} đến khi bế mạc Đại hội (${wb})`)).toEqual({ startsOn: isoOf(a), endsOn: isoOf(b), event: true });
      }),
    );
  });

  it('never throws, and what it returns are real dates in order', () => {
    const piece = fc.constantFrom('từ', 'đến', 'ngày', 'tháng', 'năm', 'cuối', 'đầu', '-', '/', '(', ')', 'Đại hội', 'và các năm tiếp theo', 'trước', 'sau', 'hết', ' ');
    const text = fc.oneof(fc.string(), fc.array(fc.oneof(piece, fc.integer({ min: 0, max: 3000 }).map(String)), { maxLength: 12 }).map((p) => p.join(' ')));
    fc.assert(
      fc.property(text, (phrase) => {
        const w = parseWindow(phrase);
        for (const d of [w.startsOn, w.endsOn]) {
          if (d !== undefined) expect(isoOf(new Date(`${d}T00:00:00Z`))).toBe(d);
        }
        if (w.startsOn && w.endsOn) expect(w.startsOn <= w.endsOn).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
