import type { AnyRoute } from '@tanstack/react-router';
import { adminRoutes } from './admin/routes';
import { auditorRoutes } from './auditor/routes';
import { drafterRoutes } from './drafter/routes';
import { monitorRoutes } from './monitor/routes';
import { myWorkRoutes } from './my-work/routes';
import { secretaryRoutes } from './secretary/routes';

/** The routes of every role screen, mounted under the signed-in shell (router.tsx). */
export const SCREEN_ROUTES: readonly AnyRoute[] = [...secretaryRoutes, ...drafterRoutes, ...myWorkRoutes, ...monitorRoutes, ...auditorRoutes, ...adminRoutes];
