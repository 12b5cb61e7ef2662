import { DEMO_PASSWORD } from '@app/demo';
import { completePlan, SIGNATURE } from './plan-fixtures.js';
import { bearer, TestApp } from './test-app.js';

export type Headers = Record<string, string>;

export interface Tracked {
  id: string;
  assigneeUnitId: string;
  state: string;
  version: number;
}

/** A new account holding `role` at a demo unit, signed in. */
export async function member(t: TestApp, username: string, unitKey: string, role: string): Promise<Headers> {
  const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username, password: DEMO_PASSWORD, displayName: `${username} (${role})` });
  if (user.status !== 201) throw new Error(`user ${username}: ${user.status} ${JSON.stringify(user.body)}`);
  const grant = await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: t.units.get(unitKey), role });
  if (grant.status !== 201) throw new Error(`grant ${username}: ${grant.status} ${JSON.stringify(grant.body)}`);
  return bearer(await t.login(username, DEMO_PASSWORD));
}

export interface PlanSpec {
  issuer: string;
  assignments: { unit: string; requiresOwnPlan?: boolean; dueOn?: string }[];
  /** The monitoring unit of the report duty; the issuer itself by default. */
  collector?: string;
}

/** A complete plan of `spec.issuer` assigning work to the given demo units. */
export function planBody(t: TestApp, spec: PlanSpec) {
  const unit = (key: string) => t.units.get(key)!;
  return completePlan(t, {
    issuerUnitId: unit(spec.issuer),
    assignments: spec.assignments.map((a) => ({
      assigneeUnitId: unit(a.unit), responsibilities: ['Tuyên truyền và báo cáo kết quả'], requiresOwnPlan: a.requiresOwnPlan ?? false, dueOn: a.dueOn ?? '2016-02-04',
    })),
    reportDuty: { collectorUnitId: unit(spec.collector ?? spec.issuer), dueOn: '2016-02-04', periodic: false },
    recipients: [{ name: 'Lưu Văn phòng', purpose: 'archive' }],
  });
}

/** Drafts, submits and issues a plan; returns it with its tracked assignments, in the plan's order. */
export async function issuePlan(t: TestApp, drafter: Headers, secretary: Headers, spec: PlanSpec): Promise<{ planId: string; assignments: Tracked[] }> {
  const created = await t.http.post('/plans').set(drafter).send(planBody(t, spec));
  if (created.status !== 201) throw new Error(`plan: ${created.status} ${JSON.stringify(created.body)}`);
  const planId: string = created.body.id;
  await t.http.post(`/plans/${planId}/events`).set(drafter).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
  await t.http.post(`/plans/${planId}/events`).set(secretary).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
  const assignments: Tracked[] = (await t.http.get(`/plans/${planId}/assignments`).set(secretary).expect(200)).body;
  return { planId, assignments };
}

/**
 * Fresh assignments and reports at any demo unit, for tables of who may do what: each is
 * an acknowledged assignment of a plan issued by the unit's parent, drawn from a pool (one
 * plan assigns the unit many times over), reported on by an officer of the unit.
 */
export class ReportBench {
  private readonly pools = new Map<string, string[]>();
  private readonly people = new Map<string, Headers>();

  constructor(private readonly t: TestApp) {}

  private async person(unitId: string, role: string): Promise<Headers> {
    const key = `${unitId}:${role}`;
    if (!this.people.has(key)) {
      const unitKey = [...this.t.units].find(([, id]) => id === unitId)![0];
      this.people.set(key, await member(this.t, `bench.${role}.${this.people.size}`, unitKey, role));
    }
    return this.people.get(key)!;
  }

  /** The officer who writes the unit's reports. */
  writer(unitId: string): Promise<Headers> {
    return this.person(unitId, 'unit_officer');
  }

  /** A tracked, acknowledged assignment of the unit, never used before. */
  async assignment(unitId: string): Promise<string> {
    const pool = this.pools.get(unitId) ?? [];
    if (pool.length === 0) {
      const parentId: string = (await this.t.http.get(`/units/${unitId}`).set(bearer(this.t.rootToken))).body.parentId;
      const parentKey = [...this.t.units].find(([, id]) => id === parentId)![0];
      const unitKey = [...this.t.units].find(([, id]) => id === unitId)![0];
      const { assignments } = await issuePlan(this.t, await this.person(parentId, 'drafter'), await this.person(parentId, 'secretary'), {
        issuer: parentKey,
        assignments: Array.from({ length: 30 }, () => ({ unit: unitKey })),
      });
      for (const a of assignments) {
        await this.t.http.post(`/assignments/${a.id}/events`).set(await this.writer(unitId)).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
      }
      pool.push(...assignments.map((a) => a.id));
      this.pools.set(unitId, pool);
    }
    return pool.pop()!;
  }

  /** A report of the unit with results, in draft (version 1) or submitted (version 2). */
  async report(unitId: string, state: 'draft' | 'submitted' = 'draft'): Promise<{ id: string; version: number }> {
    const writer = await this.writer(unitId);
    const created = await this.t.http.post(`/assignments/${await this.assignment(unitId)}/reports`).set(writer).send({ results: 'Hoàn thành', indicators: { attendees: 10 } });
    if (created.status !== 201) throw new Error(`report: ${created.status} ${JSON.stringify(created.body)}`);
    if (state === 'draft') return { id: created.body.id, version: 1 };
    await this.t.http.post(`/reports/${created.body.id}/events`).set(writer).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    return { id: created.body.id, version: 2 };
  }
}
