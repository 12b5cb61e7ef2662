import { findDates } from './dates.js';
import type { ParsedReference } from './parsed-plan.js';
import { readSymbol } from './symbols.js';
import { fold } from './text.js';

/**
 * The documents a basis sentence cites (`Căn cứ …`, `Thực hiện …`, `Triển khai …`, `Theo …`,
 * `Xét đề nghị …`, `Trên cơ sở …`), several in one sentence joined by `,`, `;`, `và`: each
 * with its kind from the word that names it (normalised: `Tờ trình số 1044/TT-STC` is a TTr),
 * number and symbol, date, issuer and subject, and the words as written. Pure.
 */

/** Kind words, folded, longest first, and their codes. */
const KIND_WORDS: [string, string][] = [
  ['thong tu lien tich', 'TTLT'], ['chuong trinh hanh dong', 'CTr'], ['nghi dinh', 'NĐ'], ['nghi quyet', 'NQ'], ['quyet dinh', 'QĐ'],
  ['quy dinh', 'QĐi'], ['chi thi', 'CT'], ['ket luan', 'KL'], ['thong tu', 'TT'], ['cong van', 'CV'], ['cong dien', 'CĐ'], ['to trinh', 'TTr'],
  ['ke hoach', 'KH'], ['huong dan', 'HD'], ['chuong trinh', 'CTr'], ['thong bao', 'TB'], ['bao cao', 'BC'], ['de an', 'ĐA'], ['phuong an', 'PA'],
  ['quy che', 'QC'], ['van ban', 'CV'], ['luat', 'Luật'],
];
/** A kind word followed (after `số`, `số:`) by a number: a numbered reference starts there. */
const NUMBERED = new RegExp(`(?:^|[\\s,;(“"-])(${KIND_WORDS.map(([w]) => w).join('|')})(?:\\s+so)?\\s*:?\\s*(?=\\d)`, 'g');
/** A law named by its title, at the start of a clause: `Căn cứ Luật Tổ chức …`, `…; Luật Ngân sách …`. */
const LAW = /(?:^|(?:can cu|thuc hien|theo|trien khai)\s+|[;,]\s+|\s-\s)(luat)\s+(?=\S)/g;

/** Where an issuer's name ends: the subject (về …, phê duyệt …) or the next clause. */
const ISSUER_END = new RegExp(
  [
    '\\sve(?:\\s|viec)', '\\sphe duyet', '\\squy dinh', '\\shuong dan', 'ban ?hanh', '\\ssua doi', '\\scong bo', '\\sthuc hien', '\\strien khai',
    '\\stiep tuc', '\\sphat dong', '\\sthanh lap', '\\sngay\\s', '\\stai\\s+(?:to trinh|cong van|van ban)', '\\sxay dung', '\\sdoi voi', '[;“"]', '\\.\\s', '\\.$',
  ].join('|'),
);

function issuerAt(text: string): { issuer: string; end: number } {
  const f = fold(text);
  let end = text.length;
  const stop = f.match(ISSUER_END);
  if (stop?.index !== undefined) end = stop.index;
  // A comma ends the name, unless it sits inside a ministry's own name (Bộ Lao động, Thương binh và Xã hội).
  let comma = text.indexOf(',');
  while (comma !== -1 && comma < end) {
    const before = text.slice(0, comma).trim().split(/\s+/).length;
    if (!(before <= 3 && /^,\s*\p{Lu}/u.test(text.slice(comma)))) {
      end = comma;
      break;
    }
    comma = text.indexOf(',', comma + 1);
  }
  // The next reference begins after "và" (… của Bộ Chính trị và Công văn số …).
  let issuer = text.slice(0, end).replace(/[\s,;.]+$/, '').replace(/\s+(?:và|cùng)$/u, '').trim();
  // The closing bracket of a citation in brackets (… của Ủy ban nhân dân xã Xuân Phú)).
  if ((issuer.match(/\)/g)?.length ?? 0) > (issuer.match(/\(/g)?.length ?? 0)) issuer = issuer.replace(/\)+$/, '').trim();
  return { issuer, end };
}

interface Start {
  at: number;
  kind: string;
  /** Where the symbol (or a law's title) begins. */
  body: number;
  law: boolean;
}

function starts(f: string): Start[] {
  const found: Start[] = [];
  for (const m of f.matchAll(NUMBERED)) {
    const at = m.index + m[0].indexOf(m[1]);
    found.push({ at, kind: KIND_WORDS.find(([w]) => w === m[1])![1], body: m.index + m[0].length, law: m[1] === 'luat' });
  }
  for (const m of f.matchAll(LAW)) {
    const at = m.index + m[0].lastIndexOf('luat');
    if (!found.some((s) => s.at === at)) found.push({ at, kind: 'Luật', body: at, law: true });
  }
  return found.sort((a, b) => a.at - b.at);
}

