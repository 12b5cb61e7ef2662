import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { documentView, glyphAdvance, shapedRun } from './font-cache.js';
import { fontDirectory, FONT_FILES } from './fonts.js';
import { embeddable, loadImage } from './image-cache.js';
import { breakLines, type Word } from './line-breaker.js';
import { Block, Line, numberLineAround, PlanOutline, planOutline } from './outline.js';
import type { PlanDocument } from './plan-document.js';
import { upper } from './vietnamese.js';
import { WARM_UP_PLAN } from './warm-up.js';

/*
 * The layout of this one document form, written straight to pdfkit: a general layout engine
 * (pdfmake) spent most of a render resolving styles and measuring pieces of text the form never
 * varies. Every line here is of one font and size; words are measured once per document and
 * font (their glyphs from the thread's shaped-run cache), lines are broken greedily at spaces,
 * and each line is one text operator (`TJ`), a justified line's spaces widened inside it.
 * Coordinates are pdfkit's: points from the page's top left corner, y downwards.
 */

const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
/** A4 with the margins of decree 30/2020/NĐ-CP: top and bottom 20 mm, left 30 mm, right 15 mm. */
const LEFT = 30 * MM;
const RIGHT = 15 * MM;
const TOP = 20 * MM;
const BOTTOM = PAGE_HEIGHT - 20 * MM;
const CONTENT_WIDTH = PAGE_WIDTH - LEFT - RIGHT;
/** The issuing-body block's width: the national heading must fit on one line beside it. */
const ISSUER_WIDTH = CONTENT_WIDTH * 0.4;
const COLUMN_GAP = 4;
const INDENT = 10 * MM;
const LINE_HEIGHT = 1.1;
const BODY_SIZE = 14;
/** The signature block's column: what the recipients' column (48 %) leaves. */
const RECIPIENTS_WIDTH = CONTENT_WIDTH * 0.48;
const SIGNATURE_COLUMN = CONTENT_WIDTH - RECIPIENTS_WIDTH;
/** The room between the title and the signer's name, where the signature goes. */
const SIGNATURE_ROOM = 64;
const DRAFT_RED = '0.753 0 0';

/** Regular, bold, italic, bold italic: the order of FONT_FILES. */
type Face = 0 | 1 | 2 | 3;
const FACE_FILES = [FONT_FILES.normal, FONT_FILES.bold, FONT_FILES.italics, FONT_FILES.bolditalics];
const face = (bold?: boolean, italic?: boolean): Face => ((bold ? 1 : 0) + (italic ? 2 : 0)) as Face;

/**
 * Each font file is parsed once per thread: decoding its tables (cmap, hmtx, GSUB, GPOS…)
 * again for every document was about half of a render's CPU.
 */
const parsed = new Map<string, Font>();

function parsedFont(file: string): Font {
  let font = parsed.get(file);
  if (!font) {
    font = create(readFileSync(join(fontDirectory(), file))) as Font;
    parsed.set(file, font);
  }
  return font;
}

/** pdfkit's embedded font, as far as this layout uses it (internals absent from @types/pdfkit). */
interface EmbeddedFont {
  id: string;
  ascender: number;
  descender: number;
  /** 1000 / units per em. */
  scale: number;
  subset: { includeGlyph(id: number): number };
  /** By subset glyph id: what embed() writes as /W and the ToUnicode map. */
  widths: (number | undefined)[];
  unicode: (readonly number[] | undefined)[];
  ref(): unknown;
}

interface DocInternals {
  _font: EmbeddedFont | null;
  page: { fonts: Record<string, unknown>; content: unknown; dictionary: { data: { Contents: unknown } } };
  addContent(data: string): void;
  ref(data: object): { compress: boolean; end(chunk: string): void };
}

/** A number as a content stream writes it: two decimals at most, no "-0". */
function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return r === 0 ? '0' : String(r);
}

/** A word in one font: its text operand (glyphs, with the kerning between them) and its width at 1000 units per em. */
export interface Encoded {
  tj: string;
  width: number;
}

/**
 * A word as every document writes it, but for its glyphs' ids in the document's subset: the
 * glyph runs (ids) and the numbers between them (kerning; a glyph off its place, moved there and
 * back), its width at 1000 units per em, and the shaping's glyph look-ups, which a document
 * replays to give each glyph the code points of its first use there (its ToUnicode entry), as
 * pdfkit's own encoding through the font view does.
 */
