import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../root';
import { validateSecretarySearch } from './search';

export const secretaryInboxRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'secretary',
  validateSearch: validateSecretarySearch,
  component: lazyRouteComponent(() => import('./SecretaryInbox'), 'SecretaryInbox'),
});

export const secretaryPlanRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'secretary/plans/$planId',
  component: lazyRouteComponent(() => import('./SecretaryPlan'), 'SecretaryPlan'),
});

export const secretaryRoutes = [secretaryInboxRoute, secretaryPlanRoute];
