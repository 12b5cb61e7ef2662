import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, Outlet, redirect } from '@tanstack/react-router';
import { refreshSession } from '../api/client';
import { session } from '../api/session';
import { Shell } from '../shell/Shell';
import { LoginPage } from './login/LoginPage';

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet });

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string; expired?: boolean } => ({
    redirect: typeof search.redirect === 'string' && search.redirect.startsWith('/') ? search.redirect : undefined,
    expired: search.expired === true || search.expired === 'true' ? true : undefined,
  }),
  component: LoginPage,
});

/** Every screen hangs under this: signed in, inside the shell (header, navigation, notifications). */
export const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  // A reload or a new tab has no access token in memory yet: one refresh by the session cookie finds out.
  beforeLoad: async ({ location }) => {
    if (!session.signedIn() && !(await refreshSession())) throw redirect({ to: '/login', search: { redirect: location.publicHref } });
  },
  component: Shell,
});
