/** The auditor's filters, all in the URL so a view can be bookmarked and sent. */
export const AUDITOR_TABS = ['plans', 'log'] as const;
export type AuditorTab = (typeof AUDITOR_TABS)[number];

export interface AuditorSearch {
  tab: AuditorTab;
  /** Plans: title or number. */
  q?: string;
  /** Log: entries acted for this unit or below it. */
  unit?: string;
  /** Log: one actor's entries. */
  actor?: string;
  event?: string;
  /** Log: from this day (YYYY-MM-DD, Vietnam time) … */
  from?: string;
  /** … to this day, inclusive. */
  to?: string;
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined);
const matching = (value: unknown, pattern: RegExp) => (typeof value === 'string' && pattern.test(value) ? value : undefined);

export function validateAuditorSearch(search: Record<string, unknown>): AuditorSearch {
  return {
    tab: AUDITOR_TABS.find((t) => t === search.tab) ?? 'plans',
    q: text(search.q),
    unit: matching(search.unit, UUID),
    actor: matching(search.actor, UUID),
    event: matching(search.event, /^[A-Z_]{1,40}$/),
    from: matching(search.from, DAY),
    to: matching(search.to, DAY),
    cursor: text(search.cursor),
  };
}

/** A day of the filter as the instant it starts in Vietnam (UTC+7), which is how the API's `from`/`to` read. */
export function dayStart(day: string, plusDays = 0): string {
  const date = new Date(`${day}T00:00:00+07:00`);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date.toISOString();
}

/** Which history the plan page shows: the plan's, one assignment's, or that assignment's report's. */
export interface AuditorPlanSearch {
  assignment?: string;
  report?: boolean;
}

export function validateAuditorPlanSearch(search: Record<string, unknown>): AuditorPlanSearch {
  const assignment = matching(search.assignment, UUID);
  return { assignment, report: assignment && (search.report === true || search.report === 'true') ? true : undefined };
}
