import type { Screen } from '../screen';

export const monitorScreen: Screen = { path: '/monitor', labelKey: 'nav.monitor', roles: ['monitor'] };
