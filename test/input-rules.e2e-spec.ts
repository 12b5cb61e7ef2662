import { createHmac } from 'node:crypto';
import type { Response } from 'supertest';
import { completePlan, demoTokens } from './support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from './support/test-app.js';

/**
 * The input rules (issue 13, docs/input-rules.md), one row per kind of bad input: what a client gets,
 * and that nothing was changed. test/input-fuzz.e2e-spec.ts sends the same kinds to every operation.
 */
const JWT_SECRET = 'rules-secret-that-is-long-enough-0123456789';

describe('Input rules: every bad request gets a clear 4xx', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let planId: string;
  let unitId: string;

  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { JWT_SECRET } });
    as = await demoTokens(t, ['lb.drafter', 'hn.admin']);
    const plan = await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t));
    expect(plan.status).toBe(201);
    planId = plan.body.id as string;
    unitId = t.units.get('lb-ward-bo-de')!;
  }, 60_000);
  afterAll(() => t.close());

  /** The error in the one shape, with the fields named in `details` when given. */
  const refused = (res: Response, status: number, code: string, fields?: string[]) => {
    expect([res.status, res.body.code, res.body.statusCode]).toEqual([status, code, status]);
    expect(res.text).not.toMatch(/\bat .*\.(js|ts):\d+|QueryFailedError|SELECT /);
    if (fields) expect((res.body.details as { field: string }[]).map((d) => d.field)).toEqual(expect.arrayContaining(fields));
  };
  const planNow = async () => (await t.http.get(`/plans/${planId}`).set(as['lb.drafter'])).body as Record<string, unknown>;
  const raw = (method: 'post' | 'patch', path: string, who: Record<string, string>, body: string, type = 'application/json') =>
    t.http[method](path).set(who).set('Content-Type', type).send(body);

  it('malformed JSON: 400', async () => {
    refused(await raw('post', '/auth/login', {}, '{"username": "root",'), 400, 'VALIDATION_FAILED');
  });

  it('wrong types: 400 naming each field', async () => {
    const res = await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send({ title: 7, purposes: 'one', phases: [{ title: [] }] });
    refused(res, 400, 'VALIDATION_FAILED', ['title', 'purposes', 'phases.0.title']);
    const wholeBody = await raw('patch', `/plans/${planId}`, as['lb.drafter'], '[{"title":"x"}]');
    refused(wholeBody, 400, 'VALIDATION_FAILED', ['body']);
  });

  it('null for a list or an object: 400 naming the field; null where the schema says nullable still clears', async () => {
    const before = await planNow();
    refused(await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send({ phases: null }), 400, 'VALIDATION_FAILED', ['phases']);
    refused(await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send({ assignments: [{ ...completePlan(t).assignments[1], subAssignments: null }] }),
      400, 'VALIDATION_FAILED', ['assignments.0.subAssignments']);
    refused(await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, { phases: null, basis: null })), 400, 'VALIDATION_FAILED', ['phases', 'basis']);
    expect(await planNow()).toEqual(before);
    const cleared = await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send({ budget: null });
    expect([cleared.status, cleared.body.budget]).toEqual([200, null]);
  });

  it('missing fields: 400 naming them', async () => {
    refused(await t.http.post('/units').set(as['hn.admin']).send({ name: 'Chi bộ mới' }), 400, 'VALIDATION_FAILED', ['shortName', 'kind', 'symbolStyle']);
  });

  it('unknown fields, __proto__ included, are refused by every route, those without a body too', async () => {
    const unit = { name: 'Chi bộ 1', shortName: 'CB1', kind: 'party_cell', parentId: unitId, symbolStyle: 'party' };
    refused(await t.http.post('/units').set(as['hn.admin']).send({ ...unit, x: 1 }), 400, 'VALIDATION_FAILED', ['x']);
    refused(await raw('post', '/units', as['hn.admin'], `{"__proto__":{"admin":true},${JSON.stringify(unit).slice(1)}`), 400, 'VALIDATION_FAILED', ['__proto__']);
    refused(await t.http.post('/auth/logout').send({ refreshToken: 'x', x: 1 }), 400, 'VALIDATION_FAILED', ['x']);
    refused(await t.http.post('/me/notifications/read-all').set(as['lb.drafter']).send({ x: 1 }), 400, 'VALIDATION_FAILED', ['x']);
    expect((await t.http.post('/me/notifications/read-all').set(as['lb.drafter']).send({})).status).toBe(200);
    expect((await t.http.post('/me/notifications/read-all').set(as['lb.drafter'])).status).toBe(200);
  });

  it('overlong values: 400 (413 for a body over BODY_LIMIT), in the body, the query and the path', async () => {
    refused(await t.http.patch(`/units/${unitId}`).set(as['hn.admin']).send({ name: 'x'.repeat(301) }), 400, 'VALIDATION_FAILED', ['name']);
    refused(await t.http.get(`/plans?text=${'x'.repeat(2000)}`).set(as['lb.drafter']), 400, 'VALIDATION_FAILED', ['text']);
    refused(await t.http.get(`/units/${'a'.repeat(2000)}`).set(as['hn.admin']), 400, 'VALIDATION_FAILED', ['id']);
    refused(await t.http.patch(`/units/${unitId}`).set(as['hn.admin']).send({ name: 'x'.repeat(2_000_000) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('deep nesting: 400 before parsing, at the top or inside a field, on every JSON route, login included', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    refused(await raw('post', '/auth/login', {}, deep(20_000)), 400, 'VALIDATION_FAILED', ['body']);
    refused(await raw('post', '/auth/login', {}, `{"username":${deep(20_000)},"password":"x"}`), 400, 'VALIDATION_FAILED', ['body']);
    refused(await raw('patch', `/plans/${planId}`, as['lb.drafter'], `{"purposes":${deep(20_000)}}`), 400, 'VALIDATION_FAILED', ['body']);
    refused(await raw('post', '/plans', as['lb.drafter'], `{"attachments":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`), 400, 'VALIDATION_FAILED', ['body']);
    // Brackets inside strings are text, not nesting.
    const title = await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send({ title: `Kế hoạch ${'['.repeat(100)}` });
    expect(title.status).toBe(200);
  });

  it('NUL and lone surrogates: 400 naming the field, in the body, its keys, the query and the path', async () => {
    refused(await t.http.post('/auth/login').send({ username: 'ro\u0000ot', password: 'x' }), 400, 'VALIDATION_FAILED', ['username']);
    refused(await t.http.patch(`/units/${unitId}`).set(as['hn.admin']).send({ name: 'Chi bộ\u0000' }), 400, 'VALIDATION_FAILED', ['name']);
    refused(await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send({ phases: [{ title: 'Giai đoạn \ud800', items: [] }] }),
      400, 'VALIDATION_FAILED', ['phases.0.title']);
    refused(await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send({ ['x\u0000']: 1 }), 400, 'VALIDATION_FAILED');
    refused(await t.http.get('/plans?text=a%00b').set(as['lb.drafter']), 400, 'VALIDATION_FAILED', ['text']);
    refused(await t.http.get(`/units/${unitId}%00`).set(as['hn.admin']), 400, 'VALIDATION_FAILED', ['id']);
    // Text from Word (smart quotes, non-breaking spaces, emoji as surrogate pairs) is text.
    const word = await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send({ place: 'Long\u00a0Biên “số 1” 😀' });
    expect([word.status, word.body.place]).toEqual([200, 'Long\u00a0Biên “số 1” 😀']);
  });

  it('impossible dates: 400; leap days only in leap years', async () => {
    const phase = (startsOn: string) => ({ phases: [{ title: 'Giai đoạn 1', startsOn, items: [] }] });
    for (const date of ['2027-02-30', '2027-13-01', '2026-02-29', '2100-02-29']) {
      refused(await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send(phase(date)), 400, 'VALIDATION_FAILED', ['phases.0.startsOn']);
    }
    expect((await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).send(phase('2028-02-29'))).status).toBe(200);
    refused(await t.http.get('/me/assignments?dueBefore=2027-02-30').set(as['lb.drafter']), 400, 'VALIDATION_FAILED', ['dueBefore']);
  });

  it('numbers JSON cannot mean exactly: 400', async () => {
    for (const n of ['1e309', '9007199254740993', '"NaN"', '-0']) {
      refused(await raw('patch', `/plans/${planId}`, as['lb.drafter'], `{"expectedVersion":${n}}`), 400, 'VALIDATION_FAILED', ['expectedVersion']);
    }
  });

  it('bad ids and cursors: 400', async () => {
    refused(await t.http.get('/units/abc').set(as['hn.admin']), 400, 'VALIDATION_FAILED', ['id']);
    refused(await t.http.get(`/units?cursor=${Buffer.from('["x","y"]').toString('base64url')}`).set(as['hn.admin']), 400, 'VALIDATION_FAILED', ['cursor']);
    refused(await t.http.get('/plans?cursor=!!!').set(as['lb.drafter']), 400, 'VALIDATION_FAILED', ['cursor']);
  });

  it('a body that is not JSON on a JSON route: 415, nothing changed; an upload route reads only multipart', async () => {
    const before = await planNow();
    refused(await raw('patch', `/plans/${planId}`, as['lb.drafter'], 'title=Khác', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    refused(await raw('patch', `/plans/${planId}`, as['lb.drafter'], 'title=Khác', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    refused(await t.http.patch(`/units/${unitId}`).set(as['hn.admin']).field('name', 'Khác'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    refused(await raw('patch', `/plans/${planId}`, as['lb.drafter'], '{"title":"Khác"}', 'application/json; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const untyped = await t.http.patch(`/plans/${planId}`).set(as['lb.drafter']).set('Content-Type', '').send(Buffer.from('{"title":"Khác"}'));
    refused(untyped, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await planNow()).toEqual(before);
    const json = await t.http.post('/plans/import').set(as['lb.drafter']).send({ issuerUnitId: t.units.get('lb-district-committee') });
    refused(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(json.body.details).toMatchObject({ accepted: ['multipart/form-data'] });
  });

  it('no valid token: 401 on a protected route', async () => {
    const now = Math.floor(Date.now() / 1000);
    const me = (await t.http.get('/auth/me').set(as['lb.drafter'])).body.id as string;
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const sign = (head: object, body: object, key: string) => {
      const text = `${b64(head)}.${b64(body)}`;
      return `${text}.${createHmac('sha256', key).update(text).digest('base64url')}`;
    };
    const claims = { sub: me, typ: 'access', iat: now, exp: now + 600 };
    const valid = as['lb.drafter'].Authorization.slice('Bearer '.length);
    for (const token of [
      sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, JWT_SECRET), // expired
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, // alg: none
      `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`, // wrong signature
      sign({ alg: 'HS256', typ: 'JWT' }, claims, 'another-key-that-is-long-enough-0123456789'), // another key
    ]) {
      refused(await t.http.get('/auth/me').set(bearer(token)), 401, 'UNAUTHENTICATED');
    }
    refused(await t.http.get('/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('the OpenAPI document says which operations are public and which read a body (415)', async () => {
    const doc = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>> };
    expect(doc.paths['/auth/logout'].post.security).toEqual([]);
    expect(doc.paths['/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/auth/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/plans/{id}'].patch.responses['415']).toBeDefined();
    expect(doc.paths['/plans/import'].post.responses['415']).toBeDefined();
    expect(doc.paths['/plans/{id}'].get.responses['415']).toBeUndefined();
  });
});