interface SharedWord {
  parts: (number[] | string)[];
  width: number;
  calls: readonly (readonly [number, readonly number[]])[];
}

/** Words kept per face and thread: a few documents' worth; emptied when full. */
const MAX_WORDS = 20_000;
const sharedWords: Map<string, SharedWord>[] = [new Map(), new Map(), new Map(), new Map()];

function sharedWord(which: Face, text: string): SharedWord {
  const cache = sharedWords[which];
  let word = cache.get(text);
  if (word) return word;
  const font = parsedFont(FACE_FILES[which]);
  const scale = 1000 / font.unitsPerEm;
  const run = shapedRun(font, text);
  const parts: (number[] | string)[] = [];
  let ids: number[] = [];
  let width = 0;
  for (let i = 0; i < run.ids.length; i++) {
    const p = run.positions[i];
    const advance = p.xAdvance * scale;
    const kern = advance - glyphAdvance(font, run.ids[i]) * scale;
    width += advance;
    if (p.xOffset) {
      const offset = p.xOffset * scale;
      if (ids.length) parts.push(ids);
      parts.push(num(-offset), [run.ids[i]], num(offset - kern));
      ids = [];
      continue;
    }
    ids.push(run.ids[i]);
    if (kern !== 0) {
      parts.push(ids, num(-kern));
      ids = [];
    }
  }
  if (ids.length) parts.push(ids);
  word = { parts, width, calls: run.calls };
  if (cache.size >= MAX_WORDS) cache.clear();
  cache.set(text, word);
  return word;
}

/** One of the four faces in one document: pdfkit's font (created on first use) and the words encoded so far. */
class FaceInDocument {
  private font?: EmbeddedFont;
  private readonly words = new Map<string, Encoded>();
  /** Per glyph id: its hex code in this document's subset. */
  private readonly hex = new Map<number, string>();
  /** Per glyph id: the code points of its first look-up in this document. */
  private readonly codePoints = new Map<number, readonly number[]>();
  private spaceGlyph?: Encoded;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly which: Face,
  ) {}

  get pdf(): EmbeddedFont {
    if (!this.font) {
      const doc = this.doc as unknown as DocInternals;
      const previous = doc._font;
      this.doc.font(documentView(parsedFont(FACE_FILES[this.which])) as unknown as string);
      this.font = doc._font!;
      doc._font = previous;
      // pdfkit's font looked glyph 0 up, with no code points.
      this.codePoints.set(0, []);
    }
    return this.font;
  }

  get space(): Encoded {
    return (this.spaceGlyph ??= this.encode(' '));
  }

  /** Ascender and line height in points at `size`, as pdfkit and pdfmake measure them. */
  ascent(size: number): number {
    return (this.pdf.ascender / 1000) * size;
  }

  lineHeight(size: number): number {
    return ((this.pdf.ascender - this.pdf.descender) / 1000) * size * LINE_HEIGHT;
  }

  encode(text: string): Encoded {
    let word = this.words.get(text);
    if (word) return word;
    const shared = sharedWord(this.which, text);
    const font = this.pdf;
    for (const [id, codePoints] of shared.calls) if (!this.codePoints.has(id)) this.codePoints.set(id, codePoints);
    let tj = '';
    for (const part of shared.parts) {
      if (tj) tj += ' ';
      if (typeof part === 'string') {
        tj += part;
        continue;
      }
      tj += '<';
      for (const id of part) {
        let hex = this.hex.get(id);
        if (hex === undefined) {
          // As pdfkit's EmbeddedFont.encode records a glyph: in the subset, with its width and code points.
          const gid = font.subset.includeGlyph(id);
          hex = gid.toString(16).padStart(4, '0');
          this.hex.set(id, hex);
          font.widths[gid] ??= glyphAdvance(parsedFont(FACE_FILES[this.which]), id) * font.scale;
          font.unicode[gid] ??= this.codePoints.get(id) ?? [];
        }
        tj += hex;
      }
      tj += '>';
    }
    word = { tj, width: shared.width };
    this.words.set(text, word);
    return word;
  }
}

/** A line of text ready to write: its words' operands, its face and size, and its natural width in points. */
interface TextLine {
  face: Face;
  size: number;
  words: Encoded[];
  width: number;
}

/** A page being written: its text (one BT … ET) and its graphics (rules), flushed to pdfkit at the end. */
interface PageOut {
  text: string[];
  graphics: string[];
  font?: string;
  color?: string;
  images: (() => void)[];
}

