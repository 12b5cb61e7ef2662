import fc from 'fast-check';
import { poppler } from '../../../test/support/document-readers.js';
import { STATE_PLAN } from '../../../test/support/plan-documents.js';
import { breakLines, type Word } from './line-breaker.js';
import { renderPdf } from './pdf-renderer.js';

const SPACE = 3.5;
/** Words as the layout measures them: a text without spaces (empty for a run of spaces) and a width. */
const word = fc.oneof(
  { weight: 9, arbitrary: fc.record({ text: fc.stringMatching(/^[a-zà-ỹ0-9/.,;:-]{1,12}$/), width: fc.double({ min: 1, max: 80, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.constant({ text: '', width: 0 }) },
);

/** Splits a word into single characters of equal width: what the layout does to a word wider than a line. */
const splitEvenly = (w: Word): Word[] => Array.from(w.text).map((c) => ({ text: c, width: w.width / Array.from(w.text).length }));

const lineWidth = (words: Word[]) => words.reduce((n, w) => n + w.width, 0) + SPACE * Math.max(0, words.length - 1);

describe('the greedy line breaker', () => {
  it('keeps the words whole and in order, breaks only at spaces, and fills each line as far as it goes', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 80 }), fc.double({ min: 140, max: 500, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true }), (words, width, indent) => {
        const first = width - indent;
        const { words: out, lines } = breakLines(words, SPACE, width, first);
        // Every word that fits a line is kept whole: the same non-empty words, in the same order.
        expect(out.filter((w) => w.text).map((w) => w.text)).toEqual(words.filter((w) => w.text).map((w) => w.text));
        expect(out.filter((w) => w.text)).toEqual(words.filter((w) => w.text));
        lines.forEach((line, i) => {
          const max = i === 0 ? first : width;
          const own = out.slice(line.start, line.end);
          // No line wider than its column; its width is its words and a space between each two.
          expect(line.width).toBeLessThanOrEqual(max + 1e-5);
          expect(line.width).toBeCloseTo(lineWidth(own), 6);
          // A line neither starts nor ends with spaces.
          if (own.length) {
            expect(own[0].text).not.toBe('');
            expect(own[own.length - 1].text).not.toBe('');
          }
          // Greedy: the next line's first word would not have fitted on this one (runs of spaces
          // count where they are kept, so this holds as stated for single spaces).
          const next = lines[i + 1];
          if (next && next.end > next.start && words.every((w) => w.text)) expect(line.width + SPACE + out[next.start].width).toBeGreaterThan(max);
        });
        // The lines cover the words, one after the other.
        expect(lines[0].start).toBe(0);
        for (let i = 1; i < lines.length; i++) expect(lines[i].start).toBe(lines[i - 1].end);
        expect(lines[lines.length - 1].end).toBe(out.length);
      }),
    );
  });

  it('cuts a word only when it is wider than a whole line, into pieces that fit, and loses no character', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.double({ min: 20, max: 120, noNaN: true }), (words, width) => {
        const { words: out, lines } = breakLines(words, SPACE, width, width, splitEvenly);
        expect(out.map((w) => w.text).join('')).toBe(words.map((w) => w.text).join(''));
        // No line wider than the column, but for a single character wider than it on its own.
        for (const line of lines) if (line.width > width + 1e-5) expect(line.end - line.start === 1 && Array.from(out[line.start].text).length === 1).toBe(true);
        // A word that fits is never cut.
        const cut = new Set(words.filter((w) => w.width > width).map((w) => w.text));
        for (const w of out) if (!words.includes(w)) expect([...cut].some((c) => c.includes(w.text))).toBe(true);
      }),
    );
  });

  it('an empty or blank text is one empty line', () => {
    expect(breakLines([], SPACE, 100).lines).toEqual([{ start: 0, end: 0, width: 0 }]);
    expect(breakLines([{ text: '', width: 0 }, { text: '', width: 0 }], SPACE, 100).lines).toEqual([{ start: 0, end: 0, width: 0 }]);
  });
});

/** Every word pdftotext finds on the pages, with its box (points). */
function wordBoxes(pdf: Buffer): { text: string; xMin: number; xMax: number }[] {
  const html = poppler('pdftotext', pdf, ['-bbox']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map(([, a, b, t]) => ({ text: t, xMin: Number(a), xMax: Number(b) }));
}

describe('justified body text in the rendered PDF', () => {
  const MM = 72 / 25.4;
  const LEFT = 30 * MM;
  const RIGHT = 595.28 - 15 * MM;
  /** Symbols and dates, which a breaker at "-" or "/" would split or print apart. */
  const joined = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('KH', 'CT', 'NQ', 'QĐ'), fc.constantFrom('TU', 'BTGTU', 'UBND', 'BQLKKT')).map(([n, t, o]) => `${n}-${t}/${o}`),
    fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2030 })).map(([d, m, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`),
  );
  const plain = fc.constantFrom('tuyên', 'truyền', 'đại', 'hội', 'đảng', 'bộ', 'các', 'cấp', 'triển', 'khai', 'thực', 'hiện', 'nghị', 'quyết', 'Thường', 'vụ');

  it('never splits or widens a word holding "-" or "/", and no word leaves the text column', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: joined }), { minLength: 20, maxLength: 70 }), { minLength: 2, maxLength: 4 }), async (paragraphs) => {
        const purposes = paragraphs.map((p) => `${p.join(' ')}.`);
        const pdf = await renderPdf({ ...STATE_PLAN, purposes }, { createdAt: new Date('2020-02-07T03:00:00Z') });
        const boxes = wordBoxes(pdf);
        const found = boxes.map((b) => b.text);
        for (const w of paragraphs.flat()) if (/[-/]/.test(w)) expect(found.some((f) => f.replace(/[.,;:]$/, '') === w)).toBe(true);
        // The body's words (those of the purposes) stay between the margins.
        const ours = new Set(paragraphs.flat());
        for (const b of boxes.filter((x) => ours.has(x.text.replace(/[.,;:]$/, '')))) {
          expect(b.xMin).toBeGreaterThanOrEqual(LEFT - 0.5);
          expect(b.xMax).toBeLessThanOrEqual(RIGHT + 0.5);
        }
      }),
      { numRuns: 6 },
    );
  });
});
