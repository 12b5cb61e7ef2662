/** The admin screen's view, in the URL so it can be bookmarked and sent. */
export const ADMIN_TABS = ['units', 'users', 'reorganise'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

export interface AdminSearch {
  tab: AdminTab;
  /** Units: a search instead of the tree. */
  q?: string;
  /** Users: the page. */
  cursor?: string;
}

export function validateAdminSearch(search: Record<string, unknown>): AdminSearch {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined);
  return { tab: ADMIN_TABS.find((t) => t === search.tab) ?? 'units', q: text(search.q), cursor: text(search.cursor) };
}
