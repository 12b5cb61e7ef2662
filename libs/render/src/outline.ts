import type { DocumentAssignment, DocumentPhase, DocumentReference, PlanDocument, RecipientPurpose } from './plan-document.js';
import { letter, placeAndDate, roman, shortDate, upper } from './vietnamese.js';

/** A line of a header or footer block; `size` in points. */
export interface Line {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  size?: number;
  /** A short rule below the line, as under a state body's name. */
  ruleBelow?: boolean;
}

/** The body's levels: I. section, 1. item, a) sub-item, - bullet (under an item or a sub-item), plain paragraph. */
export type BlockLevel = 'section' | 'item' | 'subitem' | 'bullet' | 'subbullet' | 'paragraph';

export interface Block {
  level: BlockLevel;
  /** "I.", "1.", "a)", "-"; none for a paragraph. */
  label?: string;
  text: string;
  bold?: boolean;
}

/**
 * Everything printed on a plan, in order, as words and emphasis; the DOCX and the PDF lay
 * out the same outline, so both say exactly the same.
 */
export interface PlanOutline {
  draftMark: string | null;
  /** Top left: superior body, issuing body, `*` (Party style). */
  issuerBlock: Line[];
  /** Top right: the Party heading, or the national heading and motto. */
  headingBlock: Line[];
  /** Under them, on one line: the number and symbol at left, the place and date (italics) at right. */
  numberLine: Line;
  dateLine: Line;
  typeLine: string;
  subject: string;
  body: Block[];
  footnotes: string[];
  /** Bottom left: Nơi nhận. */
  recipients: Line[];
  /** Bottom right: authority and title, then (after room for the handwritten signature) the signer; null on an unsigned draft. */
  signature: { lines: Line[]; signer: Line } | null;
}

export const DRAFT_MARK = 'DỰ THẢO';
export const PARTY_HEADING = 'ĐẢNG CỘNG SẢN VIỆT NAM';
export const NATIONAL_HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const SECTION_TITLES = {
  purposes: 'MỤC ĐÍCH, YÊU CẦU',
  phases: 'THỜI GIAN, NỘI DUNG',
  forms: 'HÌNH THỨC THỰC HIỆN',
  assignments: 'TỔ CHỨC THỰC HIỆN',
  reportDuty: 'CHẾ ĐỘ BÁO CÁO',
  budget: 'KINH PHÍ',
} as const;

const PURPOSE_NOTES: Record<Exclude<RecipientPurpose, 'archive'>, string> = {
  report: '(để b/c)',
  implement: '(để t/h)',
  coordinate: '(để p/h)',
};

/** The number line around its number: "Số " and "-KH/QU" (Party), "Số: " and "/KH-BQLKKT" (state). */
export function numberLineAround(doc: Pick<PlanDocument, 'style' | 'typeCode' | 'issuerShortName'>): { before: string; symbol: string } {
  return doc.style === 'party' ? { before: 'Số ', symbol: `-${doc.typeCode}/${doc.issuerShortName}` } : { before: 'Số: ', symbol: `/${doc.typeCode}-${doc.issuerShortName}` };
}

/** "Số 17-KH/QU" (Party) or "Số: 17/KH-BQLKKT" (state); a draft leaves the number blank. */
export function numberLine(doc: PlanDocument): string {
  const { before, symbol } = numberLineAround(doc);
  return `${before}${doc.numberAndSymbol ?? `     ${symbol}`}`;
}

function reference(ref: DocumentReference): string {
  return [
    ref.numberAndSymbol ? `${ref.typeName} số ${ref.numberAndSymbol}` : ref.typeName,
    ref.issuedOn ? `, ngày ${shortDate(ref.issuedOn)}` : '',
    ref.issuer ? ` của ${ref.issuer}` : '',
    ref.title ? ` về ${ref.title}` : '',
  ].join('');
}

/** The phase's time window as the documents word it. */
export function phaseWindow(phase: DocumentPhase): string | null {
  if (phase.startsOn && phase.endsOn) return `từ ngày ${shortDate(phase.startsOn)} đến ngày ${shortDate(phase.endsOn)}`;
  if (phase.startsOn) return `từ ngày ${shortDate(phase.startsOn)}`;
  if (phase.endsOn) return `đến ngày ${shortDate(phase.endsOn)}`;
  return phase.windowText?.trim() || null;
}

const OWN_PLAN = /xây dựng kế hoạch/i;

function assignmentBlocks(a: DocumentAssignment, label: string, sub: boolean, typeName: string): Block[] {
  const bullet: Block['level'] = sub ? 'subbullet' : 'bullet';
  const lines = [...a.responsibilities];
  // An own implementing plan is an order the text gives, unless a responsibility already says so.
  if (a.requiresOwnPlan && !lines.some((r) => OWN_PLAN.test(r))) lines.push(`Xây dựng kế hoạch cụ thể để triển khai thực hiện ${typeName.toLowerCase()} này.`);
  if (a.dueOn) lines.push(`Báo cáo kết quả thực hiện trước ngày ${shortDate(a.dueOn)}.`);
  return [
    { level: sub ? 'subitem' : 'item', label, text: a.assignee, bold: true },
    ...lines.map((text): Block => ({ level: bullet, label: '-', text })),
    ...a.subAssignments.flatMap((s, i) => assignmentBlocks(s, `${letter(i)})`, true, typeName)),
  ];
}

