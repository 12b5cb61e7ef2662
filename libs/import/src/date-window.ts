import { fold, indexOutsideParens, stripEmphasis } from './text.js';

/**
 * Time windows as Vietnamese plans write them (*từ cuối tháng 12/2015 đến ngày 4/02/2016*,
 * *Từ tháng 11/2019 - tháng 8/2020*, *năm 2022 và các năm tiếp theo*, *hoàn thành trước ngày
 * 7/01/2016*, *đến khi bế mạc Đại hội (28/01/2016)*) → ISO dates where they are dates, and a
 * flag where a side is an event (the caller keeps the words as `windowText`).
 */
export interface DateWindow {
  startsOn?: string;
  endsOn?: string;
  /** A side of the window is an event (*sau Đại hội*), or it runs on with no end. */
  event: boolean;
}

export interface WindowContext {
  /** The year of a day or month written without one (*tháng 8*, *ngày 20/01* with no later year). */
  referenceYear?: number;
  /** What *từ nay* (from now) means: the plan's issue date, when known. */
  issuedOn?: string;
}

/** A date expression denotes a span of days: *tháng 8/2020* is 1–31 August. */
interface Span {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function validDay(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);
}

function day(y: number, m: number, d: number): Span | undefined {
  return validDay(y, m, d) ? { from: iso(y, m, d), to: iso(y, m, d) } : undefined;
}

/** Thirds of a month: *đầu tháng* 1–10, *giữa tháng* 11–20, *cuối tháng* 21–end. */
function month(y: number, m: number, part?: string): Span | undefined {
  if (!validDay(y, m, 1)) return undefined;
  const end = lastDay(y, m);
  if (part === 'dau') return { from: iso(y, m, 1), to: iso(y, m, 10) };
  if (part === 'giua') return { from: iso(y, m, 11), to: iso(y, m, 20) };
  if (part === 'cuoi') return { from: iso(y, m, 21), to: iso(y, m, end) };
  return { from: iso(y, m, 1), to: iso(y, m, end) };
}

function year(y: number, part?: string): Span | undefined {
  if (y < 1900 || y > 2200) return undefined;
  if (part === 'dau') return { from: iso(y, 1, 1), to: iso(y, 3, 31) };
  if (part === 'giua') return { from: iso(y, 4, 1), to: iso(y, 9, 30) };
  if (part === 'cuoi') return { from: iso(y, 10, 1), to: iso(y, 12, 31) };
  return { from: iso(y, 1, 1), to: iso(y, 12, 31) };
}

const S = '\\s*';
const SEP = `${S}[/.-]${S}`;
const ATOMS: { re: RegExp; span(m: RegExpMatchArray, ref?: number): Span | undefined }[] = [
  { re: new RegExp(`^(?:ngay${S})?(\\d{1,2})${SEP}(\\d{1,2})${SEP}(\\d{4})$`), span: (m) => day(+m[3], +m[2], +m[1]) },
  { re: new RegExp(`^ngay${S}(\\d{1,2})${S}thang${S}(\\d{1,2})${S}nam${S}(\\d{4})$`), span: (m) => day(+m[3], +m[2], +m[1]) },
  { re: new RegExp(`^(?:ngay${S})?(\\d{1,2})${SEP}(\\d{1,2})$`), span: (m, ref) => (ref ? day(ref, +m[2], +m[1]) : undefined) },
  { re: new RegExp(`^(?:(dau|giua|cuoi)${S})?thang${S}(\\d{1,2})(?:${SEP}|${S}nam${S})(\\d{4})$`), span: (m) => month(+m[3], +m[2], m[1]) },
  { re: new RegExp(`^(?:(dau|giua|cuoi)${S})?thang${S}(\\d{1,2})$`), span: (m, ref) => (ref ? month(ref, +m[2], m[1]) : undefined) },
  { re: new RegExp(`^(?:(dau|giua|cuoi|het)${S})?nam${S}(\\d{4})$`), span: (m) => year(+m[2], m[1] === 'het' ? undefined : m[1]) },
];

/** Words around a date that do not change it. */
const FILLER = /^(?:(?:trong|vao|ke|bat dau|tu|den|het|truoc|hoan thanh|cham nhat la|cham nhat|han|ngay)\s+)*|[\s.,;:]+$/g;

/** A folded side of a window as a span of days, or undefined when it is not a date. */
function atom(text: string, ref?: number): Span | undefined {
  const t = text.replace(FILLER, '').replace(/\s+/g, ' ').trim();
  // "ngày" is part of the date itself in "ngày 4/02/2016"; put it back when the filler took it.
  for (const candidate of [t, `ngay ${t}`]) {
    for (const a of ATOMS) {
      const m = candidate.match(a.re);
      if (m) return a.span(m, ref);
    }
  }
  return undefined;
}

const yearOf = (text: string): number | undefined => {
  const years = [...text.matchAll(/\b(1[89]\d\d|2[01]\d\d)\b/g)].map((m) => +m[1]);
  return years.length ? years[years.length - 1] : undefined;
};

/** Hides parenthesised parts (keeping the length) and returns what they say as windows. */
function parens(f: string, ctx: WindowContext): { main: string; groups: { at: number; window: DateWindow }[] } {
  const groups: { at: number; window: DateWindow }[] = [];
  const main = f.replace(/\(([^()]*)\)/g, (whole, inner: string, at: number) => {
    groups.push({ at, window: parseWindow(inner, ctx) });
    return ' '.repeat(whole.length);
  });
  return { main, groups };
}

