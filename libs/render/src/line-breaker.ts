/**
 * The greedy line breaker of the PDF layout: words are kept whole and lines are broken at
 * spaces only, so "02-KH/BTGTU" or "29/12/2015" are never split or widened apart (a justified
 * line widens the spaces between words, nothing else). Only a word wider than a whole line is
 * cut, between characters, as a last resort.
 */

/** A word and its width at the line's font and size; `text` holds no space. */
export interface Word {
  text: string;
  width: number;
}

/** A line: words [start, end) of the paragraph, and its natural width (a space between words). */
export interface BrokenLine {
  start: number;
  end: number;
  width: number;
}

/**
 * Breaks `words` into lines no wider than `width` (the first line `firstWidth`), filling each
 * line as far as it goes. Empty words (runs of spaces) are kept inside a line and dropped where
 * a line starts. A word wider than a line is cut by `split` into pieces that fit (it returns
 * the pieces, each narrower than the width it is given, or the word whole when one character is
 * already too wide); the returned array then holds those pieces in its place.
 */
export function breakLines(words: Word[], space: number, width: number, firstWidth = width, split?: (word: Word, width: number) => Word[]): { words: Word[]; lines: BrokenLine[] } {
  const out: Word[] = [];
  const lines: BrokenLine[] = [];
  let start = 0;
  let lineWidth = 0;
  let max = firstWidth;
  // A tolerance for the rounding of summed widths.
  const EPS = 1e-6;
  const close = () => {
    lines.push({ start, end: out.length, width: lineWidth });
    start = out.length;
    lineWidth = 0;
    max = width;
  };
  for (const word of words) {
    if (out.length > start) {
      const wider = lineWidth + space + word.width;
      if (wider <= max + EPS) {
        out.push(word);
        lineWidth = wider;
        continue;
      }
      // Trailing empty words (spaces before the break) go with the break.
      while (out.length > start && out[out.length - 1].text === '') {
        out.pop();
        lineWidth -= space;
      }
      close();
    }
    // At the start of a line: no space before the word; empty words are dropped.
    if (word.text === '') continue;
    if (word.width > max + EPS && split) {
      const pieces = split(word, max);
      for (let i = 0; i < pieces.length; i++) {
        if (i > 0) close();
        out.push(pieces[i]);
        lineWidth = pieces[i].width;
      }
      continue;
    }
    out.push(word);
    lineWidth = word.width;
  }
  while (out.length > start && out[out.length - 1].text === '') {
    out.pop();
    lineWidth -= space;
  }
  if (out.length > start || lines.length === 0) lines.push({ start, end: out.length, width: lineWidth });
  return { words: out, lines };
}
