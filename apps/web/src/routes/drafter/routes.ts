import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../root';
import { validateDrafterSearch } from './search';

export const drafterHomeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'drafter',
  validateSearch: validateDrafterSearch,
  component: lazyRouteComponent(() => import('./DrafterHome'), 'DrafterHome'),
});

export const drafterNewPlanRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'drafter/plans/new',
  validateSearch: (search: Record<string, unknown>): { unit?: string } => ({ unit: typeof search.unit === 'string' && search.unit ? search.unit : undefined }),
  component: lazyRouteComponent(() => import('./PlanEditorPage'), 'NewPlanPage'),
});

export const drafterPlanRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'drafter/plans/$planId',
  component: lazyRouteComponent(() => import('./PlanEditorPage'), 'PlanEditorPage'),
});

export const drafterRoutes = [drafterHomeRoute, drafterNewPlanRoute, drafterPlanRoute];