class Layout {
  readonly faces: FaceInDocument[];
  private page!: PageOut;
  private pageNumber = 0;
  y = TOP;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly draftMark: string | null,
  ) {
    this.faces = [0, 1, 2, 3].map((f) => new FaceInDocument(doc, f as Face));
    this.newPage();
  }

  /** The words of `text` measured in a face and size: split at spaces only, runs of spaces kept as empty words. */
  words(text: string, f: Face, size: number): Word[] {
    const face = this.faces[f];
    // Line breaks and tabs in a name or title are spaces here.
    return text.replace(/[\t\n\v\f\r]/g, ' ').split(' ').map((w) => ({ text: w, width: w ? (face.encode(w).width * size) / 1000 : 0 }));
  }

  /** Lines of `text` no wider than `width` (the first `firstWidth`). */
  lines(text: string, f: Face, size: number, width: number, firstWidth = width): TextLine[] {
    const face = this.faces[f];
    const space = (face.space.width * size) / 1000;
    const split = (word: Word, max: number): Word[] => this.splitWord(word.text, f, size, max);
    const broken = breakLines(this.words(text, f, size), space, width, firstWidth, split);
    return broken.lines.map((l) => ({
      face: f,
      size,
      words: broken.words.slice(l.start, l.end).map((w) => (w.text ? face.encode(w.text) : EMPTY)),
      width: l.width,
    }));
  }

  /** A word wider than a whole line, cut between characters into pieces that fit. */
  private splitWord(text: string, f: Face, size: number, max: number): Word[] {
    const chars = Array.from(text);
    const pieces: Word[] = [];
    let piece = '';
    const width = (t: string) => (this.faces[f].encode(t).width * size) / 1000;
    for (const c of chars) {
      if (piece && width(piece + c) > max) {
        pieces.push({ text: piece, width: width(piece) });
        piece = '';
      }
      piece += c;
    }
    if (piece) pieces.push({ text: piece, width: width(piece) });
    return pieces;
  }

  newPage(): void {
    if (this.page) this.flush();
    this.doc.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    this.pageNumber++;
    this.page = { text: [], graphics: [], images: [] };
    this.y = TOP;
    // Page numbers from the second page on, centred in the top margin; a draft says so on every page.
    const headerY = 20;
    if (this.pageNumber > 1) {
      const [line] = this.lines(String(this.pageNumber), 0, 13, 40);
      this.text(line, LEFT + (CONTENT_WIDTH - 40) / 2 + (40 - line.width) / 2, headerY);
    }
    if (this.draftMark) {
      const [line] = this.lines(this.draftMark, 1, 12, (CONTENT_WIDTH - 40) / 2);
      this.text(line, LEFT + CONTENT_WIDTH - line.width, headerY, DRAFT_RED);
    }
  }

  /** Room for `height` more points on this page, or a new page. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM + 1e-6 && this.y > TOP) this.newPage();
  }

  /** Writes a line with its top at `top`; `justify` widens its spaces to fill `justify` points. */
  text(line: TextLine, x: number, top: number, color = '0 0 0', justify?: number): void {
    if (line.words.length === 0) return;
    const face = this.faces[line.face];
    const page = this.page;
    const id = face.pdf.id;
    const fontOp = `/${id} ${num(line.size)} Tf`;
    if (page.font !== fontOp) {
      page.text.push(fontOp);
      page.font = fontOp;
      (this.doc as unknown as DocInternals).page.fonts[id] ??= face.pdf.ref();
    }
    if (page.color !== color) {
      page.text.push(`${color} rg`);
      page.color = color;
    }
    const gaps = line.words.length - 1;
    const extra = justify !== undefined && gaps > 0 ? Math.max(0, (justify - line.width) / gaps) : 0;
    const space = face.space.tj;
    const widen = extra ? ` ${num((-extra * 1000) / line.size)} ` : ' ';
    let tj = '[';
    for (let i = 0; i < line.words.length; i++) {
      if (i > 0) tj += space + widen;
      tj += line.words[i].tj;
    }
    page.text.push(`1 0 0 -1 ${num(x)} ${num(top + face.ascent(line.size))} Tm`, `${tj}] TJ`);
  }

  /** A line of `text` centred in a column; returns its height. */
  centred(textLines: TextLine[], x: number, width: number, underline = false): number {
    let y = this.y;
    for (const line of textLines) {
      const face = this.faces[line.face];
      const left = x + (width - line.width) / 2;
      this.text(line, left, y);
      const height = face.lineHeight(line.size);
      if (underline) {
        // As pdfmake drew it: below the baseline by 45 % of the line's descent, 0.5 pt and more for larger sizes.
        const ascent = face.ascent(line.size);
        const thickness = 0.5 + Math.floor(Math.max(line.size - 8, 0) / 2) * 0.12;
        const at = y + ascent + (height - ascent) * 0.45;
        this.rect(left, at - thickness / 2, line.width, thickness);
      }
      y += height;
    }
    return y - this.y;
  }

  rect(x: number, y: number, w: number, h: number): void {
    this.page.graphics.push(`${num(x)} ${num(y)} ${num(w)} ${num(h)} re f`);
  }

  rule(x1: number, x2: number, y: number, width: number): void {
    this.page.graphics.push(`${num(width)} w ${num(x1)} ${num(y)} m ${num(x2)} ${num(y)} l S`);
  }

  image(draw: () => void): void {
    this.page.images.push(draw);
  }

  private flush(): void {
    const page = this.page;
    const out: string[] = [];
    if (page.graphics.length) out.push('q 0 0 0 RG', ...page.graphics, 'Q');
    if (page.text.length) out.push('BT', ...page.text, 'ET');
    if (out.length) (this.doc as unknown as DocInternals).addContent(out.join('\n'));
    for (const draw of page.images) draw();
    if (this.draftMark) this.watermark(this.draftMark);
  }

  /** The draft mark across the page, bold, red at 12 % opacity, as large as the page takes along its diagonal. */
  private watermark(mark: string): void {
    const face = this.faces[1];
    const width1000 = face.encode(mark).width;
    const height1000 = face.pdf.ascender - face.pdf.descender;
    const angle = (Math.atan2(PAGE_HEIGHT, PAGE_WIDTH) * -180) / Math.PI;
    const rad = (angle * Math.PI) / -180;
    // pdfmake's search for the largest size whose rotated box fits the page.
    let a = 0;
    let b = 1000;
    let c = (a + b) / 2;
    while (Math.abs(a - b) > 1) {
      const w = (width1000 * c) / 1000;
      const h = (height1000 * c) / 1000;
      const rw = Math.abs(h * Math.sin(rad)) + Math.abs(w * Math.cos(rad));
      const rh = Math.abs(w * Math.sin(rad)) + Math.abs(h * Math.cos(rad));
      if (rw > PAGE_WIDTH || (rw < PAGE_WIDTH && rh > PAGE_HEIGHT)) b = c;
      else if (rw < PAGE_WIDTH) a = c;
      c = (a + b) / 2;
    }
    const size = c;
    const [line] = this.lines(mark, 1, size, Infinity);
    const doc = this.doc;
    doc.save();
    doc.fillOpacity(0.12);
    doc.rotate(angle, { origin: [PAGE_WIDTH / 2, PAGE_HEIGHT / 2] });
    this.page = { text: [], graphics: [], images: [] };
    this.text(line, PAGE_WIDTH / 2 - line.width / 2, PAGE_HEIGHT / 2 - (height1000 * size) / 2000, DRAFT_RED);
    (doc as unknown as DocInternals).addContent(['BT', ...this.page.text, 'ET'].join('\n'));
    doc.restore();
  }

  end(): void {
    this.flush();
  }
}

