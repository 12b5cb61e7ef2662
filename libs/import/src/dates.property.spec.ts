import fc from 'fast-check';
import { findDates, firstDate } from './dates.js';
import { parseWindow } from './date-window.js';
import { parsePlan } from './parse-plan.js';
import { readReferences } from './references.js';

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => d.toISOString().slice(0, 10);
const day = fc.date({ min: new Date('1945-09-02T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));

/** Spaces as copies leave them: none, one, several, a line break (a hard-wrapped copy), a non-breaking space. */
const gap = fc.constantFrom('', ' ', '  ', '\n', ' \n', '\u00A0');
const someGap = fc.constantFrom(' ', '  ', '\n', ' \n', '\u00A0');

/**
 * Every form clerks write a date in: 05/3/2020, 5/3/2020, 05-3-2020, 05.3.2020, with stray
 * spaces around the separators, a stray space inside the year (20 21), and in words
 * (ngày 05 tháng 3 năm 2020), in capitals, split over lines.
 */
const written = (d: Date) =>
  fc.oneof(
    fc.record({ zd: fc.boolean(), zm: fc.boolean(), sep: fc.constantFrom('/', '-', '.'), a: gap, b: gap, yearSpace: fc.boolean() }).map(({ zd, zm, sep, a, b, yearSpace }) => {
      const dd = zd ? pad(d.getUTCDate()) : String(d.getUTCDate());
      const mm = zm ? pad(d.getUTCMonth() + 1) : String(d.getUTCMonth() + 1);
      const y = String(d.getUTCFullYear());
      return `${dd}${a.replace('\n', ' ')}${sep}${b.replace('\n', ' ')}${mm}${sep}${yearSpace ? `${y.slice(0, 2)} ${y.slice(2)}` : y}`;
    }),
    fc.record({ zd: fc.boolean(), zm: fc.boolean(), g1: someGap, g2: someGap, g3: someGap, g4: someGap, g5: someGap, caps: fc.boolean() }).map(({ zd, zm, g1, g2, g3, g4, g5, caps }) => {
      const dd = zd ? pad(d.getUTCDate()) : String(d.getUTCDate());
      const mm = zm ? pad(d.getUTCMonth() + 1) : String(d.getUTCMonth() + 1);
      const s = `ngày${g1}${dd}${g2}tháng${g3}${mm}${g4}năm${g5}${d.getUTCFullYear()}`;
      return caps ? s.toUpperCase() : s;
    }),
  );

describe('dates in every clerk’s form', () => {
  it('finds the day, however it is written', () => {
    fc.assert(fc.property(day.chain((d) => fc.tuple(fc.constant(d), written(d))), ([d, text]) => {
      expect(firstDate(text)?.iso).toBe(iso(d));
    }), { numRuns: 500 });
  });

  it('finds it inside a sentence, after the words around it', () => {
    fc.assert(fc.property(day.chain((d) => fc.tuple(fc.constant(d), written(d), fc.constantFrom('Căn cứ Quyết định số 12/QĐ-UBND ', 'ban hành ', '(', 'Hà Nội, '), fc.constantFrom(' của Chính phủ', ')', ';', ''))),
      ([d, text, before, after]) => {
        const found = findDates(`${before}${text}${after}`);
        expect(found.map((f) => f.iso)).toEqual([iso(d)]);
      }), { numRuns: 300 });
  });

  it('flags a year repaired from a stray space (16/7/20 21)', () => {
    expect(firstDate('ngày 16/7/20 21 của')).toMatchObject({ iso: '2021-07-16', repaired: true });
    expect(firstDate('ngày 16/7/2021 của')).toMatchObject({ iso: '2021-07-16', repaired: false });
  });

  it('never takes what is not a day: symbols, impossible days, years out of range', () => {
    for (const text of ['10/2022/TT-BLĐTBXH', '24/2021/QĐ-TTg', '31/02/2020', '5/13/2020', '1.000 ngày', '12/3/1800', 'ngày 32 tháng 1 năm 2020', '2021 - 2025']) {
      expect(findDates(text)).toEqual([]);
    }
  });

  it('reads a reference’s date in any form, in the place-and-date line and in the basis', () => {
    fc.assert(fc.property(day.chain((d) => fc.tuple(fc.constant(d), written(d))), ([d, text]) => {
      const words = text.startsWith('ngày') || text.startsWith('NGÀY') ? text : `ngày ${text}`;
      const { references } = readReferences(`Căn cứ Nghị định số 30/2020/NĐ-CP ${words} của Chính phủ về công tác văn thư`);
      expect(references[0]).toMatchObject({ type: 'NĐ', numberAndSymbol: '30/2020/NĐ-CP', issuedOn: iso(d), issuer: 'Chính phủ' });
    }), { numRuns: 300 });
    fc.assert(fc.property(day, someGap, (d, g) => {
      const plan = parsePlan(`ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nSố: 12/KH-UBND\n\nLai Châu, ngày ${d.getUTCDate()}${g}tháng ${d.getUTCMonth() + 1} năm ${d.getUTCFullYear()}\n\nKẾ HOẠCH\nTHỰC HIỆN CHƯƠNG TRÌNH OCOP\n`);
      expect(plan).toMatchObject({ place: 'Lai Châu', issuedOn: iso(d), numberAndSymbol: '12/KH-UBND', title: 'THỰC HIỆN CHƯƠNG TRÌNH OCOP' });
    }), { numRuns: 200 });
  });

  it('reads a window of months (Từ tháng 3 đến tháng 6/2021) and phases numbered Giai đoạn, Bước, Đợt', () => {
    fc.assert(fc.property(fc.integer({ min: 1990, max: 2090 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (y, a, b) => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      const last = new Date(Date.UTC(y, to, 0)).getUTCDate();
      expect(parseWindow(`Từ tháng ${from} đến tháng ${to}/${y}`)).toEqual({ startsOn: `${y}-${pad(from)}-01`, endsOn: `${y}-${pad(to)}-${pad(last)}`, event: false });
    }));
    for (const head of ['Giai đoạn 1', 'Bước 1', 'Đợt 1']) {
      expect(parseWindow(`${head} (từ ngày 05/3/2020 đến ngày 30-6-2020)`)).toMatchObject({ startsOn: '2020-03-05', endsOn: '2020-06-30' });
    }
  });
});
