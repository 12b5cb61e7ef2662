import { fold } from './text.js';

/**
 * A calendar date as clerks write it, anywhere in a sentence: `05/3/2020`, `5/3/2020`,
 * `05-3-2020`, `05.3.2020`, `ngày 05 tháng 3 năm 2020`, `ngày 5 tháng 03 năm 2020`, split
 * over lines or with stray spaces (`16/7/20 21`, `ngày 25\ntháng 4 năm 2024`). Pure.
 */
export interface FoundDate {
  iso: string;
  /** Where it starts and ends in the text searched (so the caller can slice around it). */
  index: number;
  end: number;
  /** The year had a space inside it (`20 21`): a repair the caller may flag as uncertain. */
  repaired: boolean;
}

const S = '\\s*';
// The year may carry one stray space (20 21) but never a line break inside it.
const YEAR = '(\\d{2}[ ]?\\d{2})';
const NUMERIC = new RegExp(`(?<![\\d/.-])(\\d{1,2})${S}([/.-])${S}(\\d{1,2})${S}\\2${S}${YEAR}(?![\\d/])`, 'g');
const WORDS = new RegExp(`ngay${S}(\\d{1,2})${S}thang${S}(\\d{1,2})${S},?${S}nam${S}${YEAR}(?!\\d)`, 'g');

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The ISO date of year, month, day when it is a real day of the years documents are dated in. */
export function isoOf(y: number, m: number, d: number): string | undefined {
  if (!(y >= 1945 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m))) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Every date in the text, in order. */
export function findDates(text: string): FoundDate[] {
  const f = fold(text);
  const found: FoundDate[] = [];
  for (const m of f.matchAll(WORDS)) {
    const iso = isoOf(+m[3].replace(' ', ''), +m[2], +m[1]);
    if (iso) found.push({ iso, index: m.index, end: m.index + m[0].length, repaired: m[3].includes(' ') });
  }
  for (const m of f.matchAll(NUMERIC)) {
    if (found.some((d) => m.index >= d.index && m.index < d.end)) continue;
    const iso = isoOf(+m[4].replace(' ', ''), +m[3], +m[1]);
    if (iso) found.push({ iso, index: m.index, end: m.index + m[0].length, repaired: m[4].includes(' ') });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The first date in the text, or undefined. */
export function firstDate(text: string): FoundDate | undefined {
  return findDates(text)[0];
}