const EMPTY: Encoded = { tj: '', width: 0 };

/** Lines of header and footer blocks, centred or not, each broken to the column's width. */
function blockLines(layout: Layout, lines: Line[], width: number): { lines: TextLine[]; source: Line }[] {
  return lines.map((l) => ({ lines: layout.lines(l.text, face(l.bold, l.italic), l.size ?? BODY_SIZE, width), source: l }));
}

/** A column of centred lines at the cursor, with the short rule under a line that asks for it; returns its height. */
function centredColumn(layout: Layout, lines: Line[], x: number, width: number): number {
  const top = layout.y;
  for (const { lines: textLines, source } of blockLines(layout, lines, width)) {
    const face = layout.faces[lineFace(source)];
    const height = textLines.length ? layout.centred(textLines, x, width, source.underline) : face.lineHeight(source.size ?? BODY_SIZE);
    layout.y += height;
    if (source.ruleBelow) {
      const rule = ISSUER_WIDTH * 0.3;
      layout.rule(x + (width - rule) / 2, x + (width + rule) / 2, layout.y + 2, 0.6);
      layout.y += 2.3 + 2;
    }
  }
  const height = layout.y - top;
  layout.y = top;
  return height;
}

const lineFace = (l: Line): Face => face(l.bold, l.italic);

