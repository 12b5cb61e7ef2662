import { bearer, startTestApp, TestApp } from '../support/test-app.js';

/** The diagrams the web app draws come from the machines that run; the machine specs check the drawing itself. */
describe('GET /workflows/:machine', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  const as = async (username: string) => bearer(await t.login(username, 'demo-password'));

  it("gives the plan lifecycle's states, transitions and senders", async () => {
    const res = await t.http.get('/workflows/plan').set(await as('lb.auditor'));
    expect(res.status).toBe(200);
    expect(res.body.machine).toBe('plan');
    expect(res.body.version).toEqual(expect.any(Number));
    expect(res.body.states).toEqual(
      expect.arrayContaining([
        { path: 'draft', parent: null, initial: true, final: false },
        { path: 'draft.editing', parent: 'draft', initial: true, final: false },
        { path: 'reviewed', parent: null, initial: false, final: true },
      ]),
    );
    expect(res.body.transitions).toEqual(
      expect.arrayContaining([
        { source: 'draft.submitted', target: 'issued', event: 'ISSUE', guarded: true, internal: false, senders: ['secretary'] },
        { source: 'draft', target: 'discarded', event: 'DISCARD', guarded: false, internal: false, senders: ['drafter', 'system'] },
        { source: 'issued', target: 'implementing', event: 'START', guarded: false, internal: false, senders: ['secretary', 'monitor', 'system'] },
      ]),
    );
  });

  it('gives the assignment and report lifecycles too', async () => {
    const token = await as('lb.ward.officer');
    for (const machine of ['assignment', 'report']) {
      const res = await t.http.get(`/workflows/${machine}`).set(token);
      expect(res.status).toBe(200);
      expect(res.body.machine).toBe(machine);
      expect(res.body.transitions.length).toBeGreaterThan(2);
      for (const transition of res.body.transitions) expect(res.body.states.map((s: { path: string }) => s.path)).toContain(transition.target);
    }
  });

  it('answers 404 for a machine that does not exist, even one named like an object key', async () => {
    const token = await as('lb.auditor');
    for (const name of ['nope', 'constructor', '__proto__', 'toString']) {
      const res = await t.http.get(`/workflows/${name}`).set(token);
      expect([name, res.status, res.body.code]).toEqual([name, 404, 'NOT_FOUND']);
    }
  });

  it('refuses a signed-in account that holds no role', async () => {
    await t.http.post('/users').set(bearer(t.rootToken)).send({ username: 'no.role', password: 'a-long-password', displayName: 'x' }).expect(201);
    const res = await t.http.get('/workflows/plan').set(bearer(await t.login('no.role', 'a-long-password')));
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});
