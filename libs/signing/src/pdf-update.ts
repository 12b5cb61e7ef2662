/**
 * Just enough PDF (ISO 32000-1 §7.2–7.5) to append a signature to the files our renderer
 * writes: pdfkit's classic cross-reference table, one trailer, plain object dictionaries. The
 * file is read where the trailer points (catalog, page tree, first page), never parsed whole,
 * and what is appended is one incremental update (§7.5.6): the original bytes stay a prefix.
 * Anything outside that shape (a cross-reference stream, an encrypted file, a form already
 * there) is refused with an UnsupportedPdfError rather than half-handled.
 */

export class UnsupportedPdfError extends Error {
  constructor(reason: string) {
    super(`Cannot sign this PDF with the incremental writer: ${reason}`);
    this.name = 'UnsupportedPdfError';
  }
}

interface Span {
  start: number;
  end: number;
}
interface Ref {
  num: number;
  gen: number;
}
interface XrefEntry {
  offset: number;
  gen: number;
}

const isWhite = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number): boolean => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** A reader of PDF syntax over the file's bytes: positions in, positions out, nothing copied. */
class Lexer {
  constructor(private readonly b: Buffer) {}

  /** Past whitespace and comments. */
  skip(p: number): number {
    const b = this.b;
    while (p < b.length) {
      const c = b[p];
      if (isWhite(c)) p++;
      else if (c === 0x25) while (p < b.length && b[p] !== 0x0a && b[p] !== 0x0d) p++;
      else break;
    }
    return p;
  }

  /** The end of the regular-character token at p (a number, a keyword). */
  private token(p: number): number {
    const b = this.b;
    while (p < b.length && !isWhite(b[p]) && !isDelimiter(b[p])) p++;
    return p;
  }

  /** The span of the object at p (after whitespace): a reference `n g R` counts as one. */
  value(from: number): Span {
    const b = this.b;
    const start = this.skip(from);
    const c = b[start];
    if (start >= b.length) throw new UnsupportedPdfError('unexpected end of file');
    if (c === 0x3c && b[start + 1] === 0x3c) return { start, end: this.dictionary(start).end };
    if (c === 0x3c) {
      const end = b.indexOf(0x3e, start);
      if (end < 0) throw new UnsupportedPdfError('unterminated hex string');
      return { start, end: end + 1 };
    }
    if (c === 0x28) return { start, end: this.literal(start) };
    if (c === 0x5b) {
      let p = start + 1;
      for (;;) {
        p = this.skip(p);
        if (p >= b.length) throw new UnsupportedPdfError('unterminated array');
        if (b[p] === 0x5d) return { start, end: p + 1 };
        p = this.value(p).end;
      }
    }
    if (c === 0x2f) return { start, end: this.token(start + 1) };
    if (isDelimiter(c)) throw new UnsupportedPdfError(`unexpected '${String.fromCharCode(c)}' at ${start}`);
    const end = this.token(start);
    // `n g R`: two unsigned integers and the keyword R.
    if (isAllDigits(b, start, end)) {
      const genStart = this.skip(end);
      const genEnd = this.token(genStart);
      if (genEnd > genStart && isAllDigits(b, genStart, genEnd)) {
        const r = this.skip(genEnd);
        if (b[r] === 0x52 && (r + 1 >= b.length || isWhite(b[r + 1]) || isDelimiter(b[r + 1]))) return { start, end: r + 1 };
      }
    }
    if (end === start) throw new UnsupportedPdfError(`unexpected byte at ${start}`);
    return { start, end };
  }

  private literal(start: number): number {
    const b = this.b;
    let depth = 0;
    for (let p = start; p < b.length; p++) {
      const c = b[p];
      if (c === 0x5c) p++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return p + 1;
    }
    throw new UnsupportedPdfError('unterminated string');
  }

