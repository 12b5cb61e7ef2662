import { fold } from './text.js';

/** A unit of the organisation tree as the matcher needs it. */
export interface TreeUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

/** Abbreviations as the documents write them (upper case only: `tu` is also a word), longest first. */
const ABBREVIATIONS: [RegExp, string][] = [
  [/BTG(?=[A-ZĐ]{2,})/gu, 'Ban Tuyên giáo '],
  [/BDV(?=[A-ZĐ]{2,})/gu, 'Ban Dân vận '],
  [/UBKT(?=[A-ZĐ]{2,})/gu, 'Ủy ban Kiểm tra '],
  [/VP(?=[A-ZĐ]{2,})/gu, 'Văn phòng '],
  [/\bVH\s*-?\s*TT\b/gu, 'Văn hóa Thông tin'],
  [/BQLKKT/gu, 'Ban Quản lý Khu kinh tế'],
  [/STTTT/gu, 'Sở Thông tin và Truyền thông'],
  [/UBND/gu, 'Ủy ban nhân dân'],
  [/HĐND/gu, 'Hội đồng nhân dân'],
  [/MTTQ/gu, 'Mặt trận Tổ quốc'],
  [/TTĐT/gu, 'Thông tin điện tử'],
  [/TDTT/gu, 'Thể dục thể thao'],
  [/LĐLĐ/gu, 'Liên đoàn Lao động'],
  [/HLHPN/gu, 'Hội Liên hiệp Phụ nữ'],
  [/BCĐ/gu, 'Ban Chỉ đạo'],
  [/BCH/gu, 'Ban Chấp hành'],
  [/CCB/gu, 'Cựu chiến binh'],
  [/(?:ĐUK|DUK)/gu, 'Đảng ủy Khối'],
  [/KKT/gu, 'Khu kinh tế'],
  [/(?<![\p{L}\d])QU(?![\p{L}\d])/gu, 'Quận ủy'],
  [/(?<![\p{L}\d])HU(?![\p{L}\d])/gu, 'Huyện ủy'],
  [/(?<![\p{L}\d])VP(?![\p{L}\d])/gu, 'Văn phòng'],
];

/** Words that say nothing about which unit is meant. */
const STOP = new Set(['cac', 'va', 'cua', 'thuoc', 'truc', 'voi', 'o', 'tai']);

/** Names of a group of units, the kinds of the issuer's units they stand for, and which names of those. */
const GROUPS: [RegExp, string[], RegExp?][] = [
  [/^cac (?:to chuc co so dang|(?:cap uy )?chi,? (?:bo,? )?dang bo(?: co so| truc thuoc)?)\b/, ['grassroots_committee', 'party_cell']],
  [/^cac (?:doan the|to chuc) chinh tri\s*-?\s*xa hoi\b/, ['mass_organisation']],
  [/^cac phong,? (?:ban,? )?don vi truc thuoc\b/, ['department', 'state_body']],
  // The Party-building boards: organisation, propaganda, mass mobilisation, inspection (not the office).
  [/^cac ban xay dung dang\b/, ['department'], /^(?:ban|uy ban kiem tra) /],
];

/** "TU" is a provincial (Tỉnh ủy) or a city (Thành ủy) committee: both readings are tried. */
function readings(name: string): string[] {
  let s = name;
  for (const [re, full] of ABBREVIATIONS) s = s.replace(re, full);
  const tu = /(?<![\p{L}\d])TU(?![\p{L}\d])/gu;
  return tu.test(s) ? [s.replace(tu, 'Tỉnh ủy'), s.replace(tu, 'Thành ủy')] : [s];
}

function tokens(text: string): Set<string> {
  return new Set(fold(text).split(/[^a-z0-9]+/).filter((t) => t !== '' && !STOP.has(t)));
}

/** The one unit whose name holds every word of `name` with the fewest words besides, or undefined (none, or a tie). */
function best(name: string, candidates: TreeUnit[]): TreeUnit | undefined {
  let found: TreeUnit | undefined;
  let fewest = Infinity;
  let tie = false;
  for (const reading of readings(name)) {
    const want = tokens(reading);
    if (want.size === 0) continue;
    for (const unit of candidates) {
      const have = tokens(unit.name);
      if (![...want].every((t) => have.has(t))) continue;
      const extra = have.size - want.size;
      if (extra < fewest) {
        found = unit;
        fewest = extra;
        tie = false;
      } else if (extra === fewest && unit.id !== found?.id) {
        tie = true;
      }
    }
  }
  return tie ? undefined : found;
}

/** Leadership words before a body's name: "Lãnh đạo UBND Quận" is addressed to UBND Quận. */
const LEADERSHIP = /^(?:lãnh đạo|thường trực|ban thường vụ)\s+/iu;

/**
 * One unit for a name, accent-insensitively and through the usual abbreviations (UBND, MTTQ,
 * HĐND, BTG, ĐUK, QU, TU …), or undefined when no unit or more than one fits.
 */
export function matchUnit(name: string, candidates: TreeUnit[]): TreeUnit | undefined {
  const direct = best(name, candidates);
  if (direct || !LEADERSHIP.test(name)) return direct;
  return best(name.replace(LEADERSHIP, ''), candidates);
}

/**
 * The units an assignee name stands for, below `issuer`: one unit, a group (*các chi, đảng bộ
 * trực thuộc* → the issuer's grassroots organisations), or several joined by *và*. `unmatched`
 * holds the parts that fit nothing.
 */
export function matchAssignees(name: string, issuer: TreeUnit, units: TreeUnit[]): { units: TreeUnit[]; unmatched: string[] } {
  const one = matchUnit(name, units);
  if (one) return { units: [one], unmatched: [] };
  const parts = name.split(/\s+và\s+(?=các\s|\p{Lu})/u);
  if (parts.length > 1) {
    const found = parts.map((p) => matchAssignees(p.trim(), issuer, units));
    return { units: found.flatMap((f) => f.units), unmatched: found.flatMap((f) => f.unmatched) };
  }
  const group = GROUPS.find(([re]) => re.test(fold(name).trim()));
  if (!group) return { units: [], unmatched: [name] };
  const [, kinds, named] = group;
  const members = units.filter((u) => u.parentId === issuer.id && kinds.includes(u.kind) && (!named || named.test(fold(u.name))));
  return members.length ? { units: members, unmatched: [] } : { units: [], unmatched: [name] };
}
