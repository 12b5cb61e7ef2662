import { adminScreen } from './admin/screen';
import { auditorScreen } from './auditor/screen';
import { drafterScreen } from './drafter/screen';
import { monitorScreen } from './monitor/screen';
import { myWorkScreen } from './my-work/screen';
import { secretaryScreen } from './secretary/screen';
import type { Screen } from './screen';

/** Every role screen, in navigation order. A new screen adds one line here and one in screen-routes.ts. */
export const SCREENS: readonly Screen[] = [secretaryScreen, drafterScreen, myWorkScreen, monitorScreen, auditorScreen, adminScreen];
