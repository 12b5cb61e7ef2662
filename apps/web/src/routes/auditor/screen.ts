import type { Screen } from '../screen';

export const auditorScreen: Screen = { path: '/auditor', labelKey: 'nav.auditor', roles: ['auditor'] };
