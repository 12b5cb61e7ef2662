import { readFileSync } from 'node:fs';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLogWriter } from '@app/audit-log';
import { PUBLIC_KEY } from '@app/core';
import { repoPath } from '@app/import';
import { NotificationDelivery } from '@app/notifications';
import { ALL_ROLES, PERMISSION_KEY, Role } from '@app/org';
import { sealPng, signaturePng } from './support/appearance-images.js';
import { completePlan, SIGNATURE } from './support/plan-fixtures.js';
import { ReportBench } from './support/report-fixtures.js';
import { Outbox } from '@app/transitions';
import { bearer, startTestApp, TestApp } from './support/test-app.js';

type Target = 'own' | 'inScope' | 'outOfScope';
const TARGETS: Target[] = ['own', 'inScope', 'outOfScope'];
/** Every role is held at the Long Biên district committee; a ward below it is in scope, Lục Ngạn is not. */
const TARGET_UNITS: Record<Target, string> = { own: 'lb-district-committee', inScope: 'lb-ward-bo-de', outOfScope: 'ln-district-committee' };

/** Expected status per target, in the order own, in scope, out of scope. */
type Row = [number, number, number];
const everyRole = (row: Row) => Object.fromEntries(ALL_ROLES.map((r) => [r, row])) as Record<Role, Row>;
// A role that can never do this is refused by the guard before any unit is looked at: 403 everywhere.
const adminOnly = (allowed: number): Record<Role, Row> => ({ ...everyRole([403, 403, 403]), [Role.Admin]: [allowed, allowed, 404] });

// Reports: written by the assignee's drafter, secretary or unit officer; decided by a secretary or monitor of the issuer (or the report duty's monitoring unit).
const reportWriters = (allowed: number): Record<Role, Row> => {
  const row: Row = [allowed, 403, 404];
  return { ...everyRole([403, 403, 404]), [Role.Drafter]: row, [Role.Secretary]: row, [Role.UnitOfficer]: row };
};
const reportDeciders = (allowed: number): Record<Role, Row> => {
  const row: Row = [403, allowed, 404];
  return { ...everyRole([403, 403, 404]), [Role.Secretary]: row, [Role.Monitor]: row };
};
const benches = new WeakMap<TestApp, ReportBench>();
/** The unit's reports are on plans of its parent: the own unit's on the city's, the ward's on the district's (the matrix roles' own plans). */
const bench = (t: TestApp): ReportBench => {
  if (!benches.has(t)) benches.set(t, new ReportBench(t));
  return benches.get(t)!;
};

interface Endpoint {
  name: string;
  expected: Record<Role, Row>;
  call(t: TestApp, token: string, unitId: string): Promise<Response>;
}

/** A drafter and a secretary of each unit that issues plans here, signed in once. */
const issuers = new Map<string, Promise<{ drafter: string; secretary: string }>>();
function issuerOf(t: TestApp, unitId: string): Promise<{ drafter: string; secretary: string }> {
  if (!issuers.has(unitId)) {
    const signIn = async (role: string) => {
      const username = `issuer.${role}.${issuers.size}`;
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username, password: 'a-long-password', displayName: username });
      await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId, role });
      return t.login(username, 'a-long-password');
    };
    issuers.set(unitId, Promise.all([signIn('drafter'), signIn('secretary')]).then(([drafter, secretary]) => ({ drafter, secretary })));
  }
  return issuers.get(unitId)!;
}

/** A plan issued by the unit, assigning work to a unit below it and addressed to no one else. */
async function issuedPlanOf(t: TestApp, unitId: string): Promise<string> {
  const { secretary } = await issuerOf(t, unitId);
  const id = await draftPlanOf(t, unitId);
  await t.http.post(`/plans/${id}/events`).set(bearer(secretary)).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
  return id;
}

/** The same, submitted but not issued yet. */
async function draftPlanOf(t: TestApp, unitId: string): Promise<string> {
  const { drafter } = await issuerOf(t, unitId);
  const children = (await t.http.get(`/units/${unitId}/children`).set(bearer(t.rootToken))).body.items as { id: string }[];
  const below = children[0]?.id ?? (await t.http.post('/units').set(bearer(t.rootToken)).send({ name: 'Chi bộ', shortName: 'CB', kind: 'party_cell', parentId: unitId, symbolStyle: 'party' })).body.id;
  const plan = completePlan(t, {
    issuerUnitId: unitId,
    assignments: [{ assigneeUnitId: below, responsibilities: ['Tuyên truyền'], requiresOwnPlan: false, dueOn: '2016-02-04' }],
    reportDuty: { collectorUnitId: unitId, dueOn: '2016-02-04', periodic: false },
    recipients: [{ name: 'Lưu Văn phòng', purpose: 'archive' }],
  });
  const id = (await t.http.post('/plans').set(bearer(drafter)).send(plan).expect(201)).body.id;
  await t.http.post(`/plans/${id}/events`).set(bearer(drafter)).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
  return id;
}