/** Parses a window phrase; never throws. */
export function parseWindow(phrase: string, ctx: WindowContext = {}): DateWindow {
  // Terms of office (nhiệm kỳ 2021 - 2026) and the like are names, not windows.
  const f = fold(stripEmphasis(phrase))
    .replace(/(nhiem ky|giai doan|khoa)\s+\d{4}\s*[-–]\s*\d{4}/g, (m) => m.replace(/\d/g, 'x'));
  const { main, groups } = parens(f, ctx);
  const ref = ctx.referenceYear ?? yearOf(main);

  const open = main.match(/nam\s*(\d{4})\s*va\s*cac\s*nam\s*(?:tiep\s*theo|sau)/);
  if (open) {
    const span = year(+open[1]);
    return span ? { startsOn: span.from, event: true } : { event: true };
  }

  // Where the start side ends and the end side begins (positions in `main`).
  let startText: string | undefined;
  let endText: string | undefined;
  let splitAt = -1;
  const from = main.match(/(?:^|\s)(?:tu|bat dau tu|ke tu)\s/);
  if (from && from.index !== undefined) {
    const rest = from.index + from[0].length;
    // "đến" first: a dash may sit inside a name (nhiệm kỳ 2021 - 2026).
    const m = [/\s(?:den|toi)\s/g, /\s[-–—]|[-–—]\s|[-–—](?=(?:ngay|thang|nam))/g].map((to) => {
      to.lastIndex = rest;
      return to.exec(main);
    }).find((found) => found !== null);
    if (m) {
      splitAt = m.index;
      startText = main.slice(rest, m.index);
      endText = main.slice(m.index + m[0].length);
    } else {
      startText = main.slice(rest);
    }
  } else {
    const until = main.match(/(?:^|\s)(?:den|toi|truoc|hoan thanh truoc|cham nhat)\s(?!va\s)/);
    if (until && until.index !== undefined) {
      splitAt = until.index;
      startText = main.slice(0, until.index).trim() || undefined;
      endText = main.slice(until.index + until[0].length);
      // A lead-in before "đến" (Đại hội … diễn ra) is no start of its own.
      if (startText !== undefined && !atom(startText, ref)) startText = undefined;
    }
  }

  const result: DateWindow = { event: false };
  if (startText === undefined && endText === undefined) {
    const span = atom(main, ref);
    if (span) return { startsOn: span.from, endsOn: span.to, event: false };
    const inner = groups.find((g) => g.window.startsOn || g.window.endsOn)?.window;
    return { startsOn: inner?.startsOn, endsOn: inner?.endsOn, event: true };
  }

  const endSpan = endText !== undefined ? atom(endText, ref) : undefined;
  // A start with no year of its own takes the end's (ngày 20/01 đến ngày 28/01/2016).
  const startSpan = startText !== undefined ? atom(startText, endSpan ? +endSpan.to.slice(0, 4) : ref) : undefined;
  const now = startText !== undefined && /^\s*nay\s*$/.test(startText);
  if (startSpan) result.startsOn = startSpan.from;
  else if (now && ctx.issuedOn) result.startsOn = ctx.issuedOn;
  else if (startText !== undefined && startText.trim() !== '') result.event = true;
  if (endSpan) result.endsOn = endSpan.to;
  else if (endText !== undefined && endText.trim() !== '') result.event = true;

  // An event side is dated by the parenthesis written on it: (ngày 20/01/2016), (28/01/2016).
  for (const g of groups) {
    const onStart = splitAt === -1 || g.at < splitAt;
    const { startsOn, endsOn } = g.window;
    if (onStart && !result.startsOn && startText !== undefined && !startSpan) result.startsOn = startsOn ?? endsOn;
    if (!onStart && !result.endsOn && endText !== undefined && !endSpan) result.endsOn = endsOn ?? startsOn;
  }
  if (result.startsOn && result.endsOn && result.endsOn < result.startsOn) return { event: true };
  return prune(result);
}

function prune(w: DateWindow): DateWindow {
  const out: DateWindow = { event: w.event };
  if (w.startsOn) out.startsOn = w.startsOn;
  if (w.endsOn) out.endsOn = w.endsOn;
  return out;
}

const ANCHOR =
  /(?:^|[\s(])(tu|bat dau tu|ke tu|trong thoi gian|trong ngay|truoc va trong|truoc|ngay sau|sau|hoan thanh truoc|den het|trong nam|nam \d{4}|(?:dau|giua|cuoi) thang|thang \d)(?=[\s\d/])/;

/**
 * The window phrase inside a heading or sentence (*Giai đoạn từ nay đến hết năm 2024, tập
 * trung …* → *từ nay đến hết năm 2024*), in the original's words, or undefined.
 */
export function findWindow(text: string): string | undefined {
  const f = fold(text);
  const m = f.match(ANCHOR);
  if (!m || m.index === undefined) return undefined;
  const start = m.index + m[0].length - m[1].length;
  let end = text.length;
  let at = start;
  for (;;) {
    const stop = indexOutsideParens(f, ',;:', at);
    if (stop === -1) break;
    // A list of events goes on after a comma (…, Đại hội XXI Đảng bộ tỉnh).
    if (f[stop] === ',' && /^,\s*dai hoi\b/.test(f.slice(stop))) {
      at = stop + 1;
      continue;
    }
    end = stop;
    break;
  }
  const phrase = text.slice(start, end).replace(/[\s.]+$/, '').trim();
  // A date written later in parentheses belongs to the window (… lần thứ XVI (Từ tháng 11/2019 - tháng 8/2020)).
  const later = text.slice(end).match(/^[^()]*?(\([^()]*\d{4}[^()]*\))/);
  if (later && end < text.length && !/[;:]/.test(text.slice(end, end + (later.index ?? 0) + later[0].indexOf('(')))) {
    return text.slice(start, end + later[0].length).trim();
  }
  return phrase === '' ? undefined : phrase;
}
