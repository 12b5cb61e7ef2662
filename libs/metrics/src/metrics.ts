import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client). One registry, filled by whoever has the fact:
 * the HTTP middleware, the transition runner, the error filter, the job queue, the database pool,
 * the PDF renderer and the signer. Names follow Prometheus conventions (base units: seconds).
 * This lib imports nothing of the project, so any lib may observe through it.
 */
export const registry = new Registry();
registry.setDefaultLabels({ app: 'plan-cascade' });
collectDefaultMetrics({ register: registry });

/** Latency buckets for requests and renders: 5 ms to 10 s. */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route pattern (never the raw URL) and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from the request arriving to the response being sent, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const transitions = new Counter({
  name: 'plan_cascade_transitions_total',
  help: 'Committed steps of the transition runner, by subject type (plan, assignment, report) and event.',
  labelNames: ['subject_type', 'event'] as const,
  registers: [registry],
});

export const refusals = new Counter({
  name: 'plan_cascade_refusals_total',
  help: 'Error responses by their machine-readable code (VALIDATION_FAILED, FORBIDDEN, STALE_VERSION, …; INTERNAL for a 500).',
  labelNames: ['code'] as const,
  registers: [registry],
});

export const jobFailures = new Counter({
  name: 'plan_cascade_job_failures_total',
  help: 'Jobs whose handler threw (the batch is retried), by queue.',
  labelNames: ['queue'] as const,
  registers: [registry],
});

export const renderDuration = new Histogram({
  name: 'plan_cascade_render_seconds',
  help: 'Time to render a plan document, by format (pdf, docx).',
  labelNames: ['format'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const signingDuration = new Histogram({
  name: 'plan_cascade_signing_seconds',
  help: 'Time to sign an issued document.',
  buckets: SECONDS,
  registers: [registry],
});

/** Sources read at scrape time; the owner registers one while it runs and removes it when it stops. */
type QueueDepths = () => Promise<Record<string, number>>;
type PoolCounts = () => { total: number; idle: number; waiting: number } | undefined;
const queueSources = new Set<QueueDepths>();
const poolSources = new Set<PoolCounts>();

new Gauge({
  name: 'plan_cascade_job_queue_depth',
  help: 'Jobs waiting in each queue (created or retrying, not yet taken by a worker).',
  labelNames: ['queue'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const source of queueSources) {
      // A scrape must answer even when the queue cannot: the depth is then left out, not guessed.
      const depths = await source().catch(() => ({}) as Record<string, number>);
      for (const [queue, depth] of Object.entries(depths)) this.inc({ queue }, depth);
    }
  },
});

const poolGauge = (name: string, help: string, read: (c: { total: number; idle: number; waiting: number }) => number) =>
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      let sum = 0;
      for (const source of poolSources) {
        const counts = source();
        if (counts) sum += read(counts);
      }
      this.set(sum);
    },
  });
poolGauge('plan_cascade_db_pool_in_use', 'Database connections of the pool checked out now.', (c) => c.total - c.idle);
poolGauge('plan_cascade_db_pool_waiting', 'Queries waiting for a database connection of the pool.', (c) => c.waiting);
poolGauge('plan_cascade_db_pool_total', 'Database connections the pool holds open.', (c) => c.total);

/** The job queue's depth per queue, read at each scrape; returns the function that unregisters it. */
export function registerQueueDepth(source: QueueDepths): () => void {
  queueSources.add(source);
  return () => queueSources.delete(source);
}

/** A connection pool's counts, read at each scrape; returns the function that unregisters it. */
export function registerDbPool(source: PoolCounts): () => void {
  poolSources.add(source);
  return () => poolSources.delete(source);
}

/** Counts one committed step of the transition runner. */
export function countTransition(subjectType: string, event: string): void {
  transitions.inc({ subject_type: subjectType, event });
}

/** Counts one error response by its code. */
export function countRefusal(code: string): void {
  refusals.inc({ code });
}

/** Counts one failed job of `queue`. */
export function countJobFailure(queue: string): void {
  jobFailures.inc({ queue });
}

/** Records how long rendering a document in `format` took. */
export function observeRender(format: 'pdf' | 'docx', ms: number): void {
  renderDuration.observe({ format }, ms / 1000);
}

/** Records how long signing a document took; for the signer to call around its work. */
export function observeSigning(ms: number): void {
  signingDuration.observe(ms / 1000);
}

/** Times `work` and records it with `observe` (ms), whether it succeeds or throws. */
export async function timed<T>(observe: (ms: number) => void, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    observe(performance.now() - started);
  }
}

/** The exposition: what a scrape of GET /metrics returns. */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
