/**
 * The pure half of a reorganisation: parse the pinned request shape, then check the changes
 * as a whole against the part of the tree they touch (no database, no Nest): what is created,
 * dissolved (and into what), renamed and moved; cycles; orphaned units; a unit in two changes.
 */

export type SymbolStyle = 'party' | 'state';

/** A unit created earlier in the same request, by the `key` its new-unit object was given. */
export interface UnitRef {
  key: string;
}

export interface NewUnit {
  name: string;
  shortName: string;
  kind: string;
  parentId: string | null | UnitRef;
  symbolStyle: SymbolStyle;
  /** Chosen by the client so that later changes of the same request can name this unit (`{ "key" }`). */
  key?: string;
}

/** Where a successor or a parent is given: an existing unit's id, or a unit created earlier in the request. */
export type UnitId = string | UnitRef;

export type Change =
  | { kind: 'merge'; from: string[]; into: UnitId | NewUnit }
  | { kind: 'dissolve'; unitId: string; successorId: UnitId }
  | { kind: 'split'; unitId: string; into: (UnitId | NewUnit)[]; map: Record<string, number> }
  | { kind: 'rename'; unitId: string; name: string; shortName?: string }
  | { kind: 'move'; unitId: string; parentId: UnitId | null };

const isNewUnit = (t: UnitId | NewUnit): t is NewUnit => typeof t === 'object' && 'name' in t;

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
const KEY = /^[\p{L}\p{N}._:-]{1,100}$/u;
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
  // Keys are defined by new units in the order they appear; a reference names one defined before it.
  const keys = new Set<string>();
  const isRef = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && 'key' in v && !('name' in v);
  const ref = (field: string, v: Record<string, unknown>): UnitRef | undefined => {
    if (Object.keys(v).length !== 1 || typeof v.key !== 'string') return (bad(field, `${field} must be { key } alone`), undefined);
    if (!keys.has(v.key)) return (bad(field, `${field}.key names no new unit defined earlier in the request`), undefined);
    return { key: v.key };
  };
  /** A unit id, or `{ key }` of a unit created earlier in the request; `null` where allowed. */
  const unitId = (field: string, v: unknown, nullable = false): UnitId | null | undefined => {
    if (v === null && nullable) return null;
    if (isRef(v)) return ref(field, v);
    return uuid(field, v) ? v : undefined;
  };
  const shortName = (field: string, v: unknown): v is string =>
    (typeof v === 'string' && SHORT_NAME.test(v.trim()) && v.length <= 30) || (bad(field, `${field} must be letters and digits only`), false);
  const newUnit = (field: string, v: unknown): NewUnit | undefined => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return (bad(field, `${field} must be a unit id or a new unit`), undefined);
    const u = v as Record<string, unknown>;
    const parentId = unitId(`${field}.parentId`, u.parentId, true);
    const key =
      u.key === undefined ||
      (typeof u.key === 'string' && KEY.test(u.key) && !keys.has(u.key)) ||
      (bad(`${field}.key`, `${field}.key must be letters, digits or ._:- (at most 100), not used by another new unit`), false);
    const ok = [
      text(`${field}.name`, u.name, 300),
      shortName(`${field}.shortName`, u.shortName),
      (typeof u.kind === 'string' && KIND.test(u.kind)) || (bad(`${field}.kind`, 'kind must be a unit kind code'), false),
      parentId !== undefined,
      u.symbolStyle === 'party' || u.symbolStyle === 'state' || (bad(`${field}.symbolStyle`, "symbolStyle must be 'party' or 'state'"), false),
      key,
    ].every(Boolean);
    if (!ok) return undefined;
    if (typeof u.key === 'string') keys.add(u.key);
    return {
      name: (u.name as string).trim(),
      shortName: (u.shortName as string).trim(),
      kind: u.kind as string,
      parentId: parentId as UnitId | null,
      symbolStyle: u.symbolStyle as SymbolStyle,
      ...(typeof u.key === 'string' && { key: u.key }),
    };
  };
  const target = (field: string, v: unknown): UnitId | NewUnit | undefined => (typeof v === 'string' || isRef(v) ? (unitId(field, v) ?? undefined) : newUnit(field, v));
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
      case 'dissolve': {
        const successorId = unitId(`${at}.successorId`, c.successorId);
        if (uuid(`${at}.unitId`, c.unitId) && successorId) changes.push({ kind: 'dissolve', unitId: c.unitId, successorId });
        return;
      }
      case 'split': {
        const into = Array.isArray(c.into) && c.into.length >= 2 ? c.into.map((v, j) => target(`${at}.into[${j}]`, v)) : (bad(`${at}.into`, 'into must list at least two successors'), undefined);
        const mapOk = typeof c.map === 'object' && c.map !== null && !Array.isArray(c.map);
        if (!mapOk) bad(`${at}.map`, 'map must be an object from open item id to successor index');
        const map = (mapOk ? c.map : {}) as Record<string, unknown>;
        for (const [item, index] of Object.entries(map)) {
          if (!UUID.test(item)) bad(`${at}.map`, `${item} is not an item id`);
          if (!Number.isInteger(index) || (index as number) < 0 || (into && (index as number) >= into.length)) bad(`${at}.map.${item}`, 'must be the index of one of into');
        }
        if (uuid(`${at}.unitId`, c.unitId) && into && into.every(Boolean) && mapOk) changes.push({ kind: 'split', unitId: c.unitId, into: into as (UnitId | NewUnit)[], map: map as Record<string, number> });
        return;
      }
      case 'rename': {
        const ok = [uuid(`${at}.unitId`, c.unitId), text(`${at}.name`, c.name, 300), c.shortName === undefined || shortName(`${at}.shortName`, c.shortName)].every(Boolean);
        if (ok) changes.push({ kind: 'rename', unitId: c.unitId as string, name: (c.name as string).trim(), ...(c.shortName !== undefined && { shortName: (c.shortName as string).trim() }) });
        return;
      }
      case 'move': {
        const parentId = unitId(`${at}.parentId`, c.parentId, true);
        if (uuid(`${at}.unitId`, c.unitId) && parentId !== undefined) changes.push({ kind: 'move', unitId: c.unitId, parentId });
        return;
      }
      default:
        bad(`${at}.kind`, "kind must be one of merge, split, dissolve, rename, move");
    }
  });
  return problems.length > 0 ? { problems } : { effectiveOn: input.effectiveOn as string, changes };
}

