import { DataSource } from 'typeorm';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * REGISTER: a document already signed and in force, entered as it is — its printed number,
 * date and signer kept, audited as a registration by the clerk who entered it, through the
 * same transition path as every step; the issuer's numbering registers stay correct.
 */
describe('registering a plan already issued', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  let db: DataSource;
  const unit = (key: string) => t.units.get(key)!;
  const PRINTED = { authority: 'T/M', onBehalfOf: 'BAN THƯỜNG VỤ', signerTitle: 'PHÓ BÍ THƯ THƯỜNG TRỰC', signerName: 'Nguyễn Huy Thắng' };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'lb.ward.officer', 'ln.drafter']);
    db = t.app.get(DataSource);
    // The district committee numbers per five-year term (nhiệm kỳ), the current one from October 2020.
    await db.query(`UPDATE units SET numbering_scheme = 'term', term_starts_on = '2020-10-01' WHERE id = $1`, [unit('lb-district-committee')]);
  });
  afterAll(() => t.close());

  const draft = async () => (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t)).expect(201)).body.id as string;
  const send = (who: string, id: string, body: Record<string, unknown>) => t.http.post(`/plans/${id}/events`).set(as[who]).send(body);
  const counters = async () =>
    (await db.query(`SELECT period, last_number AS "lastNumber" FROM numbering_counters WHERE issuer_unit_id = $1 AND type = 'KH' ORDER BY period`, [unit('lb-district-committee')])) as {
      period: string;
      lastNumber: number;
    }[];

  it('lands in issued with the number, date and signer as printed, audited as the clerk\'s registration, its assignments tracked', async () => {
    const id = await draft();
    const registered = await send('lb.drafter', id, {
      type: 'REGISTER',
      expectedVersion: 1,
      registration: { numberAndSymbol: '17 -KH/QU', issuedOn: '2015-12-29', signature: PRINTED },
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toEqual({ id, state: 'issued', version: 2, nextEvents: [] });

    const plan = (await t.http.get(`/plans/${id}`).set(as['lb.secretary']).expect(200)).body;
    expect(plan).toMatchObject({ state: 'issued', numberAndSymbol: '17-KH/QU', number: 17, issuedOn: '2015-12-29', issuedAt: expect.any(String), signature: { ...PRINTED, registered: true } });
    expect(plan.signature.signerUserId).toBeUndefined();
    expect(plan.nextEvents).toEqual(['START', 'WITHDRAW']);

    const history = (await t.http.get(`/plans/${id}/history`).set(as['lb.auditor']).expect(200)).body as { event: string; fromState: string; toState: string; actor: { username: string; role: string }; payload: Record<string, unknown> }[];
    expect(history.map((e) => [e.event, e.fromState, e.toState, e.actor.username, e.actor.role])).toEqual([
      ['CREATE', null, 'draft.editing', 'lb.drafter', 'drafter'],
      ['REGISTER', 'draft.editing', 'issued', 'lb.drafter', 'drafter'],
    ]);
    expect(history[1].payload).toMatchObject({ registered: true, numberAndSymbol: '17-KH/QU', issuedOn: '2015-12-29', numberingPeriod: '2015-2020' });
    expect((await t.http.get(`/audit/verify?planId=${id}`).set(as['lb.auditor']).expect(200)).body.ok).toBe(true);

    const assignments = (await t.http.get(`/plans/${id}/assignments`).set(as['lb.secretary']).expect(200)).body as { state: string }[];
    expect(assignments.length).toBeGreaterThan(0);
    expect(new Set(assignments.map((a) => a.state))).toEqual(new Set(['assigned']));
  });

  it('files the number in the register of the term it was issued in: the current term\'s register takes nothing from it', async () => {
    expect(await counters()).toEqual([{ period: '2015-2020', lastNumber: 17 }]);
    const id = await draft();
    await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await send('lb.secretary', id, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    const issued = (await t.http.get(`/plans/${id}`).set(as['lb.secretary']).expect(200)).body;
    expect(issued.numberAndSymbol).toBe('1-KH/QU');
    expect(await counters()).toEqual([{ period: '2015-2020', lastNumber: 17 }, { period: expect.stringMatching(/^20\d\d-20\d\d$/), lastNumber: 1 }]);
    // A later number of the old term, registered afterwards, moves that term's register on; an earlier one leaves it.
    await send('lb.drafter', await draft(), { type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '21-KH/QU', issuedOn: '2016-03-01' } }).expect(200);
    await send('lb.drafter', await draft(), { type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '5-KH/QU', issuedOn: '2016-06-01' } }).expect(200);
    expect((await counters())[0]).toEqual({ period: '2015-2020', lastNumber: 21 });
    // Before October 2015 is the term before: its own register.
    await send('lb.drafter', await draft(), { type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '40-KH/QU', issuedOn: '2015-06-01' } }).expect(200);
    expect((await counters())[0]).toEqual({ period: '2010-2015', lastNumber: 40 });
  });

  it('refuses a number another plan of the issuer holds in that term (409 NUMBER_TAKEN), changing nothing', async () => {
    const id = await draft();
    const before = await counters();
    const taken = await send('lb.drafter', id, { type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '17-KH/QU', issuedOn: '2016-01-05' } });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'NUMBER_TAKEN', details: { numberAndSymbol: '17-KH/QU', numberingPeriod: '2015-2020' } });
    expect((await t.http.get(`/plans/${id}`).set(as['lb.drafter']).expect(200)).body).toMatchObject({ state: 'draft.editing', version: 1, numberAndSymbol: null });
    expect(await counters()).toEqual(before);
  });

  it('lands in implementing when the plan is already being carried out', async () => {
    const id = await draft();
    const res = await send('lb.secretary', id, { type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '30-KH/QU', issuedOn: '2019-04-02', lands: 'implementing' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'implementing', version: 2 });
  });

  it('keeps what a copy does not print unknown: a registration with only the signer takes no number and touches no register', async () => {
    const id = await draft();
    const before = await counters();
    await send('lb.drafter', id, { type: 'REGISTER', expectedVersion: 1, registration: { signature: { signerName: 'Cao Văn Hoàn' } } }).expect(200);
    expect((await t.http.get(`/plans/${id}`).set(as['lb.drafter']).expect(200)).body).toMatchObject({ state: 'issued', numberAndSymbol: null, number: null, issuedOn: null });
    expect(await counters()).toEqual(before);
  });

  it('answers bad registrations with a 4xx and a code, and moves nothing', async () => {
    const id = await draft();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ type: 'REGISTER', expectedVersion: 1 }, 400, 'VALIDATION_FAILED'],
      [{ type: 'REGISTER', expectedVersion: 1, registration: { issuedOn: '29/12/2015' } }, 400, 'VALIDATION_FAILED'],
      [{ type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: 'KH/QU' } }, 400, 'VALIDATION_FAILED'],
      [{ type: 'REGISTER', expectedVersion: 1, registration: { lands: 'reviewed' } }, 400, 'VALIDATION_FAILED'],
      [{ type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '17-KH/QU', issuedOn: '2015-12-29', extra: 1 } }, 400, 'VALIDATION_FAILED'],
      [{ type: 'REGISTER', expectedVersion: 1, registration: {} }, 422, 'GUARD_FAILED'],
      [{ type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '40-KH/QU', issuedOn: '2099-01-01' } }, 422, 'GUARD_FAILED'],
      [{ type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '40-KH/QU', issuedOn: '2015-02-30' } }, 400, 'VALIDATION_FAILED'], // not a calendar date: refused at the door
      [{ type: 'REGISTER', expectedVersion: 7, registration: { numberAndSymbol: '40-KH/QU', issuedOn: '2015-02-03' } }, 409, 'STALE_VERSION'],
    ];
    for (const [body, status, code] of cases) {
      const res = await send('lb.drafter', id, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    const guard = await send('lb.drafter', id, { type: 'REGISTER', expectedVersion: 1, registration: {} });
    expect(guard.body.details.rules).toEqual([expect.objectContaining({ rule: 'REGISTRATION_INCOMPLETE' })]);
    expect((await t.http.get(`/plans/${id}`).set(as['lb.drafter']).expect(200)).body).toMatchObject({ state: 'draft.editing', version: 1 });
  });

  it('is sent by the issuer\'s drafter or secretary only, and never to a plan already issued', async () => {
    const id = await draft();
    const body = { type: 'REGISTER', expectedVersion: 1, registration: { numberAndSymbol: '50-KH/QU', issuedOn: '2017-01-10' } };
    expect((await send('lb.monitor', id, body)).status).toBe(403);
    expect([403, 404]).toContain((await send('lb.ward.officer', id, body)).status);
    expect((await send('ln.drafter', id, body)).status).toBe(404);
    await send('lb.drafter', id, body).expect(200);
    const again = await send('lb.drafter', id, { ...body, expectedVersion: 2 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EVENT_NOT_ALLOWED');
  });

  it('offers REGISTER on a draft to its drafter, next to SUBMIT and DISCARD', async () => {
    const id = await draft();
    expect((await t.http.get(`/plans/${id}`).set(as['lb.drafter']).expect(200)).body.nextEvents).toEqual(['SUBMIT', 'DISCARD', 'REGISTER']);
  });
});
