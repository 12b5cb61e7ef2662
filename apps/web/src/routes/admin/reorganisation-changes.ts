import { asApiError } from '../../api/errors';

/** A unit created by an earlier change of the same reorganisation, by its key (`{ "key" }`). */
export interface UnitRef {
  key: string;
}

/** A unit a merge or a split creates (the API's `{ name, shortName, kind, parentId, symbolStyle, key? }`). */
export interface NewUnit {
  name: string;
  shortName: string;
  kind: string;
  parentId: string | UnitRef | null;
  symbolStyle: 'party' | 'state';
  key?: string;
}

/** An existing unit's id, or a unit an earlier change creates. */
export type UnitId = string | UnitRef;
/** A successor: an existing unit, one an earlier change creates, or a unit this change creates. */
export type Target = UnitId | NewUnit;

export const isNewUnit = (t: Target): t is NewUnit => typeof t === 'object' && 'name' in t;
export const isRef = (t: unknown): t is UnitRef => typeof t === 'object' && t !== null && 'key' in t && !('name' in t);

/** One change as POST /reorganisations takes it. */
export type Change =
  | { kind: 'merge'; from: string[]; into: Target }
  | { kind: 'split'; unitId: string; into: Target[]; map: Record<string, number> }
  | { kind: 'dissolve'; unitId: string; successorId: UnitId }
  | { kind: 'rename'; unitId: string; name: string; shortName?: string }
  | { kind: 'move'; unitId: string; parentId: UnitId };

/** Open item id → index of the successor it goes to. */
export type Mapping = Record<string, number>;

export const emptyNewUnit = (parentId: string | null = null): NewUnit => ({ name: '', shortName: '', kind: '', parentId, symbolStyle: 'party' });

/** Every field the API needs is there (it still checks them: 400 names the field). */
export const isCompleteNewUnit = (u: NewUnit): boolean => u.name.trim() !== '' && u.shortName.trim() !== '' && u.kind !== '' && u.parentId !== null;

export const isCompleteTarget = (t: Target | undefined): t is Target => (typeof t === 'string' ? t !== '' : t !== undefined && (isRef(t) ? t.key !== '' : isCompleteNewUnit(t)));

/** The new unit as sent: names trimmed. */
export const cleanTarget = (t: Target): Target => (isNewUnit(t) ? { ...t, name: t.name.trim(), shortName: t.shortName.trim() } : t);

/** The new units of a change, in the order the API creates them. */
export function newUnitsOf(c: Change): NewUnit[] {
  const targets = c.kind === 'merge' ? [c.into] : c.kind === 'split' ? c.into : [];
  return targets.filter(isNewUnit);
}

/**
 * The change with a key on each unit it creates (`n1`, `n2`, … after the keys already used), so
 * that later changes may name them as successor or parent.
 */
export function withKeys(c: Change, used: readonly string[]): Change {
  let n = used.length;
  const next = () => {
    do n++;
    while (used.includes(`n${n}`));
    return `n${n}`;
  };
  const key = (t: Target): Target => (isNewUnit(t) && !t.key ? { ...t, key: next() } : t);
  if (c.kind === 'merge') return { ...c, into: key(c.into) };
  if (c.kind === 'split') return { ...c, into: c.into.map(key) };
  return c;
}

/** Every item to the same successor ("map all to…"). */
export function mapAll(itemIds: readonly string[], index: number): Mapping {
  return Object.fromEntries(itemIds.map((id) => [id, index]));
}

/** One item to a successor, or unmapped again (`undefined`). */
export function mapItem(mapping: Mapping, itemId: string, index: number | undefined): Mapping {
  const { [itemId]: _, ...rest } = mapping;
  return index === undefined ? rest : { ...rest, [itemId]: index };
}

/** A successor removed from the list: its items become unmapped, the later ones' indexes move up one. */
export function withoutSuccessor(mapping: Mapping, removed: number): Mapping {
  return Object.fromEntries(
    Object.entries(mapping)
      .filter(([, index]) => index !== removed)
      .map(([id, index]) => [id, index > removed ? index - 1 : index]),
  );
}

/** The items no successor has been chosen for yet. */
export function unmapped(itemIds: readonly string[], mapping: Mapping): string[] {
  return itemIds.filter((id) => !(id in mapping));
}

/** How many items go to each successor. */
export function countsBySuccessor(mapping: Mapping, successors: number): number[] {
  const counts = Array.from({ length: successors }, () => 0);
  for (const index of Object.values(mapping)) if (index >= 0 && index < successors) counts[index]++;
  return counts;
}

/**
 * The split as the API takes it: only the listed items are mapped (an item that is no longer open
 * would be refused as UNKNOWN_ITEMS). Undefined while a successor is incomplete, fewer than two are
 * given, or an item has no successor.
 */
export function splitChange(unitId: string | undefined, successors: readonly (Target | undefined)[], itemIds: readonly string[], mapping: Mapping): Change | undefined {
  if (!unitId || successors.length < 2 || !successors.every(isCompleteTarget)) return undefined;
  if (unmapped(itemIds, mapping).length > 0) return undefined;
  const map = Object.fromEntries(itemIds.map((id) => [id, mapping[id]]));
  return { kind: 'split', unitId, into: (successors as Target[]).map(cleanTarget), map };
}

/** A problem the API found with the changes, placed next to the change it concerns. */
export interface ChangeProblem {
  code: string;
  message: string;
  unitIds: string[];
}

/**
 * The API's refusal of the changes, split by change: 422 REORGANISATION_INVALID's `details: [{ code,
 * change, message, unitIds }]`, 409's `details.problems` (same shape), and 400's fields
 * `changes[2].into.shortName`. What belongs to no change (`change: -1`, `effectiveOn`) is `general`.
 */
export function problemsByChange(error: unknown): { byChange: Map<number, ChangeProblem[]>; general: ChangeProblem[] } {
  const byChange = new Map<number, ChangeProblem[]>();
  const general: ChangeProblem[] = [];
  const place = (change: number, p: ChangeProblem) => (change >= 0 ? byChange.set(change, [...(byChange.get(change) ?? []), p]) : general.push(p));
  if (!error) return { byChange, general };
  const e = asApiError(error);
  const details = e.details as unknown;
  const list = e.code === 'CONFLICT' ? (details as { problems?: unknown } | undefined)?.problems : details;
  if ((e.code === 'REORGANISATION_INVALID' || e.code === 'CONFLICT') && Array.isArray(list)) {
    for (const d of list as { code?: unknown; change?: unknown; message?: unknown; unitIds?: unknown }[]) {
      const unitIds = Array.isArray(d.unitIds) ? d.unitIds.filter((id): id is string => typeof id === 'string') : [];
      place(typeof d.change === 'number' ? d.change : -1, { code: String(d.code ?? e.code), message: String(d.message ?? ''), unitIds });
    }
  } else if (e.code === 'VALIDATION_FAILED' && Array.isArray(details)) {
    for (const d of details as { field?: unknown; messages?: unknown }[]) {
      const field = typeof d.field === 'string' ? d.field : '';
      const messages = Array.isArray(d.messages) ? d.messages.join('; ') : '';
      const m = /^changes\[(\d+)\]\.?(.*)$/.exec(field);
      place(m ? Number(m[1]) : -1, { code: 'FIELD', message: m ? `${m[2] || field}: ${messages}` : `${field}: ${messages}`, unitIds: [] });
    }
  }
  return { byChange, general };
}
