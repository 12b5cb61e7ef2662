/**
 * The pure half of a reorganisation: parse the pinned request shape, then check the changes
 * as a whole against the part of the tree they touch (no database, no Nest): what is created,
 * dissolved (and into what), renamed and moved; cycles; orphaned units; a unit in two changes.
 */

export type SymbolStyle = 'party' | 'state';

export interface NewUnit {
  name: string;
  shortName: string;
  kind: string;
  parentId: string | null;
  symbolStyle: SymbolStyle;
}

export type Change =
  | { kind: 'merge'; from: string[]; into: string | NewUnit }
  | { kind: 'dissolve'; unitId: string; successorId: string }
  | { kind: 'split'; unitId: string; into: (string | NewUnit)[]; map: Record<string, number> }
  | { kind: 'rename'; unitId: string; name: string; shortName?: string }
  | { kind: 'move'; unitId: string; parentId: string | null };

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** A rule the changes break together (422 REORGANISATION_INVALID). */
export interface Problem {
  code: 'UNIT_IN_TWO_CHANGES' | 'UNIT_NOT_CURRENT' | 'SUCCESSOR_DISSOLVED' | 'PARENT_DISSOLVED' | 'CYCLE' | 'ORPHANED_CHILDREN' | 'UNMAPPED_ITEMS' | 'UNKNOWN_ITEMS' | 'SELF_SUCCESSOR';
  change: number;
  message: string;
  unitIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHORT_NAME = /^[\p{L}\p{N}]+$/u;
const KIND = /^[a-z][a-z_]*$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Changes in one request: a province-wide merger is a few thousand. */
export const MAX_CHANGES = 5000;

/** A calendar day (2025-02-30 is not one). */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The day before `day` (a dissolved unit's last day of validity). */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Checks the request's shape field by field; returns the changes or every problem found. */
export function parseChanges(body: unknown): { effectiveOn: string; changes: Change[] } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, messages: [message] });
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!isDay(input.effectiveOn)) bad('effectiveOn', 'effectiveOn must be a calendar day YYYY-MM-DD');
  if (!Array.isArray(input.changes) || input.changes.length === 0) {
    bad('changes', 'changes must be a non-empty array');
    return { problems };
  }
  if (input.changes.length > MAX_CHANGES) {
    bad('changes', `at most ${MAX_CHANGES} changes`);
    return { problems };
  }
  const uuid = (field: string, v: unknown): v is string => (typeof v === 'string' && UUID.test(v)) || (bad(field, `${field} must be a UUID`), false);
  const text = (field: string, v: unknown, max: number): v is string =>
    (typeof v === 'string' && v.trim() !== '' && v.length <= max) || (bad(field, `${field} must be a non-empty string of at most ${max} characters`), false);
  const shortName = (field: string, v: unknown): v is string =>
    (typeof v === 'string' && SHORT_NAME.test(v.trim()) && v.length <= 30) || (bad(field, `${field} must be letters and digits only`), false);
  const newUnit = (field: string, v: unknown): NewUnit | undefined => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return (bad(field, `${field} must be a unit id or a new unit`), undefined);
    const u = v as Record<string, unknown>;
    const ok = [
      text(`${field}.name`, u.name, 300),
      shortName(`${field}.shortName`, u.shortName),
      (typeof u.kind === 'string' && KIND.test(u.kind)) || (bad(`${field}.kind`, 'kind must be a unit kind code'), false),
      u.parentId === null || uuid(`${field}.parentId`, u.parentId),
      u.symbolStyle === 'party' || u.symbolStyle === 'state' || (bad(`${field}.symbolStyle`, "symbolStyle must be 'party' or 'state'"), false),
    ].every(Boolean);
    return ok ? { name: (u.name as string).trim(), shortName: (u.shortName as string).trim(), kind: u.kind as string, parentId: u.parentId as string | null, symbolStyle: u.symbolStyle as SymbolStyle } : undefined;
  };
  const target = (field: string, v: unknown): string | NewUnit | undefined => (typeof v === 'string' ? (uuid(field, v) ? v : undefined) : newUnit(field, v));
  const changes: Change[] = [];
  input.changes.forEach((raw: unknown, i: number) => {
    const at = `changes[${i}]`;
    const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    switch (c.kind) {
      case 'merge': {
        const from = Array.isArray(c.from) && c.from.length > 0 && c.from.every((v, j) => uuid(`${at}.from[${j}]`, v)) ? (c.from as string[]) : undefined;
        if (!Array.isArray(c.from) || c.from.length === 0) bad(`${at}.from`, 'from must list at least one unit');
        const into = target(`${at}.into`, c.into);
        if (from && into) changes.push({ kind: 'merge', from, into });
        return;
      }
      case 'dissolve':
        if (uuid(`${at}.unitId`, c.unitId) && uuid(`${at}.successorId`, c.successorId)) changes.push({ kind: 'dissolve', unitId: c.unitId, successorId: c.successorId });
        return;
      case 'split': {
        const into = Array.isArray(c.into) && c.into.length >= 2 ? c.into.map((v, j) => target(`${at}.into[${j}]`, v)) : (bad(`${at}.into`, 'into must list at least two successors'), undefined);
        const mapOk = typeof c.map === 'object' && c.map !== null && !Array.isArray(c.map);
        if (!mapOk) bad(`${at}.map`, 'map must be an object from open item id to successor index');
        const map = (mapOk ? c.map : {}) as Record<string, unknown>;
        for (const [item, index] of Object.entries(map)) {
          if (!UUID.test(item)) bad(`${at}.map`, `${item} is not an item id`);
          if (!Number.isInteger(index) || (index as number) < 0 || (into && (index as number) >= into.length)) bad(`${at}.map.${item}`, 'must be the index of one of into');
        }
        if (uuid(`${at}.unitId`, c.unitId) && into && into.every(Boolean) && mapOk) changes.push({ kind: 'split', unitId: c.unitId, into: into as (string | NewUnit)[], map: map as Record<string, number> });
        return;
      }
      case 'rename': {
        const ok = [uuid(`${at}.unitId`, c.unitId), text(`${at}.name`, c.name, 300), c.shortName === undefined || shortName(`${at}.shortName`, c.shortName)].every(Boolean);
        if (ok) changes.push({ kind: 'rename', unitId: c.unitId as string, name: (c.name as string).trim(), ...(c.shortName !== undefined && { shortName: (c.shortName as string).trim() }) });
        return;
      }
      case 'move':
        if (uuid(`${at}.unitId`, c.unitId) && (c.parentId === null || uuid(`${at}.parentId`, c.parentId))) changes.push({ kind: 'move', unitId: c.unitId, parentId: c.parentId });
        return;
      default:
        bad(`${at}.kind`, "kind must be one of merge, split, dissolve, rename, move");
    }
  });
  return problems.length > 0 ? { problems } : { effectiveOn: input.effectiveOn as string, changes };
}

