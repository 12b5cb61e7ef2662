/**
 * Text helpers for Vietnamese documents. `fold` keeps every string's length, so a match
 * found in the folded text slices the original at the same indices.
 */

/** NFC, one kind of space and line break, no BOM: the form every other helper expects. */
export function normalise(text: string): string {
  // A scraper that stored line breaks as the four characters \r\n (seen on legal-document sites).
  const escaped = text.match(/\\r\\n|\\n/g)?.length ?? 0;
  if (escaped >= 3) text = text.replace(/\\r\\n|\\n/g, '\n');
  return text
    .replace(/^\uFEFF/, '')
    // Icelandic eth (Ð, U+00D0) typed for Đ by old Vietnamese fonts.
    .replace(/\u00D0/g, 'Đ')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2000-\u200B\u202F\u3000\t]/g, ' ');
}

/** Lower case without diacritics (đ → d), one UTF-16 unit for one: `Quận uỷ` and `quan uy` fold alike. */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === 'đ' || ch === 'Đ') out += 'd';
    else if (ch.charCodeAt(0) < 0x80) out += ch.toLowerCase();
    else {
      const base = ch.normalize('NFD')[0].toLowerCase();
      out += base.length === 1 ? base : ch;
    }
  }
  return out;
}

/** Markdown emphasis a web copy leaves behind (`**từ … đến …**`, `*trong đó …*`), removed. */
export function stripEmphasis(text: string): string {
  // Up to three: Word's bold italic (Nơi nhận:) reads as ***…***.
  return text.replace(/\*{1,3}([^*\n]+?)\*{1,3}/g, '$1');
}

/** Runs of spaces to one, trimmed. */
export function squash(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}

/** A paragraph's own words: emphasis removed, spaces squashed. */
export function clean(text: string): string {
  return squash(stripEmphasis(text));
}

/** Splits prose into sentences at a full stop followed by a capital letter. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?](?:\*{1,2})?)\s+(?=\*{0,2}\p{Lu})/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Index of the first of `chars` in `text` from `from` that is not inside parentheses, or -1. */
export function indexOutsideParens(text: string, chars: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && chars.includes(ch)) return i;
  }
  return -1;
}
