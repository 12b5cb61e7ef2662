import type { Screen } from '../screen';

/** The assignee unit's people: its officers, and its drafters and secretaries, who may acknowledge and report too. */
export const myWorkScreen: Screen = { path: '/my-work', labelKey: 'nav.myWork', roles: ['unit_officer', 'drafter', 'secretary'] };