/** Every unit id a change names (to load, lock and check the caller's scope over). */
export function namedUnits(changes: Change[]): string[] {
  const ids = new Set<string>();
  const add = (t: string | NewUnit | null) => {
    const id = typeof t === 'string' ? t : t?.parentId;
    if (id) ids.add(id);
  };
  for (const c of changes) {
    if (c.kind === 'merge') [...c.from, c.into].forEach(add);
    else if (c.kind === 'dissolve') [c.unitId, c.successorId].forEach(add);
    else if (c.kind === 'split') [c.unitId, ...c.into].forEach(add);
    else if (c.kind === 'rename') add(c.unitId);
    else [c.unitId, c.parentId].forEach(add);
  }
  return [...ids];
}

/** A unit as the check sees it: where it hangs and whether it is valid on the effective day. */
export interface TreeNode {
  id: string;
  parentId: string | null;
  /** May be changed on the day: valid, begun before it, no later period recorded. */
  current: boolean;
  /** Valid on the day (a unit created by an earlier reorganisation of the same day may take successors and children); default `current`. */
  exists?: boolean;
}

/** Where a unit's open work goes: an existing unit, or the n-th unit the reorganisation creates. */
export type Successor = { unitId: string } | { created: number };

export interface Outcome {
  created: NewUnit[];
  /** Dissolved unit → its one successor, or (split) the successors and the item map. */
  dissolved: Map<string, { successor: Successor } | { successors: Successor[]; map: Record<string, number> }>;
  renamed: Map<string, { name: string; shortName?: string }>;
  moved: Map<string, string | null>;
  problems: Problem[];
}

/**
 * The reorganisation taken as a whole. `tree` holds at least every named unit, its ancestors
 * and the current children of every unit dissolved; `openItems` the open work of split units.
 */
