/** The plan list's and the cascade's filters, all in the URL so a view can be bookmarked and sent. */
const text = (value: unknown, max = 100) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined);

export interface MonitorPlansSearch {
  q?: string;
  cursor?: string;
}

export function validateMonitorPlansSearch(search: Record<string, unknown>): MonitorPlansSearch {
  return { q: text(search.q, 200), cursor: text(search.cursor, 500) };
}

export interface CascadeSearch {
  /** Only overdue units and the path to them. */
  overdue?: boolean;
  /** Levels listed (1: the plan's own assignments). */
  depth?: number;
  /** A unit kind code (GET /unit-kinds). */
  kind?: string;
  /** Part of a unit's name (the API ignores case and marks; 2 characters at least). */
  name?: string;
}

export function validateCascadeSearch(search: Record<string, unknown>): CascadeSearch {
  const depth = Number(search.depth);
  const name = text(search.name);
  return {
    overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
    depth: Number.isInteger(depth) && depth >= 1 && depth <= 100 ? depth : undefined,
    kind: typeof search.kind === 'string' && /^[a-z][a-z_]{0,63}$/.test(search.kind) ? search.kind : undefined,
    name: name && name.length >= 2 ? name : undefined,
  };
}
