import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type Font } from 'fontkit';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { documentView } from './font-cache.js';
import { fontDirectory, FONT_FILES } from './fonts.js';
import { Block, Line, PlanOutline, planOutline } from './outline.js';
import type { PlanDocument } from './plan-document.js';
import { WARM_UP_PLAN } from './warm-up.js';

const MM = 72 / 25.4;
/** A4 with the margins of decree 30/2020/NĐ-CP: top and bottom 20 mm, left 30 mm, right 15 mm. */
const MARGINS: [number, number, number, number] = [30 * MM, 20 * MM, 15 * MM, 20 * MM];
const CONTENT_WIDTH = 595.28 - MARGINS[0] - MARGINS[2];
/** The issuing-body block's width: the national heading must fit on one line beside it. */
const ISSUER_WIDTH = CONTENT_WIDTH * 0.4;
const INDENT = 10 * MM;
const FAMILY = 'Serif';

let configured = false;

/** What pdfmake's Node build reads fonts through (its `virtualfs`, left out of @types/pdfmake). */
interface VirtualFiles {
  existsSync(name: string): boolean;
  readFileSync(name: string): unknown;
}

/**
 * Each font file is parsed once per process: decoding its tables (cmap, hmtx, GSUB, GPOS…)
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

/**
 * pdfmake is one module-wide instance: it gets our fonts, and no access to the network or to
 * files. pdfmake asks its virtual file system once per font and document, and pdfkit (≥ 0.20)
 * embeds a parsed fontkit font as given, so every read hands out a fresh view.
 */
function configure(): void {
  if (configured) return;
  pdfmake.setFonts({ [FAMILY]: { ...FONT_FILES } });
  const files = new Set<string>(Object.values(FONT_FILES));
  (pdfmake as unknown as { virtualfs: VirtualFiles }).virtualfs = {
    existsSync: (name) => files.has(name),
    readFileSync: (name) => documentView(parsedFont(name)),
  };
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  configured = true;
}

const line = (l: Line): Content => {
  const text: Content = { text: l.text || ' ', bold: l.bold, italics: l.italic, decoration: l.underline ? 'underline' : undefined, fontSize: l.size };
  if (!l.ruleBelow) return text;
  // The block centres the canvas by its width, so the rule starts at 0.
  const rule = { type: 'line' as const, x1: 0, y1: 2, x2: ISSUER_WIDTH * 0.3, y2: 2, lineWidth: 0.6 };
  return { stack: [text, { canvas: [rule], margin: [0, 0, 0, 2] }] };
};

/** Two blocks side by side: the issuer's at left, the heading at right, centred in their columns. */
const sideBySide = (left: Content[], right: Content[], margin: [number, number, number, number]): Content => ({
  columns: [
    { width: ISSUER_WIDTH, stack: left, alignment: 'center' },
    { width: '*', stack: right, alignment: 'center' },
  ],
  columnGap: 4,
  margin,
});

const BODY_ID = 'body-';
const JOINED = /(\S*[-/]\S*)/;

/**
 * Justified lines widen the gaps between pdfmake's pieces of text, and it also breaks after
 * "-" and "/": "02-KH/BTGTU" or "29/12/2015" would be printed (and read back) as "02- KH/ BTGTU".
 * Words holding them are kept whole.
 */
function justifiable(text: string): Content {
  return text.split(JOINED).filter(Boolean).map((part) => (JOINED.test(part) ? { text: part, noWrap: true } : part));
}

function block(b: Block, index: number): Content {
  const text = b.label ? `${b.label} ${b.text}` : b.text;
  // Headings (sections and the titles of items) are kept with what follows them.
  const heading = b.level === 'section' || (b.bold === true && b.level !== 'paragraph');
  return { text: justifiable(text), bold: b.bold, leadingIndent: INDENT, alignment: 'justify', margin: [0, 0, 0, 6], headlineLevel: heading ? 1 : undefined, id: `${BODY_ID}${index}` };
}

/** The signature block's column: what the recipients' column leaves. */
const SIGNATURE_COLUMN = CONTENT_WIDTH * 0.52;
/** The room between the title and the signer's name, where the signature goes. */
const SIGNATURE_ROOM = 64;

/**
 * The appearance of Decree 30/2020, Appendix I (Part I, §II.7–8): the signature image centred
 * in the room between the title and the name, and the seal at its actual size over about the
 * left third of it. Placed relative to the room, so the text keeps its place with or without them.
 */
function appearance(s: NonNullable<PlanDocument['signature']>): Content[] {
  const out: Content[] = [];
  const sigWidth = s.signatureImage ? Math.min(s.signatureImage.widthMm * MM, SIGNATURE_COLUMN * 0.8) : SIGNATURE_COLUMN * 0.4;
  const sigLeft = (SIGNATURE_COLUMN - sigWidth) / 2;
  if (s.signatureImage) {
    out.push({ image: `data:image/png;base64,${s.signatureImage.png}`, alignment: 'left', fit: [sigWidth, SIGNATURE_ROOM], relativePosition: { x: sigLeft, y: 4 } } as Content);
  }
  if (s.seal) {
    const seal = s.seal.widthMm * MM;
    // Its right edge a third of the way into the signature; its centre level with the room's.
    out.push({ image: `data:image/png;base64,${s.seal.png}`, alignment: 'left', width: seal, relativePosition: { x: sigLeft + sigWidth / 3 - seal, y: 4 + SIGNATURE_ROOM / 2 - seal / 2 } } as Content);
  }
  return out;
}