/** Two blocks side by side: the issuer's at left, the heading at right, centred in their columns. */
function sideBySide(layout: Layout, left: Line[], right: Line[]): void {
  const a = centredColumn(layout, left, LEFT, ISSUER_WIDTH);
  const b = centredColumn(layout, right, LEFT + ISSUER_WIDTH + COLUMN_GAP, CONTENT_WIDTH - ISSUER_WIDTH - COLUMN_GAP);
  layout.y += Math.max(a, b);
}

const heading = (b: Block) => b.level === 'section' || (b.bold === true && b.level !== 'paragraph');

/** Justified lines, the first indented, 6 pt after; the last line of a paragraph is not widened. */
function paragraph(layout: Layout, text: string, f: Face, size: number, indent: number, after: number): void {
  const lines = layout.lines(text.trim().replace(/\s+/g, ' '), f, size, CONTENT_WIDTH, CONTENT_WIDTH - indent);
  const height = layout.faces[f].lineHeight(size);
  lines.forEach((line, i) => {
    layout.ensure(height);
    const x = LEFT + (i === 0 ? indent : 0);
    layout.text(line, x, layout.y, undefined, i < lines.length - 1 ? CONTENT_WIDTH - (i === 0 ? indent : 0) : undefined);
    layout.y += height;
  });
  layout.y += after;
}

/** The height of a body block's lines with the space after it. */
function blockHeight(layout: Layout, b: Block, firstLineOnly = false): number {
  const f = face(b.bold);
  const height = layout.faces[f].lineHeight(BODY_SIZE);
  if (firstLineOnly) return height;
  return layout.lines(blockText(b), f, BODY_SIZE, CONTENT_WIDTH, CONTENT_WIDTH - INDENT).length * height + 6;
}

const blockText = (b: Block) => (b.label ? `${b.label} ${b.text}` : b.text).trim().replace(/\s+/g, ' ');

/**
 * The appearance of Decree 30/2020, Appendix I (Part I, §II.7–8): the signature image centred
 * in the room between the title and the name, and the seal at its actual size over about the
 * left third of it. Placed relative to the room (x from the signature column's left, y from the
 * room's top), so the text keeps its place with or without them.
 */
function appearance(s: NonNullable<PlanDocument['signature']>): { signature?: { x: number; y: number; fit: [number, number] }; seal?: { x: number; y: number; width: number } } {
  const sigWidth = s.signatureImage ? Math.min(s.signatureImage.widthMm * MM, SIGNATURE_COLUMN * 0.8) : SIGNATURE_COLUMN * 0.4;
  const sigLeft = (SIGNATURE_COLUMN - sigWidth) / 2;
  const out: ReturnType<typeof appearance> = {};
  if (s.signatureImage) out.signature = { x: sigLeft, y: 4, fit: [sigWidth, SIGNATURE_ROOM] };
  if (s.seal) {
    const seal = s.seal.widthMm * MM;
    // Its right edge a third of the way into the signature; its centre level with the room's.
    out.seal = { x: sigLeft + sigWidth / 3 - seal, y: 4 + SIGNATURE_ROOM / 2 - seal / 2, width: seal };
  }
  return out;
}

/** Draws a PNG (decoded once per thread, image-cache.ts) fitted in a box or at a width. */
function drawImage(doc: PDFKit.PDFDocument, png: string, x: number, y: number, size: { fit?: [number, number]; width?: number }): void {
  const image = embeddable(doc, png);
  let width: number;
  let height: number;
  if (size.fit) {
    const [fw, fh] = size.fit;
    const factor = image.width / image.height > fw / fh ? fw / image.width : fh / image.height;
    width = image.width * factor;
    height = image.height * factor;
  } else {
    width = size.width!;
    height = (image.height * width) / image.width;
  }
  doc.image(image as unknown as string, x, y, { width, height });
}

