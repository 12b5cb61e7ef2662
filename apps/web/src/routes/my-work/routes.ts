import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../root';
import { validateMyWorkSearch } from './search';

export const myWorkRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'my-work',
  validateSearch: validateMyWorkSearch,
  component: lazyRouteComponent(() => import('./MyWork'), 'MyWork'),
});

export const myAssignmentRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'my-work/assignments/$assignmentId',
  component: lazyRouteComponent(() => import('./AssignmentDetail'), 'AssignmentDetail'),
});

export const myReportRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'my-work/reports/$reportId',
  component: lazyRouteComponent(() => import('./ReportForm'), 'ReportForm'),
});

export const myPlanRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'my-work/plans/$planId',
  component: lazyRouteComponent(() => import('./UnitPlan'), 'UnitPlan'),
});

export const myWorkRoutes = [myWorkRoute, myAssignmentRoute, myReportRoute, myPlanRoute];
