import type { Screen } from '../screen';

export const adminScreen: Screen = { path: '/admin', labelKey: 'nav.admin', roles: ['admin'] };
