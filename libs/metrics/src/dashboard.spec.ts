import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from './metrics.js';

const DASHBOARD = join(import.meta.dirname, '..', '..', '..', 'docs', 'grafana', 'plan-cascade-dashboard.json');

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

describe('the starter Grafana dashboard (docs/grafana)', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[]; __inputs: { name: string }[] };

  it('queries only metrics this server exposes, so no panel stays empty after a rename', async () => {
    const exposed = new Set<string>();
    for (const metric of await registry.getMetricsAsJSON()) {
      exposed.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(`${metric.name}${suffix}`);
    }
    const queried = dashboard.panels.flatMap((p) => p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\b([a-z_:][a-z0-9_:]*)\s*[{[]/g)].map((m) => m[1]!));
    expect(queried.length).toBeGreaterThan(10);
    expect(queried.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('covers requests, latency, transitions, refusals, the job queue, the database pool, render and signing', () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr).join('\n');
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'plan_cascade_transitions_total',
      'plan_cascade_refusals_total',
      'plan_cascade_job_queue_depth',
      'plan_cascade_job_failures_total',
      'plan_cascade_db_pool_in_use',
      'plan_cascade_db_pool_waiting',
      'plan_cascade_render_seconds_bucket',
      'plan_cascade_signing_seconds_bucket',
    ]) {
      expect(exprs).toContain(name);
    }
    expect(dashboard.__inputs.map((i) => i.name)).toEqual(['DS_PROMETHEUS']);
  });
});