function layOut(layout: Layout, outline: PlanOutline, doc: PlanDocument, slotted: boolean): Omit<NumberSlot, 'offset'> | undefined {
  sideBySide(layout, outline.issuerBlock, outline.headingBlock);
  // The number and the date on one line, whatever the blocks above them hold.
  layout.y += 6;
  let slot: Omit<NumberSlot, 'offset'> | undefined;
  if (slotted) {
    slot = numberSlot(layout, outline.numberLine, doc);
    const b = centredColumn(layout, [outline.dateLine], LEFT + ISSUER_WIDTH + COLUMN_GAP, CONTENT_WIDTH - ISSUER_WIDTH - COLUMN_GAP);
    layout.y += Math.max(layout.faces[lineFace(outline.numberLine)].lineHeight(outline.numberLine.size ?? BODY_SIZE), b);
  } else {
    sideBySide(layout, [outline.numberLine], [outline.dateLine]);
  }
  layout.y += 24;
  layout.y += layout.centred(layout.lines(outline.typeLine, 1, 15, CONTENT_WIDTH), LEFT, CONTENT_WIDTH);
  layout.y += 2;
  const side = CONTENT_WIDTH * 0.08;
  layout.y += layout.centred(layout.lines(outline.subject, 1, BODY_SIZE, CONTENT_WIDTH - 2 * side), LEFT + side, CONTENT_WIDTH - 2 * side);
  if (doc.style === 'state') {
    layout.rule(LEFT + CONTENT_WIDTH * 0.38, LEFT + CONTENT_WIDTH * 0.62, layout.y + 4, 0.6);
    layout.y += 4.3;
  } else {
    layout.y += layout.centred(layout.lines('-----', 0, BODY_SIZE, CONTENT_WIDTH), LEFT, CONTENT_WIDTH);
  }
  layout.y += 14;

  const body = outline.body;
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (heading(b)) {
      // A heading left last on its page (only headings of the body after it there) moves to the next.
      let need = 0;
      let j = i;
      for (; j < body.length && heading(body[j]); j++) need += blockHeight(layout, body[j]);
      if (j < body.length) need += blockHeight(layout, body[j], true);
      layout.ensure(need);
    }
    paragraph(layout, blockText(b), face(b.bold), BODY_SIZE, INDENT, 6);
  }

  if (outline.footnotes.length) {
    // The footnotes and the rule above them stay together on one page.
    const f10 = layout.faces[0].lineHeight(10);
    const lines = outline.footnotes.map((f) => layout.lines(f.trim().replace(/\s+/g, ' '), 0, 10, CONTENT_WIDTH));
    const height = 10 + 0.25 + 4 + lines.reduce((n, l) => n + l.length * f10 + 3, 0);
    layout.ensure(height);
    layout.y += 10;
    layout.rule(LEFT, LEFT + CONTENT_WIDTH * 0.3, layout.y, 0.5);
    layout.y += 0.25 + 4;
    for (const footnote of lines) {
      footnote.forEach((line, i) => {
        layout.text(line, LEFT, layout.y, undefined, i < footnote.length - 1 ? CONTENT_WIDTH : undefined);
        layout.y += f10;
      });
      layout.y += 3;
    }
  }

  // The recipients and the signature side by side, never broken across pages.
  const recipients = outline.recipients.map((l) => ({ source: l, lines: layout.lines(l.text, lineFace(l), l.size ?? BODY_SIZE, RECIPIENTS_WIDTH) }));
  const signature = outline.signature;
  const sigX = LEFT + RECIPIENTS_WIDTH;
  const titles = signature ? blockLines(layout, signature.lines, SIGNATURE_COLUMN) : [];
  const signer = signature ? layout.lines(signature.signer.text, lineFace(signature.signer), signature.signer.size ?? BODY_SIZE, SIGNATURE_COLUMN) : [];
  const heightOf = (t: { lines: TextLine[]; source: Line }[]) =>
    t.reduce((n, { lines, source }) => n + layout.faces[lineFace(source)].lineHeight(source.size ?? BODY_SIZE) * Math.max(1, lines.length), 0);
  const leftHeight = heightOf(recipients);
  const rightHeight = signature ? heightOf(titles) + SIGNATURE_ROOM + layout.faces[lineFace(signature.signer)].lineHeight(signature.signer.size ?? BODY_SIZE) * signer.length : layout.faces[0].lineHeight(BODY_SIZE);
  layout.y += 14;
  layout.ensure(Math.max(leftHeight, rightHeight));
  const top = layout.y;
  for (const { source, lines } of recipients) {
    const height = layout.faces[lineFace(source)].lineHeight(source.size ?? BODY_SIZE);
    if (!lines.length) layout.y += height;
    for (const line of lines) {
      layout.text(line, LEFT, layout.y);
      layout.y += height;
    }
  }
  if (signature && doc.signature) {
    layout.y = top;
    for (const { lines, source } of titles) layout.y += layout.centred(lines, sigX, SIGNATURE_COLUMN) || layout.faces[lineFace(source)].lineHeight(source.size ?? BODY_SIZE);
    const room = layout.y;
    const placed = appearance(doc.signature);
    const s = doc.signature;
    if (placed.signature && s.signatureImage) {
      const { x, y, fit } = placed.signature;
      const png = s.signatureImage.png;
      layout.image(() => drawImage(layout.doc, png, sigX + x, room + y, { fit }));
    }
    if (placed.seal && s.seal) {
      const { x, y, width } = placed.seal;
      const png = s.seal.png;
      layout.image(() => drawImage(layout.doc, png, sigX + x, room + y, { width }));
    }
    layout.y = room + SIGNATURE_ROOM;
    layout.y += layout.centred(signer, sigX, SIGNATURE_COLUMN);
  }
  layout.end();
  return slot;
}

