import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../root';
import { validateAuditorPlanSearch, validateAuditorSearch } from './search';

export const auditorHomeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'auditor',
  validateSearch: validateAuditorSearch,
  component: lazyRouteComponent(() => import('./AuditorHome'), 'AuditorHome'),
});

export const auditorPlanRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'auditor/plans/$planId',
  validateSearch: validateAuditorPlanSearch,
  component: lazyRouteComponent(() => import('./AuditorPlan'), 'AuditorPlan'),
});

export const auditorRoutes = [auditorHomeRoute, auditorPlanRoute];