export function planReorganisation(changes: Change[], tree: Map<string, TreeNode>, openItems: Map<string, string[]> = new Map()): Outcome {
  const out: Outcome = { created: [], dissolved: new Map(), renamed: new Map(), moved: new Map(), problems: [] };
  const problem = (code: Problem['code'], change: number, message: string, unitIds: string[]) => out.problems.push({ code, change, message, unitIds });
  const claimed = new Map<string, number>();
  const claim = (id: string, i: number) => {
    if (claimed.has(id) && claimed.get(id) !== i) problem('UNIT_IN_TWO_CHANGES', i, `The unit is already changed by change ${claimed.get(id)}`, [id]);
    else claimed.set(id, i);
    if (!tree.get(id)?.current) problem('UNIT_NOT_CURRENT', i, 'The unit is not valid on the effective day', [id]);
  };
  const successor = (t: string | NewUnit): Successor => {
    if (typeof t === 'string') return { unitId: t };
    out.created.push(t);
    return { created: out.created.length - 1 };
  };
  const exists = (id: string) => {
    const n = tree.get(id);
    return n !== undefined && (n.exists ?? n.current);
  };
  const createdParents: { parentId: string | null; change: number }[] = [];
  changes.forEach((c, i) => {
    if (c.kind === 'merge') {
      c.from.forEach((id) => claim(id, i));
      if (typeof c.into !== 'string') createdParents.push({ parentId: c.into.parentId, change: i });
      else if (c.from.includes(c.into)) problem('SELF_SUCCESSOR', i, 'A unit cannot be merged into itself', [c.into]);
      const to = successor(c.into);
      for (const id of c.from) out.dissolved.set(id, { successor: to });
    } else if (c.kind === 'dissolve') {
      claim(c.unitId, i);
      if (c.unitId === c.successorId) problem('SELF_SUCCESSOR', i, 'A unit cannot succeed itself', [c.unitId]);
      out.dissolved.set(c.unitId, { successor: { unitId: c.successorId } });
    } else if (c.kind === 'split') {
      claim(c.unitId, i);
      c.into.forEach((t) => typeof t !== 'string' && createdParents.push({ parentId: t.parentId, change: i }));
      if (c.into.includes(c.unitId)) problem('SELF_SUCCESSOR', i, 'A unit cannot be split into itself', [c.unitId]);
      out.dissolved.set(c.unitId, { successors: c.into.map(successor), map: c.map });
      const open = openItems.get(c.unitId) ?? [];
      const unmapped = open.filter((item) => !(item in c.map));
      const unknown = Object.keys(c.map).filter((item) => !open.includes(item));
      if (unmapped.length > 0) problem('UNMAPPED_ITEMS', i, `${unmapped.length} open items of the unit are not mapped to a successor`, unmapped);
      if (unknown.length > 0) problem('UNKNOWN_ITEMS', i, `${unknown.length} mapped items are not open items of the unit`, unknown);
    } else if (c.kind === 'rename') {
      claim(c.unitId, i);
      out.renamed.set(c.unitId, { name: c.name, shortName: c.shortName });
    } else {
      claim(c.unitId, i);
      out.moved.set(c.unitId, c.parentId);
    }
  });
  // Successors and new parents must outlive the change.
  changes.forEach((c, i) => {
    const succ = c.kind === 'merge' ? [c.into] : c.kind === 'dissolve' ? [c.successorId] : c.kind === 'split' ? c.into : [];
    for (const s of succ) {
      if (typeof s !== 'string') continue;
      if (out.dissolved.has(s)) problem('SUCCESSOR_DISSOLVED', i, 'The successor is itself dissolved by this reorganisation', [s]);
      else if (!exists(s)) problem('UNIT_NOT_CURRENT', i, 'The successor is not valid on the effective day', [s]);
    }
    if (c.kind === 'move' && c.parentId !== null) {
      if (out.dissolved.has(c.parentId)) problem('PARENT_DISSOLVED', i, 'The new parent is dissolved by this reorganisation', [c.parentId]);
      else if (!exists(c.parentId)) problem('UNIT_NOT_CURRENT', i, 'The new parent is not valid on the effective day', [c.parentId]);
    }
  });
  for (const { parentId, change } of createdParents) {
    if (parentId === null) continue;
    if (out.dissolved.has(parentId)) problem('PARENT_DISSOLVED', change, 'The new unit\'s parent is dissolved by this reorganisation', [parentId]);
    else if (!exists(parentId)) problem('UNIT_NOT_CURRENT', change, 'The new unit\'s parent is not valid on the effective day', [parentId]);
  }
  // After the change: every surviving unit hangs under a surviving unit, and no unit under itself.
  const parentAfter = (id: string): string | null => (out.moved.has(id) ? out.moved.get(id)! : (tree.get(id)?.parentId ?? null));
  const orphans = [...tree.values()].filter((n) => (n.exists ?? n.current) && !out.dissolved.has(n.id) && n.parentId !== null && !out.moved.has(n.id) && out.dissolved.has(n.parentId));
  if (orphans.length > 0) problem('ORPHANED_CHILDREN', -1, `${orphans.length} units would hang under a dissolved unit: move, merge or dissolve them too`, orphans.map((n) => n.id));
  for (const id of out.moved.keys()) {
    const seen = new Set<string>([id]);
    for (let at = parentAfter(id); at !== null; at = parentAfter(at)) {
      if (seen.has(at)) {
        problem('CYCLE', changes.findIndex((c) => c.kind === 'move' && c.unitId === id), 'The move would put a unit under itself', [id]);
        break;
      }
      seen.add(at);
    }
  }
  return out;
}
