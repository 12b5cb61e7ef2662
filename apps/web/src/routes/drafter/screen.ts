import type { Screen } from '../screen';

export const drafterScreen: Screen = { path: '/drafter', labelKey: 'nav.drafter', roles: ['drafter'] };