  /** A dictionary's entries by key (without the slash), each the span of its value. */
  dictionary(start: number): { entries: Map<string, Span>; end: number } {
    const b = this.b;
    if (b[start] !== 0x3c || b[start + 1] !== 0x3c) throw new UnsupportedPdfError(`expected a dictionary at ${start}`);
    const entries = new Map<string, Span>();
    let p = start + 2;
    for (;;) {
      p = this.skip(p);
      if (p >= b.length) throw new UnsupportedPdfError('unterminated dictionary');
      if (b[p] === 0x3e && b[p + 1] === 0x3e) return { entries, end: p + 2 };
      if (b[p] !== 0x2f) throw new UnsupportedPdfError(`expected a name in a dictionary at ${p}`);
      const keyEnd = this.token(p + 1);
      const key = b.toString('latin1', p + 1, keyEnd);
      const value = this.value(keyEnd);
      entries.set(key, value);
      p = value.end;
    }
  }

  text(span: Span): string {
    return this.b.toString('latin1', span.start, span.end);
  }

  /** The items of the array whose span is given. */
  arrayItems(span: Span): Span[] {
    const items: Span[] = [];
    let p = span.start + 1;
    for (;;) {
      p = this.skip(p);
      if (p >= span.end - 1) return items;
      const item = this.value(p);
      items.push(item);
      p = item.end;
    }
  }
}

function isAllDigits(b: Buffer, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let p = start; p < end; p++) if (!isDigit(b[p])) return false;
  return true;
}

const REF = /^(\d+)\s+(\d+)\s+R$/;
function asRef(text: string | undefined, what: string): Ref {
  const m = text === undefined ? null : REF.exec(text);
  if (!m) throw new UnsupportedPdfError(`${what} is not an indirect reference`);
  return { num: Number(m[1]), gen: Number(m[2]) };
}

/** A PDF opened for an incremental update: its cross-reference chain and trailer read, nothing else. */
export class PdfForUpdate {
  private readonly lex: Lexer;
  /** Newest entry of each object over the whole /Prev chain (offset -1: free). */
  private readonly xref = new Map<number, XrefEntry>();
  readonly startxref: number;
  readonly size: number;
  readonly root: Ref;
  /** The raw /Info and /ID of the last trailer, carried into the new one. */
  readonly info?: string;
  readonly id?: string;

