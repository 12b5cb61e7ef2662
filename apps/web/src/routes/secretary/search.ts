/** The inbox's filters, all in the URL so a view can be bookmarked and sent. */
export const SECRETARY_TABS = ['submitted', 'returned', 'issued'] as const;
export type SecretaryTab = (typeof SECRETARY_TABS)[number];

/** The plan states each tab lists (GET /plans?state=). */
export const TAB_STATES: Record<SecretaryTab, string> = {
  submitted: 'draft.submitted',
  returned: 'draft.returned',
  issued: 'issued,implementing,reporting,reviewed',
};

export interface SecretarySearch {
  tab: SecretaryTab;
  q?: string;
  unit?: string;
  cursor?: string;
}

export function validateSecretarySearch(search: Record<string, unknown>): SecretarySearch {
  const tab = SECRETARY_TABS.find((t) => t === search.tab) ?? 'submitted';
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined);
  return { tab, q: text(search.q), unit: text(search.unit), cursor: text(search.cursor) };
}
