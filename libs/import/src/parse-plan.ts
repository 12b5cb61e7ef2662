import { findWindow, parseWindow } from './date-window.js';
import { classify, items, outline, OutlineNode } from './outline.js';
import type {
  ParsedAssignment, ParsedForm, ParsedPhase, ParsedPlan, ParsedRecipient, ParsedReportDuty, ParsedSignature, ParsedSubAssignment,
  RecipientPurpose,
} from './parsed-plan.js';
import { firstDate } from './dates.js';
import { readReferences } from './references.js';
import { readSymbol } from './symbols.js';
import { clean, fold, normalise, sentences, stripEmphasis } from './text.js';

/** Document type words and their codes (data of the state and Party rules; more may be added). */
const TYPES: [string, string][] = [
  ['ke hoach', 'KH'], ['huong dan', 'HD'], ['nghi quyet', 'NQ'], ['quyet dinh', 'QĐ'], ['quy dinh', 'QĐi'], ['chi thi', 'CT'], ['ket luan', 'KL'],
  ['quy che', 'QC'], ['thong bao', 'TB'], ['bao cao', 'BC'], ['chuong trinh', 'CTr'], ['phuong an', 'PA'], ['de an', 'ĐA'], ['cong van', 'CV'],
];
const TYPE_WORDS = TYPES.map(([w]) => w).join('|');