  constructor(readonly bytes: Buffer) {
    this.lex = new Lexer(bytes);
    if (bytes.toString('latin1', 0, 5) !== '%PDF-') throw new UnsupportedPdfError('no %PDF- header');
    const tail = bytes.toString('latin1', Math.max(0, bytes.length - 1024));
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!m) throw new UnsupportedPdfError('no startxref … %%EOF at the end of the file');
    this.startxref = Number(m[1]);
    let trailer = this.readSection(this.startxref);
    const last = trailer;
    const seen = new Set<number>([this.startxref]);
    for (let prev = last.get('Prev'); prev; prev = trailer.get('Prev')) {
      const offset = Number(this.lex.text(prev));
      if (!Number.isSafeInteger(offset) || seen.has(offset)) throw new UnsupportedPdfError('a /Prev chain that loops or is not a number');
      seen.add(offset);
      trailer = this.readSection(offset);
    }
    if (last.has('Encrypt')) throw new UnsupportedPdfError('the file is encrypted');
    this.size = Number(this.lex.text(last.get('Size') ?? { start: 0, end: 0 }));
    if (!Number.isSafeInteger(this.size) || this.size <= 0) throw new UnsupportedPdfError('the trailer has no /Size');
    this.root = asRef(last.has('Root') ? this.lex.text(last.get('Root')!) : undefined, 'the trailer /Root');
    this.info = last.has('Info') ? this.lex.text(last.get('Info')!) : undefined;
    this.id = last.has('ID') ? this.lex.text(last.get('ID')!) : undefined;
  }

  /** One classic cross-reference section (§7.5.4) and its trailer; entries already known stay (newer wins). */
  private readSection(offset: number): Map<string, Span> {
    const b = this.bytes;
    if (offset >= b.length || b.toString('latin1', offset, offset + 4) !== 'xref') {
      throw new UnsupportedPdfError(`no classic cross-reference table at ${offset} (a cross-reference stream?)`);
    }
    const lex = this.lex;
    let p = offset + 4;
    for (;;) {
      p = lex.skip(p);
      if (b.toString('latin1', p, p + 7) === 'trailer') break;
      const first = lex.value(p);
      const count = lex.value(first.end);
      const start = Number(lex.text(first));
      const n = Number(lex.text(count));
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(n)) throw new UnsupportedPdfError(`a damaged cross-reference subsection at ${p}`);
      p = count.end;
      for (let i = 0; i < n; i++) {
        p = lex.skip(p);
        // nnnnnnnnnn ggggg n|f: 18 characters and a two-character end of line.
        const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(b.toString('latin1', p, p + 18));
        if (!entry) throw new UnsupportedPdfError(`a damaged cross-reference entry at ${p}`);
        // A newer section's entry, in use or free, hides an older one's.
        if (!this.xref.has(start + i)) this.xref.set(start + i, { offset: entry[3] === 'n' ? Number(entry[1]) : -1, gen: Number(entry[2]) });
        p += 18;
      }
    }
    const { entries } = lex.dictionary(lex.skip(p + 7));
    if (entries.has('XRefStm')) throw new UnsupportedPdfError('a hybrid cross-reference (/XRefStm)');
    return entries;
  }

  /** The value of indirect object `ref`, which must be a dictionary or an array (no stream). */
  object(ref: Ref): { span: Span; entries?: Map<string, Span> } {
    const at = this.xref.get(ref.num);
    if (!at || at.offset < 0 || at.gen !== ref.gen) throw new UnsupportedPdfError(`object ${ref.num} ${ref.gen} is not in the cross-reference table`);
    const head = /^(\d+)\s+(\d+)\s+obj/.exec(this.bytes.toString('latin1', at.offset, at.offset + 32));
    if (!head || Number(head[1]) !== ref.num || Number(head[2]) !== ref.gen) throw new UnsupportedPdfError(`object ${ref.num} ${ref.gen} is not where the table says`);
    const span = this.lex.value(at.offset + head[0].length);
    const after = this.lex.skip(span.end);
    if (this.bytes.toString('latin1', after, after + 6) !== 'endobj') throw new UnsupportedPdfError(`object ${ref.num} ${ref.gen} is a stream or is not closed`);
    return { span, entries: this.bytes[span.start] === 0x3c ? this.lex.dictionary(span.start).entries : undefined };
  }

  text(span: Span): string {
    return this.lex.text(span);
  }

  ref(span: Span | undefined, what: string): Ref {
    return asRef(span && this.text(span), what);
  }

  items(span: Span): Span[] {
    if (this.bytes[span.start] !== 0x5b) throw new UnsupportedPdfError('expected an array');
    return this.lex.arrayItems(span);
  }

  /** The first page of the page tree (§7.7.3): down the first kid of each /Pages node. */
  firstPage(): Ref {
    const catalog = this.object(this.root).entries;
    if (!catalog) throw new UnsupportedPdfError('the catalog is not a dictionary');
    let node = this.ref(catalog.get('Pages'), 'the catalog /Pages');
    for (let depth = 0; depth < 32; depth++) {
      const dict = this.object(node).entries;
      if (!dict) throw new UnsupportedPdfError('a page tree node is not a dictionary');
      const type = dict.get('Type') && this.text(dict.get('Type')!);
      if (type === '/Page') return node;
      const kids = dict.get('Kids');
      const first = kids && this.items(kids)[0];
      if (type !== '/Pages' || !first) throw new UnsupportedPdfError('a page tree without a first page');
      node = this.ref(first, 'a /Kids entry');
    }
    throw new UnsupportedPdfError('a page tree deeper than 32 levels');
  }
}