/** Every reference of a basis clause, in order, without repeats (a reference cited again inside another's subject). */
export function readReferences(clause: string): { references: ParsedReference[]; uncertain: string[][] } {
  const f = fold(clause);
  const all = starts(f);
  // A line whose opening words the copy lost (ố 09/2019/NĐ-CP …): the symbol's own kind.
  if (all.length === 0) {
    const bare = clause.match(/(?<![\d/])\d{1,5}\/(?:\d{4}\/)?\p{Lu}{1,4}-\p{Lu}/u);
    const kind = bare?.index !== undefined ? readSymbol(clause.slice(bare.index))?.kind : undefined;
    if (bare?.index !== undefined && kind) all.push({ at: bare.index, kind, body: bare.index, law: false });
  }
  const references: ParsedReference[] = [];
  const uncertain: string[][] = [];
  all.forEach((s, k) => {
    const next = all.slice(k + 1).find((n) => n.at > s.at)?.at ?? clause.length;
    const segment = clause.slice(s.at, next);
    const fs = f.slice(s.at, next);
    const unsure: string[] = [];
    const ref: ParsedReference = { type: s.kind, verbatim: segment.replace(/[\s,;.]+$/, '').replace(/\s+/g, ' ').trim() };
    let afterSymbol = 0;
    if (s.law) {
      // A law: its title runs to its number (số …), its date (ngày …), its year (năm …) or the clause's end.
      const title = fs.match(/^luat\s+.*?(?=\s+so\s*\d|\s+ngay\s|\s+nam\s+\d{4}|[;,](?!\s*bo sung)|$)/);
      const end = title ? title[0].length : segment.length;
      ref.title = segment.slice(0, end).replace(/\s+/g, ' ').trim();
      const numbered = fs.slice(end).match(/^\s+so\s*/);
      if (numbered) {
        const symbol = readSymbol(segment.slice(end + numbered[0].length));
        if (symbol) {
          ref.numberAndSymbol = symbol.numberAndSymbol;
          afterSymbol = end + numbered[0].length + symbol.length;
        }
      } else afterSymbol = end;
      const year = fs.slice(afterSymbol).match(/^\s+nam\s+(\d{4})\b/);
      if (year) ref.year = +year[1];
    } else {
      const symbol = readSymbol(segment.slice(s.body - s.at));
      if (!symbol) return;
      ref.numberAndSymbol = symbol.numberAndSymbol;
      if (symbol.repaired) unsure.push('numberAndSymbol');
      // "văn bản số 238/UBND-KGVX" names no kind of its own: the symbol's, else a công văn.
      if (fs.startsWith('van ban')) ref.type = symbol.kind ?? 'CV';
      afterSymbol = s.body - s.at + symbol.length;
    }
    // The date sits between the symbol and the issuer (… số 19/CT-TTg ngày 16/7/2021 của …) or right after the issuer.
    const of = fs.slice(afterSymbol).match(/\scua\s/);
    const dateZone = of?.index !== undefined ? segment.slice(afterSymbol, afterSymbol + of.index) : segment.slice(afterSymbol, afterSymbol + 60);
    let date = findDates(dateZone)[0];
    if (of?.index !== undefined) {
      const from = afterSymbol + of.index + of[0].length;
      const { issuer, end } = issuerAt(segment.slice(from));
      if (issuer !== '') {
        ref.issuer = issuer;
        if (issuer.split(/\s+/).length > 14) unsure.push('issuer');
      }
      if (!date) {
        const after = segment.slice(from + end);
        const d = findDates(after)[0];
        if (d && /^\s*ngay\s*$/.test(fold(after.slice(0, d.index)) + ' ') && d.index < 8) date = d;
        else if (d && d.index <= 6) date = d;
      }
      const about = fold(segment.slice(from + end)).match(/^\s*ve\s*(?:viec\s*)?/);
      if (about) {
        // The subject runs to the end of the clause: a chained reference is part of it.
        ref.title = clause.slice(s.at + from + end + about[0].length).split(/;\s/)[0].replace(/[\s;,]+$/, '').trim();
        // As written: the citation with its subject, a chained reference included.
        ref.verbatim = clause.slice(s.at, s.at + from + end + about[0].length).concat(ref.title).replace(/\s+/g, ' ').trim();
      }
    } else if (!s.law) {
      // "Xét đề nghị của Sở Tài chính tại Tờ trình số …": the proposer is named before.
      const proposer = clause.slice(0, s.at).match(/đề nghị của\s+(.+?)\s+tại\s*$/iu);
      if (proposer) ref.issuer = proposer[1].trim();
    }
    if (date) {
      ref.issuedOn = date.iso;
      if (date.repaired) unsure.push('issuedOn');
    }
    if (ref.numberAndSymbol && references.some((r) => r.numberAndSymbol === ref.numberAndSymbol)) return;
    if (!ref.numberAndSymbol && references.some((r) => r.title === ref.title)) return;
    references.push(ref);
    uncertain.push(unsure);
  });
  return { references, uncertain };
}
