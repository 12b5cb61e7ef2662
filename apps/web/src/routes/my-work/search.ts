/** The assignment states a unit may filter its work by (GET /me/assignments?state=). */
export const ASSIGNMENT_STATES = ['assigned', 'acknowledged', 'planning', 'implementing', 'reported', 'returned', 'accepted', 'waived', 'cancelled'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

/** "Việc của tôi"'s filters, all in the URL so a view can be bookmarked and sent. */
export interface MyWorkSearch {
  state?: AssignmentState;
  overdue?: true;
  cursor?: string;
}

export function validateMyWorkSearch(search: Record<string, unknown>): MyWorkSearch {
  const state = ASSIGNMENT_STATES.find((s) => s === search.state);
  const overdue = search.overdue === true || search.overdue === 'true' ? true : undefined;
  const cursor = typeof search.cursor === 'string' && search.cursor.trim() !== '' ? search.cursor.trim().slice(0, 500) : undefined;
  return { state, overdue, cursor };
}