function body(doc: PlanDocument): Block[] {
  const blocks: Block[] = [];
  if (doc.basis.length) {
    blocks.push({
      level: 'paragraph',
      text: `Thực hiện ${doc.basis.map(reference).join('; ')}, ${doc.issuerName} ban hành ${doc.typeName.toLowerCase()} triển khai thực hiện như sau:`,
    });
  }
  const sections: [string, Block[]][] = [
    [SECTION_TITLES.purposes, doc.purposes.map((text, i) => ({ level: 'item', label: `${i + 1}.`, text }))],
    [
      SECTION_TITLES.phases,
      doc.phases.flatMap((p, i): Block[] => {
        // Imported phases often name their window in the title (Từ cuối tháng 12/2015 đến …): not twice.
        const stated = phaseWindow(p);
        const window = stated && !p.title.toLocaleLowerCase('vi').includes(stated.toLocaleLowerCase('vi')) ? stated : null;
        return [
          { level: 'item', label: `${i + 1}.`, text: `${p.title}${window ? ` (${window})` : ''}${p.items.length ? ':' : ''}`, bold: true },
          ...p.items.map((text): Block => ({ level: 'bullet', label: '-', text })),
        ];
      }),
    ],
    [
      SECTION_TITLES.forms,
      doc.forms.flatMap((f, i): Block[] => [
        { level: 'item', label: `${i + 1}.`, text: f.title, bold: true },
        ...f.items.map((text): Block => ({ level: 'bullet', label: '-', text })),
      ]),
    ],
    [SECTION_TITLES.assignments, doc.assignments.flatMap((a, i) => assignmentBlocks(a, `${i + 1}.`, false, doc.typeName))],
    [
      SECTION_TITLES.reportDuty,
      doc.reportDuty
        ? [{
            level: 'paragraph',
            text: doc.reportDuty.periodic
              ? `Các đơn vị định kỳ báo cáo kết quả thực hiện về ${doc.reportDuty.collector}; báo cáo tổng hợp trước ngày ${shortDate(doc.reportDuty.dueOn)}.`
              : `Các đơn vị báo cáo kết quả thực hiện về ${doc.reportDuty.collector} trước ngày ${shortDate(doc.reportDuty.dueOn)}.`,
          }]
        : [],
    ],
    [SECTION_TITLES.budget, doc.budget ? [{ level: 'paragraph', text: doc.budget.text }] : []],
  ];
  let n = 0;
  for (const [title, content] of sections) {
    if (!content.length) continue;
    blocks.push({ level: 'section', label: `${roman(++n)}.`, text: title, bold: true }, ...content);
  }
  // The body closes with "./." (nothing may be added after it).
  const last = blocks[blocks.length - 1];
  if (last) blocks[blocks.length - 1] = { ...last, text: `${last.text.replace(/[.;:,]+$/, '')}./.` };
  return blocks;
}

function recipients(doc: PlanDocument): Line[] {
  const lines = doc.recipients.map((r) => {
    if (r.purpose === 'archive') return /^lưu\b/i.test(r.name) ? r.name : `Lưu: ${r.name}`;
    return `${r.name} ${PURPOSE_NOTES[r.purpose]}`;
  });
  if (!doc.recipients.some((r) => r.purpose === 'archive')) lines.push('Lưu');
  return [
    { text: 'Nơi nhận:', bold: true, italic: true, size: 12 },
    ...lines.map((text, i) => ({ text: `- ${text}${i === lines.length - 1 ? '.' : ';'}`, size: 11 })),
  ];
}

export function planOutline(doc: PlanDocument): PlanOutline {
  const issuerBlock: Line[] = [
    ...(doc.superiorBody ? [{ text: upper(doc.superiorBody), size: 13 }] : []),
    { text: upper(doc.issuingBody), bold: true, size: 13, ruleBelow: doc.style === 'state' },
    ...(doc.style === 'party' ? [{ text: '*', size: 13 }] : []),
  ];
  const headingBlock: Line[] =
    doc.style === 'party'
      ? [{ text: PARTY_HEADING, bold: true, underline: true, size: 14 }]
      : [{ text: NATIONAL_HEADING, bold: true, size: 13 }, { text: NATIONAL_MOTTO, bold: true, underline: true, size: 14 }];
  const signature = doc.signature
    ? {
        lines: [
          { text: `${doc.signature.authority} ${upper(doc.signature.onBehalfOf)}`, bold: true, size: 14 },
          { text: upper(doc.signature.signerTitle), bold: true, size: 14 },
        ],
        signer: { text: doc.signature.signerName, bold: true, size: 14 },
      }
    : null;
  return {
    draftMark: doc.draft ? DRAFT_MARK : null,
    issuerBlock,
    headingBlock,
    numberLine: { text: numberLine(doc), size: 13 },
    dateLine: { text: placeAndDate(doc.place, doc.issuedOn, doc.year), italic: true, size: 14 },
    typeLine: upper(doc.typeName),
    subject: doc.title,
    body: body(doc),
    footnotes: doc.footnotes.map((f, i) => `[${i + 1}] ${f}`),
    recipients: recipients(doc),
    signature,
  };
}
