/** The drafter's list filters, all in the URL so a view can be bookmarked and sent. */
export const DRAFTER_TABS = ['drafts', 'submitted'] as const;
export type DrafterTab = (typeof DRAFTER_TABS)[number];

/** The plan states each tab lists (GET /plans?state=): what the drafter still works on, and what awaits the secretary. */
export const DRAFTER_TAB_STATES: Record<DrafterTab, string> = {
  drafts: 'draft.editing,draft.returned',
  submitted: 'draft.submitted',
};

export interface DrafterSearch {
  tab: DrafterTab;
  q?: string;
  unit?: string;
  cursor?: string;
}

export function validateDrafterSearch(search: Record<string, unknown>): DrafterSearch {
  const tab = DRAFTER_TABS.find((t) => t === search.tab) ?? 'drafts';
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined);
  return { tab, q: text(search.q), unit: text(search.unit), cursor: text(search.cursor) };
}
