import type { Screen } from '../screen';

export const secretaryScreen: Screen = { path: '/secretary', labelKey: 'nav.secretary', roles: ['secretary'] };
