/**
 * Numbers-and-symbols (số, ký hiệu) as printed, with their damage, normalised: `17 -KH/QU` →
 * `17-KH/QU`, `Số:15 /2014/QĐ-UBND` → `15/2014/QĐ-UBND`, `298 KH/TWĐTN` → `298-KH/TWĐTN`,
 * `34/2014/QĐ-TTG` → `34/2014/QĐ-TTg`. Pure.
 */

/** Kind codes of the state (Nghị định 30/2020/NĐ-CP) and Party (Hướng dẫn 36-HD/VPTW) rules. */
export const KIND_CODES = [
  'NQ', 'QĐ', 'QĐi', 'CT', 'KL', 'QC', 'TB', 'BC', 'KH', 'HD', 'CTr', 'PA', 'ĐA', 'CV', 'NĐ', 'TT', 'TTLT', 'TTr', 'CĐ', 'QyĐ', 'HĐ', 'TC', 'BB',
] as const;

/** Codes written with a lower-case letter, as printed in capitals (`TTG`) → as they should read. */
const MIXED: Record<string, string> = { TTG: 'TTg', QĐI: 'QĐi', CTR: 'CTr', TTR: 'TTr', QYĐ: 'QyĐ' };

const TOKEN = '[\\p{Lu}\\p{Ll}\\d&]+';
/** From a number: the separated tokens (`-`, `/`, with stray spaces), or the dash-less Party form `298 KH/TWĐTN`. */
const SYMBOL = new RegExp(`^(\\d{1,6})((?:\\s*[-/]\\s*${TOKEN})+|\\s+\\p{Lu}${TOKEN}\\s*\\/\\s*${TOKEN}(?:\\s*[-/]\\s*${TOKEN})*)`, 'u');

export interface ReadSymbol {
  numberAndSymbol: string;
  /** The kind code the symbol carries (`KH` in `17-KH/QU` and `17/KH-UBND`), if it carries one. */
  kind?: string;
  /** Characters taken from the text, from the number on. */
  length: number;
  /** The symbol had to be repaired (spaces around its dashes, a missing dash, capitals). */
  repaired: boolean;
}

const canonical = (token: string) => MIXED[token] ?? token;

/** Reads a symbol that starts at the beginning of `text` (its number first), or undefined. */
export function readSymbol(text: string): ReadSymbol | undefined {
  const m = text.match(SYMBOL);
  if (!m) return undefined;
  let tail = m[2];
  let repaired = /\s/.test(tail);
  // Party symbol printed without its dash: "298 KH/TWĐTN".
  if (/^\s+\p{Lu}/u.test(tail)) tail = `-${tail.trimStart()}`;
  const parts = tail.replace(/\s+/g, '').split(/(?=[-/])/).map((p) => {
    const token = canonical(p.slice(1));
    if (token !== p.slice(1)) repaired = true;
    return p[0] + token;
  });
  if (!parts.some((p) => /\p{L}/u.test(p))) return undefined;
  const numberAndSymbol = m[1] + parts.join('');
  return { numberAndSymbol, kind: kindOf(numberAndSymbol), length: m[0].length, repaired };
}

/** The kind code a normalised symbol carries, if any: Party `N-KIND/…`, state `N/KIND-…` or `N/YYYY/KIND-…`. */
export function kindOf(numberAndSymbol: string): string | undefined {
  const party = numberAndSymbol.match(/^\d+-([^/]+)\//);
  const state = numberAndSymbol.match(/^\d+(?:\/\d{4})?\/([^-/]+)-/);
  const code = party?.[1] ?? state?.[1];
  return code && (KIND_CODES as readonly string[]).includes(code) ? code : undefined;
}