/** The first entry of the subject (or of the log), once the log writer has taken it, and the log's size then. */
async function loggedEntryOf(t: TestApp, subjectId: string | null): Promise<{ entryId: string; size: number }> {
  const db = t.app.get(DataSource);
  for (let attempt = 0; attempt < 100; attempt++) {
    await t.app.get(AuditLogWriter).appendAll();
    const [row] = await db.query(
      `SELECT l.entry_id::text AS "entryId", (SELECT size FROM audit_log_state)::int AS size
       FROM audit_entries e JOIN audit_log_leaves l ON l.entry_id = e.id WHERE $1::uuid IS NULL OR e.subject_id = $1 ORDER BY e.seq LIMIT 1`,
      [subjectId],
    );
    if (row) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the log writer did not take the entry');
}

/** A signer of the unit, made once: whose signature image an admin uploads. */
const secretaries = new Map<string, Promise<string>>();
function secretaryIdOf(t: TestApp, unitId: string): Promise<string> {
  if (!secretaries.has(unitId)) {
    secretaries.set(unitId, (async () => {
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: `signer.${secretaries.size}`, password: 'a-long-password', displayName: 'Người ký' });
      await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId, role: 'secretary' });
      return user.body.id as string;
    })());
  }
  return secretaries.get(unitId)!;
}