function definition(outline: PlanOutline, doc: PlanDocument, createdAt: Date): TDocumentDefinitions {
  const content: Content[] = [
    sideBySide(outline.issuerBlock.map(line), outline.headingBlock.map(line), [0, 0, 0, 0]),
    // The number and the date on one line, whatever the blocks above them hold.
    sideBySide([line(outline.numberLine)], [line(outline.dateLine)], [0, 6, 0, 24]),
    { text: outline.typeLine, bold: true, fontSize: 15, alignment: 'center' },
    { text: outline.subject, bold: true, alignment: 'center', margin: [CONTENT_WIDTH * 0.08, 2, CONTENT_WIDTH * 0.08, 0] },
    doc.style === 'state'
      ? { canvas: [{ type: 'line', x1: CONTENT_WIDTH * 0.38, y1: 4, x2: CONTENT_WIDTH * 0.62, y2: 4, lineWidth: 0.6 }], margin: [0, 0, 0, 14] }
      : { text: '-----', alignment: 'center', margin: [0, 0, 0, 14] },
    ...outline.body.map(block),
  ];
  if (outline.footnotes.length) {
    // The footnotes and the rule above them stay together on one page.
    content.push({
      unbreakable: true,
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH * 0.3, y2: 0, lineWidth: 0.5 }], margin: [0, 10, 0, 4] },
        ...outline.footnotes.map((f): Content => ({ text: f, fontSize: 10, alignment: 'justify', margin: [0, 0, 0, 3] })),
      ],
    });
  }
  const signature = outline.signature;
  const images = doc.signature ? appearance(doc.signature) : [];
  content.push({
    unbreakable: true,
    margin: [0, 14, 0, 0],
    columns: [
      { width: CONTENT_WIDTH * 0.48, stack: outline.recipients.map(line) },
      {
        width: '*',
        alignment: 'center',
        stack: signature ? [...signature.lines.map(line), ...images, { ...(line(signature.signer) as object), margin: [0, 64, 0, 0] } as Content] : [{ text: ' ' }],
      },
    ],
  });
  return {
    pageSize: 'A4',
    pageMargins: MARGINS,
    defaultStyle: { font: FAMILY, fontSize: 14, lineHeight: 1.1 },
    info: {
      title: `${outline.typeLine} ${doc.numberAndSymbol ?? ''} ${doc.title}`.replace(/\s+/g, ' '),
      author: doc.issuingBody,
      subject: doc.title,
      creator: 'plan-cascade',
      producer: 'plan-cascade',
      creationDate: createdAt,
      modDate: createdAt,
    },
    // Page numbers from the second page on, centred in the top margin; a draft says so on every page.
    header: (page: number) => ({
      margin: [MARGINS[0], 20, MARGINS[2], 0],
      columns: [
        { width: '*', text: '' },
        { width: 40, text: page > 1 ? String(page) : '', alignment: 'center', fontSize: 13 },
        { width: '*', text: outline.draftMark ?? '', alignment: 'right', bold: true, color: '#c00000', fontSize: 12 },
      ],
    }),
    // A heading left last on its page (only headings of the body after it there) moves to the next.
    pageBreakBefore: (node, nodes) =>
      node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().filter((n) => n.id?.startsWith(BODY_ID)).every((n) => n.headlineLevel === 1),
    watermark: outline.draftMark ? { text: outline.draftMark, color: '#c00000', opacity: 0.12, bold: true, font: FAMILY } : undefined,
    content,
  };
}

/** The plan as an A4 PDF in the official layout, Liberation Serif embedded (subset). */
export async function renderPdf(doc: PlanDocument, options: { createdAt?: Date } = {}): Promise<Buffer> {
  configure();
  const outline = planOutline(doc);
  return pdfmake.createPdf(definition(outline, doc, options.createdAt ?? new Date())).getBuffer();
}

/**
 * What a render thread does when it starts, so that no request pays a cold thread's first
 * renders: the first render of a sample plan (fonts parsed, layout tables built, common words
 * shaped) before the thread takes a task, then a few more in the background while the JIT
 * compiles the layout's code (a thread's first five or so renders take several times the steady
 * state's time).
 */
export async function warmUp(renders = 8): Promise<{ rest: Promise<void> }> {
  const createdAt = new Date(0);
  await renderPdf(WARM_UP_PLAN, { createdAt });
  const rest = (async () => {
    for (let i = 1; i < renders; i++) await renderPdf(i % 2 ? { ...WARM_UP_PLAN, draft: true, numberAndSymbol: null } : WARM_UP_PLAN, { createdAt });
  })();
  return { rest };
}