/** Every unit id a change names (to load, lock and check the caller's scope over). */
export function namedUnits(changes: Change[]): string[] {
  const ids = new Set<string>();
  // A unit created in the request (`{ key }`) is not named: its parent is, where it is defined.
  const add = (t: UnitId | NewUnit | null) => {
    const id = t !== null && isNewUnit(t) ? t.parentId : t;
    if (typeof id === 'string') ids.add(id);
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

/** Where a unit's open work goes (or a unit hangs): an existing unit, or the n-th unit the reorganisation creates. */
export type Successor = { unitId: string } | { created: number };

/** A unit the reorganisation creates, its parent resolved (an existing unit, or one created before it). */
export interface CreatedUnit {
  name: string;
  shortName: string;
  kind: string;
  parent: Successor | null;
  symbolStyle: SymbolStyle;
}

export interface Outcome {
  created: CreatedUnit[];
  /** Dissolved unit → its one successor, or (split) the successors and the item map. */
  dissolved: Map<string, { successor: Successor } | { successors: Successor[]; map: Record<string, number> }>;
  renamed: Map<string, { name: string; shortName?: string }>;
  moved: Map<string, Successor | null>;
  problems: Problem[];
}

/**
 * The reorganisation taken as a whole. `tree` holds at least every named unit, its ancestors
 * and the current children of every unit dissolved; `openItems` the open work of split units.
 * A unit created by the request is `{ key }` where later changes name it (parseChanges checked
 * that each key is defined before it is used, so a created unit's parent is created before it).
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
  const keys = new Map<string, number>();
  const place = (t: UnitId): Successor => (typeof t === 'string' ? { unitId: t } : { created: keys.get(t.key)! });
  const successor = (t: UnitId | NewUnit): Successor => {
    if (!isNewUnit(t)) return place(t);
    const { key, parentId, ...unit } = t;
    out.created.push({ ...unit, parent: parentId === null ? null : place(parentId) });
    if (key !== undefined) keys.set(key, out.created.length - 1);
    return { created: out.created.length - 1 };
  };
  const exists = (id: string) => {
    const n = tree.get(id);
    return n !== undefined && (n.exists ?? n.current);
  };
  const existing = (s: Successor | null): s is { unitId: string } => s !== null && 'unitId' in s;
  const createdParents: { parentId: string; change: number }[] = [];
  changes.forEach((c, i) => {
    const before = out.created.length;
    if (c.kind === 'merge') {
      c.from.forEach((id) => claim(id, i));
      if (typeof c.into === 'string' && c.from.includes(c.into)) problem('SELF_SUCCESSOR', i, 'A unit cannot be merged into itself', [c.into]);
      const to = successor(c.into);
      for (const id of c.from) out.dissolved.set(id, { successor: to });
    } else if (c.kind === 'dissolve') {
      claim(c.unitId, i);
      if (c.unitId === c.successorId) problem('SELF_SUCCESSOR', i, 'A unit cannot succeed itself', [c.unitId]);
      out.dissolved.set(c.unitId, { successor: place(c.successorId) });
    } else if (c.kind === 'split') {
      claim(c.unitId, i);
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
      out.moved.set(c.unitId, c.parentId === null ? null : place(c.parentId));
    }
    for (const u of out.created.slice(before)) if (existing(u.parent)) createdParents.push({ parentId: u.parent.unitId, change: i });
  });
  // Successors and new parents must outlive the change (a unit created by the request does).
  changes.forEach((c, i) => {
    const succ = c.kind === 'merge' ? [c.into] : c.kind === 'dissolve' ? [c.successorId] : c.kind === 'split' ? c.into : [];
    for (const s of succ) {
      if (typeof s !== 'string') continue;
      if (out.dissolved.has(s)) problem('SUCCESSOR_DISSOLVED', i, 'The successor is itself dissolved by this reorganisation', [s]);
      else if (!exists(s)) problem('UNIT_NOT_CURRENT', i, 'The successor is not valid on the effective day', [s]);
    }
    if (c.kind === 'move' && typeof c.parentId === 'string') {
      if (out.dissolved.has(c.parentId)) problem('PARENT_DISSOLVED', i, 'The new parent is dissolved by this reorganisation', [c.parentId]);
      else if (!exists(c.parentId)) problem('UNIT_NOT_CURRENT', i, 'The new parent is not valid on the effective day', [c.parentId]);
    }
  });
  for (const { parentId, change } of createdParents) {
    if (out.dissolved.has(parentId)) problem('PARENT_DISSOLVED', change, 'The new unit\'s parent is dissolved by this reorganisation', [parentId]);
    else if (!exists(parentId)) problem('UNIT_NOT_CURRENT', change, 'The new unit\'s parent is not valid on the effective day', [parentId]);
  }
  // After the change: every surviving unit hangs under a surviving unit, and no unit under itself
  // (created units are walked as `@n`: a unit moved under a unit created below it is a cycle).
  const node = (s: Successor | null): string | null => (s === null ? null : 'unitId' in s ? s.unitId : `@${s.created}`);
  const parentAfter = (id: string): string | null => {
    if (id.startsWith('@')) return node(out.created[Number(id.slice(1))].parent);
    return out.moved.has(id) ? node(out.moved.get(id)!) : (tree.get(id)?.parentId ?? null);
  };
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
