import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../root';
import { validateAdminSearch } from './search';

export const adminRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin',
  validateSearch: validateAdminSearch,
  component: lazyRouteComponent(() => import('./AdminPage'), 'AdminPage'),
});

export const adminRoutes = [adminRoute];
