import { QueryClient } from '@tanstack/react-query';
import { createRoute, createRouter } from '@tanstack/react-router';
import { HomePage } from './routes/home/HomePage';
import { loginRoute, rootRoute, signedInRoute } from './routes/root';
import { SCREEN_ROUTES } from './routes/screen-routes';

const homeRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/', component: HomePage });

const routeTree = rootRoute.addChildren([loginRoute, signedInRoute.addChildren([homeRoute, ...SCREEN_ROUTES])]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, basepath: '/app', context: { queryClient }, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
