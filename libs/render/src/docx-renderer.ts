import {
  AlignmentType, BorderStyle, Document, Header, IParagraphOptions, Packer, PageNumber, Paragraph, Table, TableBorders, TableCell, TableLayoutType, TableRow, TextRun,
  WidthType,
} from 'docx';
import { Block, Line, PlanOutline, planOutline } from './outline.js';
import type { PlanDocument } from './plan-document.js';

/** Word measures in twentieths of a point; 1 mm = 56.7 twips. */
const MM = 56.7;
const CONTENT_WIDTH = Math.round((210 - 30 - 15) * MM);
/** The issuing-body block's width: the national heading must fit on one line beside it. */
const ISSUER_WIDTH = Math.round(CONTENT_WIDTH * 0.4);
/** Word renders Times New Roman where it is (every Windows and macOS machine), LibreOffice its metric twin Liberation Serif. */
const FONT = 'Times New Roman';
const halfPoints = (pt: number) => pt * 2;

function run(l: Line): TextRun {
  return new TextRun({ text: l.text, bold: l.bold, italics: l.italic, underline: l.underline ? {} : undefined, size: l.size ? halfPoints(l.size) : undefined, font: FONT });
}

function lineParagraph(l: Line, alignment: IParagraphOptions['alignment'], spacingBefore = 0): Paragraph {
  return new Paragraph({ alignment, spacing: { before: spacingBefore, after: 0 }, children: [run(l)] });
}

/** A line of the issuer's block; a short rule under it is a bottom border narrowed by indents to the middle third. */
function blockLine(l: Line): Paragraph[] {
  const line = lineParagraph(l, AlignmentType.CENTER);
  if (!l.ruleBelow) return [line];
  const inset = Math.round(ISSUER_WIDTH / 3);
  return [line, new Paragraph({ indent: { left: inset, right: inset }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000' } }, spacing: { after: 60 }, children: [] })];
}

function block(b: Block): Paragraph {
  const text = b.label ? `${b.label} ${b.text}` : b.text;
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: Math.round(10 * MM) },
    spacing: { after: 120, line: 264 },
    keepNext: b.level === 'section' || (b.bold === true && b.level !== 'paragraph'),
    children: [new TextRun({ text, bold: b.bold, font: FONT, size: halfPoints(14) })],
  });
}

/** Blocks side by side in a table without borders (one row per pair), as the header and the closing are laid out. */
function sideBySide(rows: [Paragraph[], Paragraph[]][], leftWidth: number): Table {
  const cell = (children: Paragraph[], width: number) => new TableCell({ children, width: { size: width, type: WidthType.DXA } });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, CONTENT_WIDTH - leftWidth],
    // Fixed widths and no cell padding: the national heading keeps its one line, as in the PDF.
    layout: TableLayoutType.FIXED,
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    borders: TableBorders.NONE,
    rows: rows.map(([left, right]) => new TableRow({ cantSplit: true, children: [cell(left, leftWidth), cell(right, CONTENT_WIDTH - leftWidth)] })),
  });
}

function draftHeader(outline: PlanOutline, withPageNumber: boolean): Header {
  const children: Paragraph[] = [];
  if (withPageNumber) {
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: halfPoints(13) })] }));
  }
  if (outline.draftMark) {
    children.push(
      new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: outline.draftMark, bold: true, color: 'C00000', font: FONT, size: halfPoints(13) })] }),
    );
  }
  return new Header({ children });
}

function document(outline: PlanOutline, doc: PlanDocument): Document {
  const centred = AlignmentType.CENTER;
  const signature = outline.signature;
  const children: (Paragraph | Table)[] = [
    sideBySide(
      [
        [outline.issuerBlock.flatMap(blockLine), outline.headingBlock.map((l) => lineParagraph(l, centred))],
        // The number and the date on one row, whatever the blocks above them hold.
        [[lineParagraph(outline.numberLine, centred, 60)], [lineParagraph(outline.dateLine, centred, 60)]],
      ],
      ISSUER_WIDTH,
    ),
    new Paragraph({ spacing: { after: 240 }, children: [] }),
    new Paragraph({ alignment: centred, children: [new TextRun({ text: outline.typeLine, bold: true, size: halfPoints(15), font: FONT })] }),
    new Paragraph({
      alignment: centred,
      indent: { left: Math.round(CONTENT_WIDTH * 0.08), right: Math.round(CONTENT_WIDTH * 0.08) },
      children: [new TextRun({ text: outline.subject, bold: true, size: halfPoints(14), font: FONT })],
    }),
    // Under the subject: a short rule (state style) or a dashed line (Party style), as in the PDF.
    doc.style === 'state'
      ? new Paragraph({
          indent: { left: Math.round(CONTENT_WIDTH * 0.38), right: Math.round(CONTENT_WIDTH * 0.38) },
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000' } },
          spacing: { after: 280 },
          children: [],
        })
      : new Paragraph({ alignment: centred, spacing: { after: 280 }, children: [new TextRun({ text: '-----', font: FONT, size: halfPoints(14) })] }),
    ...outline.body.map(block),
    ...outline.footnotes.map((f) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 60 }, children: [new TextRun({ text: f, size: halfPoints(10), font: FONT })] })),
    new Paragraph({ spacing: { after: 240 }, children: [] }),
    sideBySide(
      [[
        outline.recipients.map((l) => lineParagraph(l, AlignmentType.LEFT)),
        signature ? [...signature.lines.map((l) => lineParagraph(l, centred)), lineParagraph(signature.signer, centred, 1440)] : [new Paragraph({ children: [] })],
      ]],
      Math.round(CONTENT_WIDTH * 0.48),
    ),
  ];
  return new Document({
    title: `${outline.typeLine} ${doc.numberAndSymbol ?? ''} ${doc.title}`.replace(/\s+/g, ' '),
    subject: doc.title,
    creator: doc.issuingBody,
    lastModifiedBy: doc.issuingBody,
    styles: { default: { document: { run: { font: FONT, size: halfPoints(14) } } } },
    sections: [
      {
        properties: {
          page: { size: { width: Math.round(210 * MM), height: Math.round(297 * MM) }, margin: { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) } },
          titlePage: true,
        },
        headers: { first: draftHeader(outline, false), default: draftHeader(outline, true) },
        children,
      },
    ],
  });
}

/** The plan as a Word document in the official layout (A4, Times New Roman 14 pt). */
export function renderDocx(doc: PlanDocument): Promise<Buffer> {
  return Packer.toBuffer(document(planOutline(doc), doc));
}
