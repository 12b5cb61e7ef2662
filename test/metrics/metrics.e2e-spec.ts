import type { Server } from 'node:http';
import request from 'supertest';
import { loadConfig } from '@app/core';
import { QUEUES } from '@app/jobs';
import { observeSigning } from '@app/metrics';
import { startMetricsServer } from '../../apps/api/src/metrics.js';
import { freePort } from '../support/built-server.js';
import { completePlan, demoTokens } from '../support/plan-fixtures.js';
import { ensurePrometheusParser, parsePrometheusText, type MetricFamily } from '../support/prometheus-text.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const TOKEN = 'metrics-token-that-is-long-enough-0123456789';

type Families = Map<string, MetricFamily>;

async function scrape(t: TestApp): Promise<Families> {
  const res = await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Map(parsePrometheusText(res.text).map((family) => [family.name, family]));
}

/**
 * The sum of the samples of family `name` whose labels include `labels`: a counter's or gauge's value,
 * or with `sample` a histogram's `_count`, `_sum` or `_bucket`. The family must exist.
 */
function value(families: Families, name: string, labels: Record<string, string> = {}, sample = name): number {
  const family = families.get(name);
  if (!family) throw new Error(`no metric ${name}`);
  // The Python client names a counter's family without `_total` and its samples with it.
  const names = family.type === 'counter' ? [`${sample}_total`, sample] : [sample];
  return family.samples
    .filter((s) => names.includes(s.name) && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + Number(s.value), 0);
}

describe('GET /metrics (Prometheus text, parsed)', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;

  beforeAll(async () => {
    ensurePrometheusParser();
    t = await startTestApp({ demo: true, env: { METRICS_TOKEN: TOKEN } });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary']);
  });
  afterAll(() => t.close());

  it('is not public: no token or a wrong one is a 401 in the API\'s error shape', async () => {
    const none = await t.http.get('/metrics').expect(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    await t.http.get('/metrics').set(as['lb.secretary']!).expect(401);
  });

  it('counts and times requests by route pattern and status, never by raw URL', async () => {
    const missing = '0b6c9d4e-0000-4000-8000-000000000000';
    await t.http.get(`/plans/${missing}`).set(as['lb.secretary']!).expect(404);
    await t.http.get(`/plans/${missing}`).set(as['lb.secretary']!).expect(404);
    await t.http.get('/plans?limit=9999').set(as['lb.secretary']!).expect(400);
    const families = await scrape(t);
    const requests = 'http_requests';
    expect(value(families, requests, { method: 'GET', route: '/plans/:id', status: '404' })).toBe(2);
    expect(value(families, requests, { method: 'GET', route: '/plans', status: '400' })).toBe(1);
    expect(value(families, requests, { method: 'POST', route: '/auth/login', status: '200' })).toBeGreaterThanOrEqual(2);
    const routes = families.get(requests)!.samples.map((s) => s.labels.route!);
    expect(routes.filter((r) => /[0-9a-f]{8}-|\?/.test(r))).toEqual([]);

    const latency = 'http_request_duration_seconds';
    expect(families.get(latency)!.type).toBe('histogram');
    const login = { route: '/auth/login', status: '200' };
    const count = value(families, latency, login, `${latency}_count`);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(value(families, latency, { ...login, le: '+Inf' }, `${latency}_bucket`)).toBe(count);
    expect(value(families, latency, login, `${latency}_sum`)).toBeGreaterThan(0);
  });

  it('counts refusals by error code and committed transitions by subject type and event', async () => {
    const before = await scrape(t);
    const created = await t.http.post('/plans').set(as['lb.drafter']!).send(completePlan(t)).expect(201);
    const id = created.body.id as string;
    // Refused (stale version): a refusal, not a transition.
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']!).send({ type: 'SUBMIT', expectedVersion: 7 }).expect(409);
    await t.http.post(`/plans/${id}/events`).set(as['lb.drafter']!).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(as['lb.secretary']!).send({ type: 'RETURN', expectedVersion: 2 }).expect(422);
    await t.http.post('/plans').set(as['lb.drafter']!).send({ title: 42 }).expect(400);
    const after = await scrape(t);
    const delta = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(delta('plan_cascade_transitions', { subject_type: 'plan', event: 'SUBMIT' })).toBe(1);
    expect(delta('plan_cascade_transitions', { subject_type: 'plan', event: 'RETURN' })).toBe(0);
    expect(delta('plan_cascade_refusals', { code: 'STALE_VERSION' })).toBe(1);
    expect(delta('plan_cascade_refusals', { code: 'GUARD_FAILED' })).toBe(1);
    expect(delta('plan_cascade_refusals', { code: 'VALIDATION_FAILED' })).toBe(1);
  });

  it('reports the job queue per queue, the database pool, render and signing times', async () => {
    const created = await t.http.post('/plans').set(as['lb.drafter']!).send(completePlan(t)).expect(201);
    await t.http.get(`/plans/${created.body.id}/document.docx`).set(as['lb.drafter']!).expect(200);
    observeSigning(42);
    const families = await scrape(t);
    const queues = families.get('plan_cascade_job_queue_depth')!.samples.map((s) => s.labels.queue).sort();
    // One depth per queue the jobs run on, whichever features add queues.
    expect(queues).toEqual(Object.values(QUEUES).sort());
    expect(value(families, 'plan_cascade_db_pool_total')).toBeGreaterThan(0);
    expect(value(families, 'plan_cascade_db_pool_in_use')).toBeGreaterThanOrEqual(0);
    expect(families.get('plan_cascade_db_pool_waiting')!.type).toBe('gauge');
    const render = 'plan_cascade_render_seconds';
    expect(value(families, render, { format: 'docx' }, `${render}_count`)).toBeGreaterThanOrEqual(1);
    const signing = 'plan_cascade_signing_seconds';
    expect(value(families, signing, {}, `${signing}_count`)).toBeGreaterThanOrEqual(1);
    expect(value(families, signing, { le: '0.05' }, `${signing}_bucket`)).toBeGreaterThanOrEqual(1);
    expect(families.get('plan_cascade_job_failures')!.type).toBe('counter');
    expect(families.has('process_cpu_seconds')).toBe(true);
  });
});

describe('metrics without a token, and on a port of their own', () => {
  let t: TestApp;
  let server: Server | undefined;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    await t.close();
  });

  it('are not served on the API\'s port without METRICS_TOKEN', async () => {
    const res = await t.http.get('/metrics').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('are served on METRICS_PORT (and nothing else there), with the token when one is set', async () => {
    const port = await freePort();
    server = await startMetricsServer(loadConfig({ METRICS_PORT: String(port), METRICS_TOKEN: TOKEN }));
    const local = request(`http://127.0.0.1:${port}`);
    await local.get('/metrics').expect(401);
    const res = await local.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(parsePrometheusText(res.text).map((f) => f.name)).toContain('http_requests');
    await local.get('/plans').expect(404);
    expect(await startMetricsServer(loadConfig({}))).toBeUndefined();
  });
});
