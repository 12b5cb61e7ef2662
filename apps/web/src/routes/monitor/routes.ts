import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../root';
import { validateCascadeSearch, validateMonitorPlansSearch } from './search';

export const monitorPlansRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'monitor',
  validateSearch: validateMonitorPlansSearch,
  component: lazyRouteComponent(() => import('./MonitorPlans'), 'MonitorPlans'),
});

export const monitorCascadeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'monitor/plans/$planId',
  validateSearch: validateCascadeSearch,
  component: lazyRouteComponent(() => import('./MonitorCascade'), 'MonitorCascade'),
});

export const monitorRoutes = [monitorPlansRoute, monitorCascadeRoute];