const isoDate = (m: RegExpMatchArray) => `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;

const NATIONAL = /^(dang cong san viet nam|cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–]\s*tu do\s*[-–]\s*hanh phuc|[-_*\s]+)$/;
const ROMAN = /^(I{1,3}|IV|VI{0,3}|IX|X)\s*[.\-–:)]\s*(\S.*)$/;
/** Sentences that cite the plan's basis; a dash may lead them (- Căn cứ …). */
const BASIS = /^(?:-\s*|\(\s*)?(thuc hien|can cu|trien khai|theo de nghi|xet de nghi|tren co so|ban hanh kem theo)\b/;
const RECIPIENTS = /^noi nhan\s*:?\s*$/;
const AUTHORITY = /^(T\/M|K\/T|T\/L|T\/U|TM\.|KT\.|Q\.|TL\.|TUQ\.)\s*(.*)$/;
/** Where an issuer's own sentence begins: "<issuer> ban hành / xây dựng kế hoạch …". */
const ISSUES = new RegExp(`\\s(?:ban\\s*hanh|xay dung)\\s+(?:${TYPE_WORDS})`, 'g');

/** The last "… ban hành kế hoạch" of a text: the issuer's own sentence closes the basis paragraph. */
function issuesAt(f: string): number | undefined {
  let at: number | undefined;
  for (const m of f.matchAll(ISSUES)) at = m.index;
  return at;
}
/** A line in capitals naming who decides (ỦY BAN NHÂN DÂN TỈNH …, CHỦ TỊCH …): never part of a title. */
const DECIDER = /^(uy ban nhan dan|chu tich|bo truong|thu truong|ban thuong vu|ban bi thu|hoi dong nhan dan|giam doc|truong ban)\b/;
/** The line that opens a decision's articles. */
const DECIDES = /^(quyet dinh|quyet nghi|ket luan)\s*:\s*$/;
const NUMBER_LINE = new RegExp(`^(?:(?:${TYPE_WORDS})\\s+)?so\\s*(?:hieu|,?\\s*ky hieu)?\\s*:?\\s*(?=\\d)`);

const isCaps = (t: string) => t === t.toUpperCase() && /\p{Lu}{2}/u.test(t);

type SectionKind = 'purposes' | 'phases' | 'content' | 'forms' | 'assignments' | 'budget' | 'mixed' | 'other';

function sectionKind(heading: string): SectionKind {
  const f = fold(heading);
  const time = /thoi gian|lo trinh|giai doan/.test(f);
  const forms = /[ht]inh thuc/.test(f);
  if (/muc dich|yeu cau/.test(f)) return 'purposes';
  if (time && forms) return 'mixed';
  if (time) return 'phases';
  if (forms) return 'forms';
  if (/to chuc thuc hien|phan cong|trach nhiem/.test(f)) return 'assignments';
  if (/kinh phi/.test(f)) return 'budget';
  if (/noi dung/.test(f)) return 'content';
  return 'other';
}

const stripColon = (s: string) => s.replace(/\s*:\s*$/, '').trim();

/**
 * Web copies' damage undone before reading: table cells (`|`) become paragraphs, a page
 * flattened onto one line is cut where the masthead's parts begin, and lines hard-wrapped
 * inside a sentence are joined (never a line in capitals, a list item or a basis sentence).
 */
function prepare(input: string): string[] {
  const out: string[] = [];
  for (let line of normalise(input).split('\n')) {
    line = line.trim();
    if (line.length > 600 && /cong hoa xa hoi chu nghia|dang cong san viet nam|so\s*:\s*\d/.test(fold(line.slice(0, 400)))) {
      out.push(...unflatten(line));
      continue;
    }
    if (line.includes('|')) {
      for (const cell of line.split(/\s*\|\s*/)) out.push('', cell.trim(), '');
      continue;
    }
    out.push(line);
  }
  const joined: string[] = [];
  for (const line of out) {
    const previous = joined[joined.length - 1];
    if (line !== '' && previous !== undefined && previous !== '' && continues(previous, line)) joined[joined.length - 1] = `${previous} ${line}`;
    else joined.push(line);
  }
  return joined;
}

/** Whether `next` carries on the sentence `line` broke off (a hard-wrapped copy). */
function continues(line: string, next: string): boolean {
  if (/(^|\s)số\s*:?$/iu.test(line) && /^\d/.test(next)) return true;
  // Inside a bracket not yet closed: "(Ban hành kèm theo Quyết định số: 59/QĐ-UBND / Ngày 22 tháng …)".
  if ((line.match(/\(/g)?.length ?? 0) > (line.match(/\)/g)?.length ?? 0) && !isCaps(next)) return true;
  if (isCaps(line) || isCaps(next)) return false;
  if (/[.;:!?)]\**$/.test(line) || NATIONAL.test(fold(line))) return false;
  const f = fold(next);
  if (ROMAN.test(next) || /^(\d{1,2}(\.\d{1,2})*\s*[.)](?!\d)|[a-zđ]\)|[-+•–*]|\()/.test(next) || BASIS.test(f) || /^(so\b|dieu \d|noi nhan|chuong [ivx\d])/.test(f)) return false;
  if (/^[\p{Ll}\d“"]/u.test(next)) return true;
  // A capital after a long line ending in a word: a name carried over (… của / Bộ Nông nghiệp …).
  return /\p{Ll}$/u.test(line) && line.length >= 40;
}

/** A page flattened onto one line: cut before the masthead's parts, the basis sentences and the articles. */
function unflatten(line: string): string[] {
  return line
    .replace(/\s*(Số\s*:)/gu, '\n$1')
    .replace(/\s+((?:\p{Lu}\p{Ll}+\s){0,3}\p{Lu}\p{Ll}+,\s*ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4})\s*/gu, '\n$1\n')
    .replace(/\s*(QUYẾT ĐỊNH|KẾ HOẠCH|HƯỚNG DẪN|QUY ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ)(?=\s*\p{Lu}\p{Ll}|\s*[:\p{Lu}])/gu, '\n\n$1\n')
    .replace(/-{3,}/g, '\n')
    // The authority that decides, in capitals after the title (… CỦA CẤP TỈNH BỘ TRƯỞNG BỘ LAO ĐỘNG …).
    .replace(/\s+((?:BỘ TRƯỞNG|CHỦ TỊCH|BAN BÍ THƯ|BAN THƯỜNG VỤ|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s)/gu, '\n$1')
    .replace(/\s*(-\s*Căn cứ|Căn cứ|Xét đề nghị|Theo đề nghị|Điều \d+\.|Nơi nhận:)/gu, '\n\n$1')
    .split('\n')
    .map((l) => l.trim());
}

/** Reads a plan document's text; pure, never touches a database. */
export function parsePlan(input: string): ParsedPlan {
  const plan: ParsedPlan = {
    type: 'KH', title: '', basis: [], purposes: [], phases: [], forms: [], assignments: [], footnotes: [], recipients: [], unclassified: [], uncertain: [],
  };
  const lines = prepare(input);
  // Blocks: non-empty lines, with whether a blank line came before (a new paragraph).
  const blocks: { text: string; fresh: boolean }[] = [];
  let blank = true;
  for (const line of lines) {
    if (line === '') blank = true;
    else {
      blocks.push({ text: line, fresh: blank });
      blank = false;
    }
  }

  let i = readHeader(blocks, plan);
  const bodyStart = i;
  let recipientsAt = blocks.findIndex((b, k) => k >= bodyStart && RECIPIENTS.test(fold(clean(b.text))));
  if (recipientsAt === -1) recipientsAt = blocks.length;
  readBody(blocks.slice(bodyStart, recipientsAt).map((b) => b.text), plan);
  i = recipientsAt + 1;
  if (recipientsAt < blocks.length) readTail(blocks.slice(i).map((b) => b.text), plan);
  if (plan.type === 'QĐ' && /banhanh(?:kemtheo)?kehoach/.test(fold(plan.title).replace(/\s/g, ''))) plan.carries = 'KH';
  plan.uncertain = [...new Set(plan.uncertain)];
  return plan;
}

/** The place-and-date line (`Long Biên, ngày 29 tháng 12 năm 2015`): the place is the name's own words before the comma. */
function placeAndDate(text: string): { place: string; issuedOn: string; guessed: boolean } | undefined {
  const m = text.match(/^(.*?),\s*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})\s*\.?$/iu);
  if (!m) return undefined;
  const date = firstDate(text.slice(m[1].length + 1));
  if (!date) return undefined;
  let place = m[1].trim();
  let guessed = false;
  // Run into other words (a flattened page, a masthead cell): keep the trailing run of capitalised words.
  if (!/^\p{Lu}[\p{L}-]*(\s+\p{Lu}[\p{L}-]*){0,4}$/u.test(place) || isCaps(place)) {
    const run = place.match(/((?:\p{Lu}\p{Ll}[\p{L}-]*\s+){0,3}\p{Lu}\p{Ll}[\p{L}-]*)$/u);
    if (!run) return undefined;
    place = run[1];
    guessed = true;
  }
  return { place, issuedOn: date.iso, guessed };
}

/** Header up to the first section heading: issuer, place and date, number, type and title, basis. Returns where the body starts. */
function readHeader(blocks: { text: string; fresh: boolean }[], plan: ParsedPlan): number {
  const headerIssuers: string[] = [];
  let i = 0;
  let typeSeen = false;
  let typeFromLine = false;
  let titleGuessed = false;
  let mastheadSeen = false;
  let decided = false;
  for (; i < blocks.length; i++) {
    const text = clean(blocks[i].text);
    const f = fold(text);
    if (ROMAN.test(text)) break;
    if (NATIONAL.test(f)) continue;
    const dated = plan.issuedOn === undefined ? placeAndDate(text) : undefined;
    if (dated) {
      plan.place = dated.place;
      plan.issuedOn = dated.issuedOn;
      if (dated.guessed) plan.uncertain.push('place');
      mastheadSeen = true;
      continue;
    }
    const numbered = plan.numberAndSymbol === undefined ? f.match(NUMBER_LINE) : null;
    if (numbered) {
      const symbol = readSymbol(text.slice(numbered[0].length));
      if (symbol) {
        plan.numberAndSymbol = symbol.numberAndSymbol;
        if (symbol.repaired) plan.uncertain.push('numberAndSymbol');
        if (!typeFromLine && symbol.kind) plan.type = symbol.kind;
        mastheadSeen = true;
        continue;
      }
    }
    // The type line, in capitals, sometimes damaged (K ÉT LUẬN) or run into its title's first words (QUY CHẾ LÀM).
    const squashed = f.replace(/\s/g, '');
    const typeLine = (!typeFromLine || titleGuessed) && (isCaps(text) || f === text.toLowerCase()) ? TYPES.find(([w]) => squashed === w.replace(/\s/g, '')) : undefined;
    const typedCaps = !typeFromLine && !typeLine && isCaps(text) ? TYPES.find(([w]) => f.startsWith(`${w} `)) : undefined;
    if (typeLine || (typedCaps && mastheadSeen === false && headerIssuers.length > 0 && !DECIDER.test(f))) {
      const [word, code] = (typeLine ?? typedCaps)!;
      if (titleGuessed) plan.uncertain = plan.uncertain.filter((u) => u !== 'title');
      titleGuessed = false;
      plan.type = code;
      typeSeen = true;
      typeFromLine = true;
      const title: string[] = typedCaps ? [text.slice(word.length).trim()] : [];
      i = readTitle(blocks, i, title);
      plan.title = title.join(' ');
      continue;
    }
    if (DECIDES.test(f)) {
      decided = true;
      continue;
    }
    if (BASIS.test(f) && !isCaps(text)) {
      readBasis(text, plan);
      continue;
    }
    // A decision's preamble whose opening words the copy lost (ố 09/2019/NĐ-CP …;): still a basis line.
    if (typeSeen && !decided && /;$/.test(text) && /(\d+\/\d{4}\/|ngày\s*\d|năm\s*\d{4})/u.test(text) && !isCaps(text)) {
      readBasis(text, plan);
      plan.uncertain.push(`basis`);
      continue;
    }
    const issuing = issuesAt(f);
    if (issuing !== undefined && plan.issuer === undefined) {
      readIssuerSentence(text, issuing, plan);
      continue;
    }
    // A title line of a web copy: "Kế hoạch tuyên truyền …" (the type word, then the subject).
    const typed = TYPES.find(([w]) => f.startsWith(`${w} `));
    if (typed && !typeSeen) {
      plan.type = typed[1];
      plan.title = text.slice(typed[0].length).trim();
      typeSeen = true;
      continue;
    }
    // A title in capitals with no type line above it, right under the number or the date (GIÁM SÁT VÀ PHÒNG, CHỐNG …).
    if (!typeFromLine && mastheadSeen && isCaps(text) && !DECIDER.test(f) && plan.title === '') {
      const title = [text];
      i = readTitle(blocks, i, title);
      plan.title = title.join(' ');
      typeSeen = true;
      typeFromLine = true;
      titleGuessed = true;
      plan.uncertain.push('title');
      continue;
    }
    if (!typeSeen && isCaps(text)) {
      headerIssuers.push(text);
      continue;
    }
    plan.unclassified.push(blocks[i].text);
  }
  if (headerIssuers.length) {
    plan.issuer = headerIssuers[headerIssuers.length - 1];
    if (headerIssuers.length > 1) plan.superiorIssuer = headerIssuers[headerIssuers.length - 2];
  }
  return i;
}

/**
 * The title's lines after its type line: in capitals over two or three lines, or in lower case
 * (the subject after KẾ HOẠCH). It ends at a blank line, a basis sentence, the authority that
 * decides (in capitals), a heading, or a sentence in ordinary case.
 */
function readTitle(blocks: { text: string; fresh: boolean }[], at: number, title: string[]): number {
  let i = at;
  while (i + 1 < blocks.length) {
    const next = blocks[i + 1];
    const text = clean(next.text);
    const f = fold(text);
    if (title.length > 0 && next.fresh) break;
    // A basis sentence ends it; a title may itself begin with "Triển khai …", but cites no number.
    const citing = BASIS.test(f) && !isCaps(text) && (title.length > 0 || /\sso\s*:?\s*\d/.test(f) || /^(?:-\s*)?(can cu|thuc hien)\b/.test(f));
    if (ROMAN.test(text) || DECIDES.test(f) || NATIONAL.test(f) || citing) break;
    if (/^(\(|so\b|dieu \d|chuong [ivx\d])/.test(f)) break;
    if (isCaps(text) ? title.length > 0 && DECIDER.test(f) : /^\p{Lu}/u.test(text) && title.length > 0) break;
    title.push(text);
    i++;
    if (title.length >= 6) break;
  }
  return i;
}

/** "<issuer> ban hành kế hoạch số 17/KH-BQLKKT về …": the issuer, and the number when the copy has no number line. */
function readIssuerSentence(text: string, at: number, plan: ParsedPlan): void {
  const before = text.slice(0, at);
  const start = Math.max(before.lastIndexOf(', '), before.lastIndexOf('. '));
  plan.issuer = before.slice(start === -1 ? 0 : start + 2).replace(/\s*\([^)]*\)\s*$/, '').trim();
  const f = fold(text);
  const own = f.slice(at).match(/^\s*\S+\s*hanh\s+\S+(?:\s+\S+)?\s+so\s*/) ?? f.slice(at).match(/^\s*xay dung\s+\S+\s+\S+\s+so\s*/);
  const symbol = own ? readSymbol(text.slice(at + own[0].length)) : undefined;
  if (symbol && plan.numberAndSymbol === undefined) {
    plan.numberAndSymbol = symbol.numberAndSymbol;
    plan.uncertain.push('numberAndSymbol');
  }
  // "Ngày 23/9/2024, Ban Tuyên giáo Trung ương ban hành …": a web copy's lead gives the date.
  const lead = before.match(/ngày\s*(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})\s*,/iu);
  if (lead && plan.issuedOn === undefined) {
    const d = firstDate(lead[1]);
    if (d) {
      plan.issuedOn = d.iso;
      plan.uncertain.push('issuedOn');
    }
  }
  // No title line: the title is what the sentence says it issues (… ban hành Kế hoạch <title> (sau đây …), cụ thể như sau:).
  if (plan.title === '') {
    const typeWord = f.slice(at).match(new RegExp(`^\\s(?:ban\\s*hanh|xay dung)\\s+(${TYPE_WORDS})\\s+`));
    if (typeWord) {
      const rest = text.slice(at + typeWord[0].length);
      const cut = fold(rest).search(/\s\(|,?\s*(?:cu the|gom|voi (?:cac|nhung)|nhu sau|noi dung)|:|\.\s|$/);
      const title = rest.slice(0, cut).trim();
      if (title !== '' && !/^so\b/.test(fold(title))) {
        plan.title = title;
        plan.uncertain.push('title');
      }
    }
  }
}

/**
 * "Thực hiện Kế hoạch số 189/KH-UBND, ngày 20/01/2020 của UBND tỉnh về việc triển khai thực
 * hiện Kế hoạch số 116-KH/TU, … . Ban Quản lý … xây dựng kế hoạch …": every reference of the
 * chain, then the issuer named in the sentence that follows.
 */
function readBasis(text: string, plan: ParsedPlan): void {
  const f = fold(text);
  const issuing = issuesAt(f);
  let clauseEnd = text.length;
  if (issuing !== undefined) {
    const before = text.slice(0, issuing);
    clauseEnd = Math.max(before.lastIndexOf(', '), before.lastIndexOf('. '), before.lastIndexOf('; '));
    if (clauseEnd === -1) clauseEnd = issuing;
    if (plan.issuer === undefined || plan.title === '') {
      const issuer = plan.issuer;
      readIssuerSentence(text, issuing, plan);
      if (issuer !== undefined) plan.issuer = issuer;
    }
  }
  const clause = text.slice(0, clauseEnd).replace(/[.\s]+$/, '');
  const { references, uncertain } = readReferences(clause);
  for (const [k, ref] of references.entries()) {
    if (ref.numberAndSymbol !== undefined && plan.basis.some((r) => r.numberAndSymbol === ref.numberAndSymbol)) continue;
    for (const field of uncertain[k]) plan.uncertain.push(`basis[${plan.basis.length}].${field}`);
    plan.basis.push(ref);
  }
}

/** Sections I., II. …: each goes to its field; what fits none is kept. */
function readBody(raw: string[], plan: ParsedPlan): void {
  // A paragraph broken by a page (… góp ý kiến đề / xuất, …) continues in lower case.
  const paragraphs: string[] = [];
  for (const p of raw) {
    const previous = paragraphs[paragraphs.length - 1];
    const continues = previous !== undefined && !ROMAN.test(previous) && !ROMAN.test(clean(p)) &&
      // … but a lettered item (a), b) …) starts in lower case and is a paragraph of its own.
      ((/^\p{Ll}/u.test(p) && classify(p).kind !== 'letter') || (/^\d/.test(p) && /[-–,]$/.test(previous)) ||
        // A bullet cut mid-sentence by a page (… của Ban / Chấp hành Trung ương …).
        (classify(previous).kind === 'bullet' && /\p{L}$/u.test(previous) && classify(p).kind === 'plain'));
    if (continues) paragraphs[paragraphs.length - 1] += ` ${p}`;
    else paragraphs.push(p);
  }
  const sections: { heading: string; paragraphs: string[] }[] = [];
  let ended = false;
  for (const p of paragraphs) {
    const note = p.match(/^\[(\d+)\]\s*(.+)$/);
    if (note) {
      plan.footnotes.push(clean(note[2]));
      continue;
    }
    const heading = clean(p).match(ROMAN);
    if (heading && !ended) {
      sections.push({ heading: heading[2], paragraphs: [] });
      continue;
    }
    if (!sections.length || ended) {
      plan.unclassified.push(p);
      continue;
    }
    // "./." closes the body; what follows before the recipients is not the plan's.
    const closing = /\.\/\.\s*$/.test(p);
    sections[sections.length - 1].paragraphs.push(closing ? p.replace(/\s*\.\/\.\s*$/, '.') : p);
    if (closing) ended = true;
  }
  let assignmentsSeen = false;
  for (const section of sections) {
    const kind = sectionKind(section.heading);
    const nodes = outline(section.paragraphs);
    switch (kind) {
      case 'purposes':
        plan.purposes.push(...nodes.flatMap((n) => [n.text, ...items(n)]));
        break;
      case 'phases':
        readPhases(nodes, plan);
        break;
      case 'content':
        plan.phases.push({ title: stripColon(section.heading), items: nodes.flatMap((n) => [n.text, ...items(n)]) });
        break;
      case 'forms':
        readForms(nodes, plan);
        break;
      case 'mixed':
        for (const n of nodes) {
          const sub = sectionKind(n.text);
          if (sub === 'forms') readForms(n.children, plan);
          else if (sub === 'phases' || sub === 'content' || sub === 'mixed') readPhases([n], plan);
          else plan.unclassified.push(n.raw, ...items(n));
        }
        break;
      case 'assignments':
        assignmentsSeen = true;
        readAssignments(nodes, plan);
        break;
      case 'budget':
        plan.budget = { text: nodes.flatMap((n) => [n.text, ...items(n)]).join('\n') };
        break;
      case 'other':
        plan.unclassified.push(section.heading, ...nodes.flatMap((n) => [n.raw, ...items(n)]));
        break;
    }
  }
  if (assignmentsSeen) plan.reportDuty = reportDuty(plan.assignments);
  if (!plan.budget) {
    const mention = plan.assignments.flatMap((a) => [...a.responsibilities, ...a.subAssignments.flatMap((s) => s.responsibilities)]).find((r) => /kinh phi/.test(fold(r)));
    if (mention) plan.budget = { text: mention };
  }
}

function phaseOf(title: string, items: string[], plan: ParsedPlan, windowPhrase = findWindow(title)): ParsedPhase {
  const phase: ParsedPhase = { title: stripColon(title).replace(/\.$/, ''), items };
  if (!windowPhrase) return phase;
  const last = plan.phases.map((p) => p.endsOn ?? p.startsOn).filter((d) => d !== undefined).pop();
  const referenceYear = last ? Number(last.slice(0, 4)) : plan.issuedOn ? Number(plan.issuedOn.slice(0, 4)) : undefined;
  const w = parseWindow(windowPhrase, { referenceYear, issuedOn: plan.issuedOn });
  if (w.startsOn) phase.startsOn = w.startsOn;
  if (w.endsOn) phase.endsOn = w.endsOn;
  if (w.event) phase.windowText = stripEmphasis(windowPhrase);
  return phase;
}

/**
 * Numbered items with a window are phases; a numbered group without one whose sub-items have
 * windows (1. Thời gian … / 1.1 …, 1.2 …) gives those. Paragraphs before the first item are
 * read sentence by sentence: one with an emphasised window (**từ … đến …**) is a phase.
 */
function readPhases(nodes: OutlineNode[], plan: ParsedPlan): void {
  for (const n of nodes) {
    if (n.kind === 'plain') {
      for (const s of sentences(n.original)) {
        const bold = s.match(/\*\*([^*]+)\*\*/);
        const phrase = bold ? findWindow(bold[1]) ?? bold[1] : undefined;
        if (phrase) plan.phases.push(phaseOf(clean(s), [], plan, phrase));
        else plan.unclassified.push(clean(s));
      }
      continue;
    }
    const subs = n.children.filter((c) => c.kind === 'sub');
    if (!findWindow(n.text) && subs.length && subs.some((s) => findWindow(s.text))) {
      for (const c of n.children) {
        if (c.kind === 'sub') plan.phases.push(phaseOf(c.text, items(c), plan));
        else plan.unclassified.push(c.raw, ...items(c));
      }
      continue;
    }
    plan.phases.push(phaseOf(n.text, items(n), plan));
  }
}

/** Forms: each numbered item; "Title: what it means" splits at the colon of a short title. */
function readForms(nodes: OutlineNode[], plan: ParsedPlan): void {
  for (const n of nodes) {
    const form: ParsedForm = { title: n.text, items: items(n) };
    const colon = n.text.indexOf(': ');
    const rest = colon > 0 ? n.text.slice(colon + 2) : '';
    if (colon > 0 && colon < 80) {
      form.title = n.text.slice(0, colon);
      form.items = [rest, ...form.items];
    } else if (colon > 0 && rest.split('; ').length > 2) {
      // "… bằng các hình thức phù hợp: a; b; c": the channels are the list.
      form.title = n.text.slice(0, colon);
      form.items = [...rest.split('; ').map((s) => s.trim()), ...form.items];
    }
    form.title = stripColon(form.title);
    plan.forms.push(form);
  }
}

/** Verbs that end an assignee's name when the item is a sentence ("Văn phòng BQLKKT tỉnh đôn đốc …"). */
const VERB = /\s(?:tham muu|chi dao(?!\s+\d)|to chuc (?:tot|thuc hien|trien khai|phat dong)|don doc|theo doi|phoi hop|co trach nhiem|tang cuong|chu tri|xay dung ke hoach|thuc hien|trien khai)\b/;

function assigneeOf(text: string): { assignee: string; inline: boolean } {
  let t = stripColon(text);
  t = t.replace(/^Căn cứ [^,]+,\s*/u, '');
  const f = fold(t);
  const verb = f.match(VERB);
  if (verb?.index !== undefined) {
    const tail = t.slice(verb.index).trim();
    // "UBND huyện chỉ đạo" is a heading: the verb ends it.
    if (fold(tail) === 'chi dao') return { assignee: t.slice(0, verb.index).trim(), inline: false };
    return { assignee: t.slice(0, verb.index).trim(), inline: true };
  }
  return { assignee: t, inline: false };
}

const OWN_PLAN = /xay dung (?:ke hoach|va to chuc thuc hien)/;

function assignmentOf(n: OutlineNode, unclassified: string[]): ParsedAssignment {
  const colon = n.text.indexOf(': ');
  const head = colon > 0 && colon < 80 ? n.text.slice(0, colon) : n.text;
  const { assignee, inline } = assigneeOf(head);
  const responsibilities: string[] = [];
  if (head !== n.text) responsibilities.push(n.text.slice(colon + 2));
  else if (inline) responsibilities.push(n.text);
  const subAssignments: ParsedSubAssignment[] = [];
  n.children.forEach((c, k) => {
    // "Chỉ đạo Phòng VH-TT, Trung tâm văn hóa …:" over bullets: the units it directs take those duties.
    const directs = !inline && c.kind === 'plain' ? c.text.match(/^Chỉ đạo\s+(.+):$/u) : null;
    if (directs) {
      const duties = n.children.slice(k + 1).filter((d) => d.kind === 'bullet').flatMap((d) => [d.text, ...items(d)]);
      for (const name of directs[1].split(/,\s*|\s+và\s+/u).map((x) => x.trim())) {
        if (name !== '' && !/^các đơn vị (có )?liên quan$/u.test(name)) {
          subAssignments.push({ assignee: name, responsibilities: duties, requiresOwnPlan: OWN_PLAN.test(fold(duties.join(' '))) });
        }
      }
    }
  });
  for (const c of n.children) {
    if (c.kind === 'sub' || c.kind === 'letter') {
      const { subAssignments: _nested, ...sub } = assignmentOf(c, unclassified);
      subAssignments.push(sub);
    } else if (inline && c.kind === 'plain') {
      // After a one-sentence assignment, a loose paragraph is not one of its duties (web page leftovers).
      unclassified.push(c.raw);
    } else {
      responsibilities.push(c.text, ...items(c));
    }
  }
  const all = fold(responsibilities.join(' '));
  const assignment: ParsedAssignment = { assignee, responsibilities, requiresOwnPlan: OWN_PLAN.test(all), subAssignments };
  const due = all.match(/truoc ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/);
  if (due) assignment.dueOn = isoDate(due);
  return assignment;
}

function readAssignments(nodes: OutlineNode[], plan: ParsedPlan): void {
  for (const n of nodes) {
    if (n.kind === 'plain' || n.kind === 'bullet' || n.kind === 'plus') plan.unclassified.push(n.raw, ...items(n));
    else plan.assignments.push(assignmentOf(n, plan.unclassified));
  }
}

/** The monitoring unit (the assignee that urges, đôn đốc), the report deadline and whether reports are periodic. */
function reportDuty(assignments: ParsedAssignment[]): ParsedReportDuty | undefined {
  const all = assignments.flatMap((a) => [a, ...a.subAssignments]);
  const text = (a: ParsedSubAssignment) => fold(a.responsibilities.join(' '));
  const reports = all.map(text).join(' ');
  const urging = all.find((a) => /don doc/.test(text(a)));
  const through = reports.match(/bao cao[^.;]*?\(qua ([^)]+)\)/);
  const due = reports.match(/bao cao[^.;]*?truoc ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/);
  const periodic = /dinh ky bao cao|bao cao dinh ky/.test(reports);
  if (!urging && !through && !due && !periodic) return undefined;
  const duty: ParsedReportDuty = { periodic };
  if (urging) duty.collector = urging.assignee;
  else if (through) {
    const original = all.flatMap((a) => a.responsibilities).join(' ').match(/\(qua ([^)]+)\)/u);
    if (original) duty.collector = original[1].trim();
  }
  if (due) duty.dueOn = isoDate(due);
  return duty;
}

const PURPOSES: [RegExp, RecipientPurpose][] = [
  [/\(\s*(?:de\s*)?(?:b\s*\/\s*c|bao cao)\s*\)/, 'report'],
  [/\(\s*(?:de\s*)?(?:t\s*\/\s*h|thuc hien)\s*\)/, 'implement'],
  [/\(\s*(?:de\s*)?(?:p\s*\/\s*h|phoi hop)\s*\)/, 'coordinate'],
];

/** Recipients (a purpose in brackets covers the lines since the last one; `Lưu` is the archive), then the signature block. */
function readTail(lines: string[], plan: ParsedPlan): void {
  const recipients: ParsedRecipient[] = [];
  let pending: ParsedRecipient[] = [];
  let k = 0;
  for (; k < lines.length; k++) {
    const m = lines[k].match(/^[-+•–]\s*(.+)$/);
    if (!m) break;
    let name = m[1];
    const f = fold(name);
    const purpose = PURPOSES.find(([re]) => re.test(f))?.[1];
    name = name.replace(/\([^)]*\)/g, ' ').replace(/[\s,;.]+$/, '').replace(/[;,]\s*$/, '').replace(/\s{2,}/g, ' ').trim();
    if (/^luu\b/.test(f)) {
      recipients.push(...pending, { name, purpose: 'archive' });
      pending = [];
      continue;
    }
    const recipient: ParsedRecipient = { name, purpose: 'implement' };
    pending.push(recipient);
    if (purpose) {
      for (const r of pending) r.purpose = purpose;
      recipients.push(...pending);
      pending = [];
    }
  }
  recipients.push(...pending);
  plan.recipients = recipients;

  const signature: ParsedSignature = {};
  for (; k < lines.length; k++) {
    const line = clean(lines[k]);
    const authority = line.match(AUTHORITY);
    if (authority && !signature.authority) {
      signature.authority = authority[1];
      signature.onBehalfOf = authority[2].trim();
    } else if (!signature.signerTitle && !signature.signerName && line === line.toUpperCase() && /\p{Lu}/u.test(line) && line.split(' ').length <= 8) {
      signature.signerTitle = line;
    } else if (!signature.signerName && /^(\p{Lu}\p{Ll}*\s){1,5}\p{Lu}\p{Ll}*$/u.test(line)) {
      signature.signerName = line;
    } else {
      plan.unclassified.push(lines[k]);
    }
  }
  if (Object.keys(signature).length) plan.signature = signature;
}

/** Whether the text reads as a plan at all: a title and at least one part of a plan's body. */
export function isPlan(plan: ParsedPlan): boolean {
  return plan.title !== '' && plan.purposes.length + plan.phases.length + plan.forms.length + plan.assignments.length > 0;
}