/** The plan as an A4 PDF in the official layout, Liberation Serif embedded (subset). */
export async function renderPdf(doc: PlanDocument, options: { createdAt?: Date } = {}): Promise<Buffer> {
  return (await render(doc, options.createdAt ?? new Date(), false)).pdf;
}

/**
 * An issued plan rendered before its number is taken (ISSUE renders, then locks its issuer's
 * counter only to take the number and write it in): the number line left as a slot of its own
 * that `fillNumber` writes, the rest as `renderPdf` lays it out. `doc` is issued but not numbered.
 */
export async function renderPdfForNumber(doc: PlanDocument, options: { createdAt?: Date } = {}): Promise<{ pdf: Buffer; slot: NumberSlot }> {
  if (doc.draft || doc.numberAndSymbol !== null) throw new Error('Only an issued plan without its number leaves the number to be written in');
  const { pdf, slot } = await render(doc, options.createdAt ?? new Date(), true);
  const offset = pdf.indexOf(SLOT_MARK, 0, 'latin1');
  if (!slot || offset < 0 || pdf.indexOf(SLOT_MARK, offset + 1, 'latin1') >= 0) throw new Error('The number slot was not written once');
  return { pdf, slot: { ...slot, offset } };
}

/** The document's title (its /Info /Title): type, number and title. */
export function documentTitle(doc: PlanDocument): string {
  return `${upper(doc.typeName)} ${doc.numberAndSymbol ?? ''} ${doc.title}`.replace(/\s+/g, ' ');
}