/** Reading a document changes nothing: one draft and one issued plan per unit serve every cell. */
const documentPlans = new Map<string, Promise<{ draft: string; issued: string }>>();
function documentPlansOf(t: TestApp, unitId: string): Promise<{ draft: string; issued: string }> {
  if (!documentPlans.has(unitId)) {
    documentPlans.set(unitId, (async () => ({ draft: await draftPlanOf(t, unitId), issued: await issuedPlanOf(t, unitId) }))());
  }
  return documentPlans.get(unitId)!;
}
// A plan's document is read as the plan is: a draft by the people of its issuer (and admins, monitors, auditors above it).
const seesUnitPlans = { ...everyRole([200, 404, 404]), [Role.Admin]: [200, 200, 404], [Role.Monitor]: [200, 200, 404], [Role.Auditor]: [200, 200, 404] } as Record<Role, Row>;

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /units/:id', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/${u}`).set(bearer(tk)) },
  { name: 'GET /units/:id/children', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/${u}/children`).set(bearer(tk)) },
  { name: 'GET /units/:id/ancestors', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/${u}/ancestors`).set(bearer(tk)) },
  { name: 'GET /units/:id/subtree', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/${u}/subtree`).set(bearer(tk)) },
  { name: 'GET /units/search?under=', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/search?q=ng&under=${u}`).set(bearer(tk)) },
  { name: 'GET /units/:id?asOf=', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/${u}?asOf=2020-01-01`).set(bearer(tk)) },
  { name: 'GET /units/:id/children?asOf=', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/${u}/children?asOf=2020-01-01`).set(bearer(tk)) },
  { name: 'GET /units/:id/subtree?asOf=', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/${u}/subtree?asOf=2020-01-01`).set(bearer(tk)) },
  { name: 'GET /units/search?under=&asOf=', expected: everyRole([200, 200, 404]), call: (t, tk, u) => t.http.get(`/units/search?q=ng&under=${u}&asOf=2020-01-01`).set(bearer(tk)) },
  {
    name: 'POST /reorganisations?dryRun=true (rename the unit)',
    expected: adminOnly(201),
    call: async (t, tk, u) => {
      const { name } = (await t.http.get(`/units/${u}`).set(bearer(t.rootToken))).body;
      return t.http.post('/reorganisations?dryRun=true').set(bearer(tk)).send({ effectiveOn: '2025-07-01', changes: [{ kind: 'rename', unitId: u, name }] });
    },
  },
  { name: 'GET /units/:id/open-items', expected: adminOnly(200), call: (t, tk, u) => t.http.get(`/units/${u}/open-items`).set(bearer(tk)) },
  {
    name: 'POST /reorganisations/:id/cancel (a scheduled rename of the unit)',
    expected: adminOnly(200),
    call: async (t, tk, u) => {
      const { name } = (await t.http.get(`/units/${u}`).set(bearer(t.rootToken))).body;
      const scheduled = await t.http.post('/reorganisations').set(bearer(t.rootToken)).send({ effectiveOn: '2099-01-01', changes: [{ kind: 'rename', unitId: u, name }] });
      return t.http.post(`/reorganisations/${scheduled.body.id}/cancel`).set(bearer(tk));
    },
  },
  {
    name: 'POST /units (under the unit)',
    expected: adminOnly(201),
    call: (t, tk, u) => t.http.post('/units').set(bearer(tk)).send({ name: 'Chi bộ mới', shortName: 'CB', kind: 'party_cell', parentId: u, symbolStyle: 'party' }),
  },
  {
    name: 'PATCH /units/:id',
    expected: adminOnly(200),
    call: async (t, tk, u) => {
      const { name } = (await t.http.get(`/units/${u}`).set(bearer(t.rootToken))).body;
      return t.http.patch(`/units/${u}`).set(bearer(tk)).send({ name });
    },
  },
  {
    name: 'POST /units/:id/move (a new unit below it, to the same parent)',
    expected: adminOnly(200),
    call: async (t, tk, u) => {
      const leaf = await t.http.post('/units').set(bearer(t.rootToken)).send({ name: 'Chi bộ tạm', shortName: 'CB', kind: 'party_cell', parentId: u, symbolStyle: 'party' });
      return t.http.post(`/units/${leaf.body.id}/move`).set(bearer(tk)).send({ parentId: u });
    },
  },
  {
    name: 'POST /users/:id/memberships (at the unit)',
    expected: adminOnly(201),
    call: async (t, tk, u) => {
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: `m${Math.random().toString(36).slice(2, 10)}`, password: 'a-long-password', displayName: 'x' });
      return t.http.post(`/users/${user.body.id}/memberships`).set(bearer(tk)).send({ unitId: u, role: 'drafter' });
    },
  },
  {
    // An admin manages the accounts holding a role inside its scope: deactivate, reset a password, end sessions.
    name: 'POST /users/:id/deactivate (an account with a role at the unit)',
    expected: adminOnly(200),
    call: async (t, tk, u) => {
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: `x${Math.random().toString(36).slice(2, 10)}`, password: 'a-long-password', displayName: 'x' });
      await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: u, role: 'drafter' }).expect(201);
      return t.http.post(`/users/${user.body.id}/deactivate`).set(bearer(tk));
    },
  },
  {
    name: 'DELETE /users/:id/sessions (an account with a role at the unit)',
    expected: adminOnly(204),
    call: async (t, tk, u) => {
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: `s${Math.random().toString(36).slice(2, 10)}`, password: 'a-long-password', displayName: 'x' });
      await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: u, role: 'drafter' }).expect(201);
      return t.http.delete(`/users/${user.body.id}/sessions`).set(bearer(tk));
    },
  },
  {
    name: 'DELETE /users/:id/memberships/:membershipId (at the unit)',
    expected: adminOnly(204),
    call: async (t, tk, u) => {
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username: `d${Math.random().toString(36).slice(2, 10)}`, password: 'a-long-password', displayName: 'x' });
      const m = await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: u, role: 'drafter' });
      return t.http.delete(`/users/${user.body.id}/memberships/${m.body.id}`).set(bearer(tk));
    },
  },
  {
    name: 'POST /assignments/:id/reports (an assignment of the unit)',
    expected: reportWriters(201),
    call: async (t, tk, u) => t.http.post(`/assignments/${await bench(t).assignment(u)}/reports`).set(bearer(tk)).send({}),
  },
  {
    name: 'POST /assignments/reminders (an assignment of the unit)',
    expected: reportDeciders(201),
    call: async (t, tk, u) => t.http.post('/assignments/reminders').set(bearer(tk)).send({ assignmentIds: [await bench(t).assignment(u)], message: 'Đề nghị báo cáo' }),
  },
  {
    name: 'GET /assignments/:id/reminders (an assignment of the unit)',
    expected: everyRole([200, 200, 404]),
    call: async (t, tk, u) => t.http.get(`/assignments/${await bench(t).assignment(u)}/reminders`).set(bearer(tk)),
  },
  {
    name: 'GET /assignments/:id/report (a report of the unit)',
    expected: everyRole([200, 200, 404]),
    call: async (t, tk, u) => {
      const assignmentId = await bench(t).assignment(u);
      await t.http.post(`/assignments/${assignmentId}/reports`).set(await bench(t).writer(u)).send({}).expect(201);
      return t.http.get(`/assignments/${assignmentId}/report`).set(bearer(tk));
    },
  },
  {
    name: 'GET /reports/:id (a report of the unit)',
    expected: everyRole([200, 200, 404]),
    call: async (t, tk, u) => t.http.get(`/reports/${(await bench(t).report(u)).id}`).set(bearer(tk)),
  },
  {
    name: 'PATCH /reports/:id (a draft report of the unit)',
    expected: reportWriters(200),
    call: async (t, tk, u) => t.http.patch(`/reports/${(await bench(t).report(u)).id}`).set(bearer(tk)).send({ expectedVersion: 1, lessons: 'Bài học' }),
  },
  {
    name: 'POST /reports/:id/events SUBMIT (a draft report of the unit)',
    expected: reportWriters(200),
    call: async (t, tk, u) => t.http.post(`/reports/${(await bench(t).report(u)).id}/events`).set(bearer(tk)).send({ type: 'SUBMIT', expectedVersion: 1 }),
  },
  {
    name: 'POST /reports/:id/events ACCEPT (a submitted report of the unit)',
    expected: reportDeciders(200),
    call: async (t, tk, u) => t.http.post(`/reports/${(await bench(t).report(u, 'submitted')).id}/events`).set(bearer(tk)).send({ type: 'ACCEPT', expectedVersion: 2 }),
  },
  {
    name: 'GET /reports/:id/history (a report of the unit)',
    expected: { ...everyRole([403, 403, 403]), [Role.Auditor]: [200, 200, 404] },
    call: async (t, tk, u) => t.http.get(`/reports/${(await bench(t).report(u)).id}/history`).set(bearer(tk)),
  },
  {
    name: 'POST /reports/:id/files (a draft report of the unit)',
    expected: reportWriters(201),
    call: async (t, tk, u) =>
      t.http.post(`/reports/${(await bench(t).report(u)).id}/files`).set(bearer(tk)).attach('file', Buffer.from('%PDF-1.4'), { filename: 'a.pdf', contentType: 'application/pdf' }),
  },
  {
    name: 'GET /reports/:id/files/:checksum (a file of a report of the unit)',
    expected: everyRole([200, 200, 404]),
    call: async (t, tk, u) => {
      const { id } = await bench(t).report(u);
      const file = await t.http.post(`/reports/${id}/files`).set(await bench(t).writer(u)).attach('file', Buffer.from('%PDF-1.4'), { filename: 'a.pdf', contentType: 'application/pdf' }).expect(201);
      return t.http.get(`/reports/${id}/files/${file.body.checksum}`).set(bearer(tk));
    },
  },
  {
    name: 'GET /assignments/:id/history (an assignment of the unit)',
    expected: { ...everyRole([403, 403, 403]), [Role.Auditor]: [200, 200, 404] },
    call: async (t, tk, u) => t.http.get(`/assignments/${await bench(t).assignment(u)}/history?format=csv`).set(bearer(tk)),
  },
  // The transparency log: its checkpoints, keys and consistency proofs name no entry and are every signed-in user's;
  // an entry's inclusion proof and a subtree's export bundle are the auditor's, within its subtree.
  { name: 'GET /audit/log/checkpoint', expected: everyRole([200, 200, 200]), call: (t, tk) => t.http.get('/audit/log/checkpoint').set(bearer(tk)) },
  { name: 'GET /audit/log/keys', expected: everyRole([200, 200, 200]), call: (t, tk) => t.http.get('/audit/log/keys').set(bearer(tk)) },
  {
    name: 'GET /audit/log/checkpoints/:size and proofs/consistency',
    expected: everyRole([200, 200, 200]),
    call: async (t, tk) => {
      const size = (await loggedEntryOf(t, null)).size;
      const checkpoint = await t.http.get(`/audit/log/checkpoints/${size}`).set(bearer(tk));
      return checkpoint.status === 200 ? t.http.get(`/audit/log/proofs/consistency?from=1&to=${size}`).set(bearer(tk)) : checkpoint;
    },
  },
  {
    name: 'GET /audit/log/proofs/inclusion (an entry of a plan the unit issued)',
    expected: { ...everyRole([403, 403, 403]), [Role.Auditor]: [200, 200, 404] },
    call: async (t, tk, u) => t.http.get(`/audit/log/proofs/inclusion?entryId=${(await loggedEntryOf(t, await issuedPlanOf(t, u))).entryId}`).set(bearer(tk)),
  },
  {
    name: 'GET /audit/log/export?unitId= (the unit\'s subtree)',
    expected: { ...everyRole([403, 403, 403]), [Role.Auditor]: [200, 200, 404] },
    call: (t, tk, u) => t.http.get(`/audit/log/export?unitId=${u}`).set(bearer(tk)),
  },
  {
    // A message to the unit, delivered to its people: the caller's own notification there if it has one, else someone else's.
    name: 'POST /me/notifications/:id/read (a notification at the unit)',
    expected: everyRole([200, 404, 404]),
    call: async (t, tk, u) => {
      const db = t.app.get(DataSource);
      await t.app.get(Outbox).emit(db.manager, [{ type: 'reminder', unitId: u, subjectType: 'plan', subjectId: u }]);
      await t.app.get(NotificationDelivery).deliverAll();
      const me = (await t.http.get('/auth/me').set(bearer(tk))).body.id;
      const [n] = await db.query(`SELECT id FROM notifications WHERE unit_id = $1 ORDER BY recipient_user_id = $2 DESC LIMIT 1`, [u, me]);
      return t.http.post(`/me/notifications/${n.id}/read`).set(bearer(tk));
    },
  },
  // References (issue 20, finding 7). A basis must be a plan the caller may see: a draft of another unit is
  // "no such plan" (400), as one that does not exist. Only a drafter writes plans: 403 for the rest, before any unit.
  {
    name: 'POST /plans (basis: a draft of the unit)',
    expected: { ...everyRole([403, 403, 403]), [Role.Drafter]: [201, 400, 400] },
    call: async (t, tk, u) => t.http.post('/plans').set(bearer(tk)).send(completePlan(t, { basis: [{ planId: (await documentPlansOf(t, u)).draft }] })),
  },
  {
    // The collector reads the reports and accepts or returns them: the issuer or its own departments only.
    name: 'POST /plans (reportDuty.collectorUnitId: the unit)',
    expected: { ...everyRole([403, 403, 403]), [Role.Drafter]: [201, 400, 400] },
    call: (t, tk, u) => t.http.post('/plans').set(bearer(tk)).send(completePlan(t, { reportDuty: { collectorUnitId: u, dueOn: '2016-02-04', periodic: false } })),
  },
  {
    name: 'PATCH /plans/:id (reportDuty.collectorUnitId: the unit)',
    expected: { ...everyRole([403, 403, 403]), [Role.Drafter]: [200, 400, 400] },
    call: async (t, tk, u) => {
      const { drafter } = await issuerOf(t, t.units.get(TARGET_UNITS.own)!);
      const draft = (await t.http.post('/plans').set(bearer(drafter)).send(completePlan(t)).expect(201)).body;
      return t.http.patch(`/plans/${draft.id}`).set(bearer(tk)).send({ expectedVersion: draft.version, reportDuty: { collectorUnitId: u, dueOn: '2016-02-04', periodic: false } });
    },
  },
  {
    // Recipients receive the document, whoever they are: any unit may be named.
    name: 'POST /plans (recipients: the unit)',
    expected: { ...everyRole([403, 403, 403]), [Role.Drafter]: [201, 201, 201] },
    call: (t, tk, u) => t.http.post('/plans').set(bearer(tk)).send(completePlan(t, { recipients: [{ unitId: u, purpose: 'report' }] })),
  },
  {
    name: 'POST /plans/import (a document, as a draft of the unit)',
    // A drafter imports for its own unit only; a unit below it is visible (403), one outside is not (404).
    expected: { ...everyRole([403, 403, 403]), [Role.Drafter]: [201, 403, 404] },
    call: (t, tk, u) =>
      t.http.post('/plans/import').set(bearer(tk)).field('issuerUnitId', u).attach('file', readFileSync(repoPath('seeds', 'long-bien-district-2015-17-KH-QU-congress-xii.txt')), 'plan.txt'),
  },
  {
    // The issuing side sees the whole cascade: every role at the issuer, and monitors, auditors and admins above it.
    name: 'GET /plans/:id/cascade (a plan the unit issued)',
    expected: { ...everyRole([200, 404, 404]), [Role.Admin]: [200, 200, 404], [Role.Monitor]: [200, 200, 404], [Role.Auditor]: [200, 200, 404] },
    call: async (t, tk, u) => t.http.get(`/plans/${await issuedPlanOf(t, u)}/cascade`).set(bearer(tk)),
  },
  {
    name: 'GET /plans/:id/cascade/nodes (a plan the unit issued)',
    expected: { ...everyRole([200, 404, 404]), [Role.Admin]: [200, 200, 404], [Role.Monitor]: [200, 200, 404], [Role.Auditor]: [200, 200, 404] },
    call: async (t, tk, u) => t.http.get(`/plans/${await issuedPlanOf(t, u)}/cascade/nodes`).set(bearer(tk)),
  },
  {
    // An assignee sees its own part: the own unit is assigned by the city, the ward by the own unit (the issuing side), Lục Ngạn by Bắc Giang.
    name: 'GET /plans/:id/cascade (a plan assigning work to the unit)',
    expected: everyRole([200, 200, 404]),
    call: async (t, tk, u) => {
      const { plan } = (await t.http.get(`/assignments/${await bench(t).assignment(u)}`).set(bearer(t.rootToken))).body;
      return t.http.get(`/plans/${plan.id}/cascade`).set(bearer(tk));
    },
  },
  {
    name: 'GET /plans/:id/cascade/nodes (a plan assigning work to the unit)',
    expected: everyRole([200, 200, 404]),
    call: async (t, tk, u) => {
      const { plan } = (await t.http.get(`/assignments/${await bench(t).assignment(u)}`).set(bearer(t.rootToken))).body;
      return t.http.get(`/plans/${plan.id}/cascade/nodes`).set(bearer(tk));
    },
  },
  {
    // One node's children (as a screen opens the tree): the same people as the whole cascade.
    name: 'GET /plans/:id/cascade?under= (a node of a plan the unit issued)',
    expected: { ...everyRole([200, 404, 404]), [Role.Admin]: [200, 200, 404], [Role.Monitor]: [200, 200, 404], [Role.Auditor]: [200, 200, 404] },
    call: async (t, tk, u) => {
      const planId = await issuedPlanOf(t, u);
      const [node] = (await t.http.get(`/plans/${planId}/assignments`).set(bearer(t.rootToken))).body as { id: string }[];
      return t.http.get(`/plans/${planId}/cascade?under=${node.id}&maxDepth=1`).set(bearer(tk));
    },
  },
  {
    name: 'GET /plans/:id/cascade?under= (the unit\'s own node of a plan assigning it work)',
    expected: everyRole([200, 200, 404]),
    call: async (t, tk, u) => {
      const assignmentId = await bench(t).assignment(u);
      const { plan } = (await t.http.get(`/assignments/${assignmentId}`).set(bearer(t.rootToken))).body;
      return t.http.get(`/plans/${plan.id}/cascade?under=${assignmentId}&maxDepth=1`).set(bearer(tk));
    },
  },
  {
    name: 'POST /plans/:id/amendments (a plan the unit issued)',
    // Drafting is a drafter's, for its own unit: a plan of a ward below is as unseen as one outside.
    expected: { ...everyRole([403, 403, 403]), [Role.Drafter]: [201, 404, 404] },
    call: async (t, tk, u) => t.http.post(`/plans/${await issuedPlanOf(t, u)}/amendments`).set(bearer(tk)),
  },
  {
    name: 'GET /plans/:id/document.pdf (a draft of the unit)',
    expected: seesUnitPlans,
    call: async (t, tk, u) => t.http.get(`/plans/${(await documentPlansOf(t, u)).draft}/document.pdf`).set(bearer(tk)),
  },
  {
    name: 'GET /plans/:id/document.pdf (a plan the unit issued)',
    expected: seesUnitPlans,
    call: async (t, tk, u) => t.http.get(`/plans/${(await documentPlansOf(t, u)).issued}/document.pdf`).set(bearer(tk)),
  },
  {
    name: 'GET /plans/:id/document.docx (a draft of the unit)',
    expected: seesUnitPlans,
    call: async (t, tk, u) => t.http.get(`/plans/${(await documentPlansOf(t, u)).draft}/document.docx`).set(bearer(tk)),
  },
  {
    name: 'GET /plans/:id/document.docx (a plan the unit issued)',
    expected: seesUnitPlans,
    call: async (t, tk, u) => t.http.get(`/plans/${(await documentPlansOf(t, u)).issued}/document.docx`).set(bearer(tk)),
  },
  {
    name: 'POST /units/:id/seal',
    expected: adminOnly(201),
    call: (t, tk, u) => t.http.post(`/units/${u}/seal`).set(bearer(tk)).attach('file', sealPng(), 'seal.png'),
  },
  {
    name: 'POST /users/:id/signature-image (a secretary of the unit)',
    expected: adminOnly(201),
    call: async (t, tk, u) => t.http.post(`/users/${await secretaryIdOf(t, u)}/signature-image`).set(bearer(tk)).attach('file', signaturePng(), 'signature.png'),
  },
  {
    name: 'GET /plans/:id/signature (a plan the unit issued)',
    expected: seesUnitPlans,
    call: async (t, tk, u) => t.http.get(`/plans/${(await documentPlansOf(t, u)).issued}/signature`).set(bearer(tk)),
  },
];

/** Endpoints that name no unit: allowed or not by role alone. */
const UNSCOPED: { name: string; expected: Record<Role, number>; call(t: TestApp, token: string): Promise<Response> }[] = [
  { name: 'GET /auth/me', expected: { ...Object.fromEntries(ALL_ROLES.map((r) => [r, 200])) } as Record<Role, number>, call: (t, tk) => t.http.get('/auth/me').set(bearer(tk)) },
  { name: 'GET /units', expected: Object.fromEntries(ALL_ROLES.map((r) => [r, 200])) as Record<Role, number>, call: (t, tk) => t.http.get('/units').set(bearer(tk)) },
  { name: 'GET /unit-kinds', expected: Object.fromEntries(ALL_ROLES.map((r) => [r, 200])) as Record<Role, number>, call: (t, tk) => t.http.get('/unit-kinds').set(bearer(tk)) },
  { name: 'GET /indicators', expected: Object.fromEntries(ALL_ROLES.map((r) => [r, 200])) as Record<Role, number>, call: (t, tk) => t.http.get('/indicators').set(bearer(tk)) },
  { name: 'GET /me/notifications', expected: Object.fromEntries(ALL_ROLES.map((r) => [r, 200])) as Record<Role, number>, call: (t, tk) => t.http.get('/me/notifications').set(bearer(tk)) },
  { name: 'GET /workflows/plan', expected: Object.fromEntries(ALL_ROLES.map((r) => [r, 200])) as Record<Role, number>, call: (t, tk) => t.http.get('/workflows/plan').set(bearer(tk)) },
  {
    name: 'POST /me/notifications/read-all',
    expected: Object.fromEntries(ALL_ROLES.map((r) => [r, 200])) as Record<Role, number>,
    call: (t, tk) => t.http.post('/me/notifications/read-all').set(bearer(tk)),
  },
  {
    // Anyone who reads plans may check a copy; which plan it matches is named only to those who see that plan (test/signing).
    name: 'POST /documents/verify',
    expected: Object.fromEntries(ALL_ROLES.map((r) => [r, 200])) as Record<Role, number>,
    call: (t, tk) => t.http.post('/documents/verify').set(bearer(tk)).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'copy.pdf'),
  },
  { name: 'GET /users', expected: { ...Object.fromEntries(ALL_ROLES.map((r) => [r, 403])), admin: 200 } as Record<Role, number>, call: (t, tk) => t.http.get('/users').set(bearer(tk)) },
  {
    name: 'POST /users',
    expected: { ...Object.fromEntries(ALL_ROLES.map((r) => [r, 403])), admin: 201 } as Record<Role, number>,
    call: (t, tk) => t.http.post('/users').set(bearer(tk)).send({ username: `u${Math.random().toString(36).slice(2, 10)}`, password: 'a-long-password', displayName: 'x' }),
  },
];

describe('authorisation matrix: role × endpoint × (own unit, unit in scope, unit out of scope)', () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    for (const role of ALL_ROLES) {
      const username = `matrix.${role.replace('_', '-')}`;
      const user = await t.http.post('/users').set(bearer(t.rootToken)).send({ username, password: 'a-long-password', displayName: role });
      await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(t.rootToken)).send({ unitId: t.units.get(TARGET_UNITS.own), role }).expect(201);
      tokens.set(role, await t.login(username, 'a-long-password'));
    }
  });
  afterAll(() => t.close());

  const cells = ENDPOINTS.flatMap((e) => ALL_ROLES.flatMap((role) => TARGETS.map((target, i) => [e.name, role, target, e.expected[role][i], e] as const)));

  it.each(cells)('%s as %s on the %s unit → %i', async (_name, role, target, status, endpoint) => {
    const res = await endpoint.call(t, tokens.get(role)!, t.units.get(TARGET_UNITS[target])!);
    expect({ status: res.status, code: res.status >= 400 ? res.body.code : undefined }).toEqual({
      status,
      code: status === 400 ? 'VALIDATION_FAILED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : undefined,
    });
  });

  const unscoped = UNSCOPED.flatMap((e) => ALL_ROLES.map((role) => [e.name, role, e.expected[role], e] as const));

  it.each(unscoped)('%s as %s → %i', async (_name, role, status, endpoint) => {
    expect((await endpoint.call(t, tokens.get(role)!)).status).toBe(status);
  });

  it('shows each role only its own part of the tree at the top level', async () => {
    for (const role of ALL_ROLES) {
      const res = await t.http.get('/units').set(bearer(tokens.get(role)!));
      expect(res.body.items.map((u: { id: string }) => u.id)).toEqual([t.units.get('lb-district-committee')]);
    }
  });

  it('lists for an admin only the accounts inside its scope', async () => {
    const res = await t.http.get('/users?limit=500').set(bearer(tokens.get(Role.Admin)!));
    const names = res.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['lb.drafter', 'lb.secretary', 'lb.ward.officer', 'matrix.drafter']));
    expect(names).not.toContain('ln.drafter');
    expect(names).not.toContain('duk.secretary');
  });

  it('refuses a grant at a unit above the admin\'s own', async () => {
    const user = await t.http.post('/users').set(bearer(tokens.get(Role.Admin)!)).send({ username: 'climber', password: 'a-long-password', displayName: 'x' });
    const res = await t.http.post(`/users/${user.body.id}/memberships`).set(bearer(tokens.get(Role.Admin)!)).send({ unitId: t.units.get('hn-city-committee'), role: 'admin' });
    expect(res.status).toBe(404);
  });

  // Issue 20, finding 7: what references grant. Recipients outside the issuer's scope receive the document
  // and nothing of the plan's work; a basis names a plan without showing a reader what it may not see.
  it("gives a recipient outside the issuer's scope the document only, never the plan's work", async () => {
    const own = t.units.get(TARGET_UNITS.own)!;
    const outside = t.units.get(TARGET_UNITS.outOfScope)!;
    const { drafter, secretary } = await issuerOf(t, own);
    const body = completePlan(t, { recipients: [{ unitId: outside, purpose: 'report' }] });
    const id = (await t.http.post('/plans').set(bearer(drafter)).send(body).expect(201)).body.id;
    await t.http.post(`/plans/${id}/events`).set(bearer(drafter)).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t.http.post(`/plans/${id}/events`).set(bearer(secretary)).send({ type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    const [assignment] = (await t.http.get(`/plans/${id}/assignments`).set(bearer(secretary)).expect(200)).body as { id: string }[];
    const writer = await bench(t).writer(t.units.get('lb-propaganda')!);
    await t.http.post(`/assignments/${assignment.id}/events`).set(writer).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    const report = await t.http.post(`/assignments/${assignment.id}/reports`).set(writer).send({});
    expect(report.status).toBe(201);

    const recipient = (await issuerOf(t, outside)).secretary;
    expect((await t.http.get(`/plans/${id}`).set(bearer(recipient))).status).toBe(200);
    expect((await t.http.get(`/plans/${id}/document.pdf`).set(bearer(recipient))).status).toBe(200);
    const attempts: [string, Promise<Response>][] = [
      ['GET assignment', t.http.get(`/assignments/${assignment.id}`).set(bearer(recipient)).then((r) => r)],
      ['GET its report', t.http.get(`/assignments/${assignment.id}/report`).set(bearer(recipient)).then((r) => r)],
      ['GET report', t.http.get(`/reports/${report.body.id}`).set(bearer(recipient)).then((r) => r)],
      ['ACCEPT', t.http.post(`/reports/${report.body.id}/events`).set(bearer(recipient)).send({ type: 'ACCEPT', expectedVersion: 1 }).then((r) => r)],
      ['RETURN', t.http.post(`/reports/${report.body.id}/events`).set(bearer(recipient)).send({ type: 'RETURN', expectedVersion: 1, comment: 'Làm lại' }).then((r) => r)],
    ];
    for (const [what, pending] of attempts) {
      const res = await pending;
      expect([what, res.status, res.body.code]).toEqual([what, 404, 'NOT_FOUND']);
    }
    // It sees the plan, so the cascade is refused rather than hidden: none of it is shown.
    expect((await t.http.get(`/plans/${id}/cascade`).set(bearer(recipient))).status).toBe(403);
  });

  it("shows a basis that names a plan the reader may not see by its id only", async () => {
    const own = t.units.get(TARGET_UNITS.own)!;
    const { drafter } = await issuerOf(t, own);
    const otherDraft = (await documentPlansOf(t, t.units.get(TARGET_UNITS.outOfScope)!)).draft;
    const id = (await t.http.post('/plans').set(bearer(drafter)).send(completePlan(t)).expect(201)).body.id;
    // Written before references were checked: the row names another district's draft.
    await t.app.get(DataSource).query(`INSERT INTO plan_basis (plan_id, position, linked_plan_id) VALUES ($1, 5, $2)`, [id, otherDraft]);
    const res = await t.http.get(`/plans/${id}`).set(bearer(drafter)).expect(200);
    expect(res.body.basis.at(-1)).toEqual({ planId: otherDraft, numberAndSymbol: null });
  });

  it('refuses every non-public route without a token', async () => {
    const id = t.units.get('lb-district-committee');
    for (const [method, path] of [
      ['get', '/units'], ['post', '/units'], ['get', `/units/${id}`], ['patch', `/units/${id}`], ['post', `/units/${id}/move`],
      ['get', `/units/${id}/children`], ['get', `/units/${id}/ancestors`], ['get', `/units/${id}/subtree`], ['get', '/units/search?q=ng'], ['get', '/unit-kinds'], ['get', '/workflows/plan'],
      ['get', '/users'], ['post', '/users'], ['post', `/users/${id}/memberships`], ['delete', `/users/${id}/memberships/${id}`], ['post', `/users/${id}/deactivate`], ['post', `/users/${id}/activate`],
      ['post', `/users/${id}/password`], ['delete', `/users/${id}/sessions`], ['get', '/auth/me'],
      ['get', '/indicators'], ['post', '/assignments/reminders'], ['get', `/assignments/${id}/reminders`], ['get', `/assignments/${id}/history`], ['post', `/assignments/${id}/reports`], ['get', `/assignments/${id}/report`], ['get', `/reports/${id}`], ['patch', `/reports/${id}`],
      ['post', `/reports/${id}/events`], ['get', `/reports/${id}/history`], ['post', `/reports/${id}/files`], ['get', `/reports/${id}/files/${'a'.repeat(64)}`],
      ['get', '/me/notifications'], ['post', '/me/notifications/read-all'], ['post', `/me/notifications/${id}/read`],
      ['post', `/plans/${id}/amendments`], ['get', `/plans/${id}/cascade`], ['get', `/plans/${id}/cascade/nodes`], ['post', '/plans/import'],
      ['get', `/plans/${id}/document.pdf`], ['get', `/plans/${id}/document.docx`],
    ] as const) {
      const res = await t.http[method](path);
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 401, 'UNAUTHENTICATED']);
    }
  });

  it('has no route that declares neither a permission nor that it is public', () => {
    const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
    const reflector = t.app.get(Reflector);
    const scanner = new MetadataScanner();
    const routes: string[] = [];
    for (const wrapper of controllers) {
      const instance = wrapper.instance as object;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (reflector.get(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[reflector.get(METHOD_METADATA, handler) as RequestMethod];
        const declared = reflector.getAllAndOverride(PERMISSION_KEY, [handler, wrapper.metatype!]) ?? reflector.getAllAndOverride(PUBLIC_KEY, [handler, wrapper.metatype!]);
        routes.push(`${method} ${wrapper.name}.${name}: ${declared === undefined ? 'UNDECLARED' : 'declared'}`);
      }
    }
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => r.endsWith('UNDECLARED'))).toEqual([]);
  });
});
