export {
  countJobFailure,
  countRefusal,
  countTransition,
  exposition,
  httpDuration,
  httpRequests,
  observeRender,
  observeSigning,
  registerDbPool,
  registerQueueDepth,
  registry,
  timed,
} from './metrics.js';
export { httpMetrics, metricsHandler, routeOf } from './http.js';