async function render(doc: PlanDocument, createdAt: Date, slotted: boolean): Promise<{ pdf: Buffer; slot?: Omit<NumberSlot, 'offset'> }> {
  const outline = planOutline(doc);
  // The signature block's images, decoded before the layout (the first time in this thread).
  for (const image of [doc.signature?.signatureImage, doc.signature?.seal]) if (image) await loadImage(image.png);
  const pdf = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    font: null as unknown as string,
    info: {
      Title: documentTitle(doc),
      Author: doc.issuingBody,
      Subject: doc.title,
      Creator: 'plan-cascade',
      Producer: 'plan-cascade',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  const slot = layOut(new Layout(pdf, outline.draftMark), outline, doc, slotted);
  pdf.end();
  await ended;
  return { pdf: Buffer.concat(chunks), slot };
}

/**
 * Where the number goes in a document rendered without it: a content stream of its own on the
 * first page, stored uncompressed and drawn before the page's own (from the initial graphics
 * state), whose `length` bytes at `offset` hold a comment until the number is written in.
 * With the line's parts encoded in the document's font subset (all ten digits are in it), the
 * number is written without the layout: glyph codes, the centring, the operators.
 */
export interface NumberSlot {
  offset: number;
  length: number;
  /** "Số " and the symbol after the number ("-KH/QU"): their TJ operands and widths (1000 units per em). */
  before: Encoded;
  after: Encoded;
  /** The symbol the number must be followed by. */
  symbol: string;
  digits: Encoded[];
  font: string;
  size: number;
  /** The column the line is centred in, and its baseline, in the page's own coordinates (origin at bottom left). */
  left: number;
  width: number;
  baseline: number;
}

const SLOT_MARK = '%number-slot';
/** The longest number a slot takes: far beyond a register's yearly count. */
const SLOT_DIGITS = 9;

/** The operators that print the number line of `slot` with `digits` ("17"). */
function slotOperators(slot: Omit<NumberSlot, 'offset' | 'length'>, digits: string): string {
  let tj = slot.before.tj;
  let width = slot.before.width + slot.after.width;
  for (const d of digits) {
    const glyph = slot.digits[d.charCodeAt(0) - 48];
    tj += ` ${glyph.tj}`;
    width += glyph.width;
  }
  tj += ` ${slot.after.tj}`;
  const x = slot.left + (slot.width - (width * slot.size) / 1000) / 2;
  return `q BT /${slot.font} ${num(slot.size)} Tf 0 0 0 rg 1 0 0 1 ${num(x)} ${num(slot.baseline)} Tm [${tj}] TJ ET Q`;
}

/** Reserves the number line's slot on the first page (the cursor at the line's top) and encodes its parts. */
function numberSlot(layout: Layout, line: Line, doc: PlanDocument): Omit<NumberSlot, 'offset'> {
  const f = lineFace(line);
  const face = layout.faces[f];
  const size = line.size ?? BODY_SIZE;
  const { before, symbol } = numberLineAround(doc);
  const join = (parts: Encoded[]): Encoded => ({ tj: parts.map((p) => p.tj).join(' '), width: parts.reduce((w, p) => w + p.width, 0) });
  const words = (text: string): Encoded[] => text.split(' ').flatMap((w, i) => [...(i > 0 ? [face.space] : []), ...(w ? [face.encode(w)] : [])]);
  const slot: Omit<NumberSlot, 'offset' | 'length'> = {
    before: join(words(before)),
    after: join(words(symbol)),
    symbol,
    digits: Array.from({ length: 10 }, (_, d) => face.encode(String(d))),
    font: face.pdf.id,
    size,
    left: LEFT,
    width: ISSUER_WIDTH,
    baseline: PAGE_HEIGHT - (layout.y + face.ascent(size)),
  };
  const widest = slot.digits.reduce((a, b) => (b.tj.length > a.tj.length ? b : a));
  const longest = slotOperators({ ...slot, digits: Array(10).fill(widest), left: -99999, baseline: -99999 }, '0'.repeat(SLOT_DIGITS));
  const length = longest.length + 8;
  const internals = layout.doc as unknown as DocInternals;
  internals.page.fonts[slot.font] ??= face.pdf.ref();
  const stream = internals.ref({});
  stream.compress = false;
  stream.end(SLOT_MARK.padEnd(length, ' '));
  internals.page.dictionary.data.Contents = [stream, internals.page.content];
  return { ...slot, length };
}

/**
 * The document `renderPdfForNumber` rendered, with `numberAndSymbol` written into its slot: the
 * same bytes but the slot's. Undefined when the number does not fit the slot (another symbol, or
 * more digits than it holds): render the document whole then.
 */
export function fillNumber(pdf: Buffer, slot: NumberSlot, numberAndSymbol: string): Buffer | undefined {
  if (!numberAndSymbol.endsWith(slot.symbol)) return undefined;
  const digits = numberAndSymbol.slice(0, numberAndSymbol.length - slot.symbol.length);
  if (!new RegExp(`^[0-9]{1,${SLOT_DIGITS}}$`).test(digits)) return undefined;
  const operators = slotOperators(slot, digits);
  if (operators.length > slot.length || pdf.toString('latin1', slot.offset, slot.offset + SLOT_MARK.length) !== SLOT_MARK) return undefined;
  const out = Buffer.from(pdf);
  out.write(operators.padEnd(slot.length, ' '), slot.offset, 'latin1');
  return out;
}

/**
 * What a render thread does when it starts, so that no request pays a cold thread's first
 * renders: the first render of a sample plan (fonts parsed, common words shaped) before the
 * thread takes a task, then a few more in the background while the JIT compiles the layout's
 * code (a thread's first renders take several times the steady state's time).
 */
export async function warmUp(renders = 8): Promise<{ rest: Promise<void> }> {
  const createdAt = new Date(0);
  await renderPdf(WARM_UP_PLAN, { createdAt });
  const rest = (async () => {
    for (let i = 1; i < renders; i++) await renderPdf(i % 2 ? { ...WARM_UP_PLAN, draft: true, numberAndSymbol: null } : WARM_UP_PLAN, { createdAt });
  })();
  return { rest };
}
