import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, FieldError, isoFromUtcText, preparedQuery, utcText } from '@app/core';
import type { Actor } from '@app/org';
import { auditInsert, type HashedAuditEntry, type SubjectRow } from '@app/transitions';
import { canSeePlan, visiblePlanIds } from './plan-access.js';
import { AssignmentDto, AssignmentViewDto, BasisDto, PlanContentDto, RecipientViewDto, StoredPlanDto } from './plan.dto.js';

/**
 * The plan row as the transition path locks it, with what its rules need about the issuer; what
 * only SUBMIT reads (purposes, phases, the report duty, the recipients) SUBMIT reads with its facts.
 */
export interface PlanRow extends SubjectRow {
  type: string;
  machineVersion: number;
  issuerUnitId: string;
  issuerPath: string;
  issuerShortName: string;
  issuerSymbolStyle: 'party' | 'state';
  numberingScheme: 'calendar_year' | 'term';
  termStartsOn: string | null;
  issued: boolean;
  /** For an amendment: the plan it amends. */
  amendsPlanId: string | null;
}

const LOCK = `
  SELECT p.id, p.state, p.version, p.audit_seq AS "auditSeq", p.audit_hash AS "auditHash", p.type,
         p.machine_version AS "machineVersion", p.issuer_unit_id AS "issuerUnitId", u.path::text AS "issuerPath",
         u.short_name AS "issuerShortName", u.symbol_style AS "issuerSymbolStyle", u.numbering_scheme AS "numberingScheme",
         to_char(u.term_starts_on, 'YYYY-MM-DD') AS "termStartsOn",
         p.issued_at IS NOT NULL AS issued, p.amends_plan_id AS "amendsPlanId"
  FROM plans p JOIN units u ON u.id = p.issuer_unit_id
  WHERE p.id = $1 FOR UPDATE OF p`;

type PlanRecord = Omit<StoredPlanDto, 'basis' | 'assignments' | 'recipients'>;

// issuedBy's name: the issuer's on the day of issue, or its last before it (a copy registered
// after its issuer ended, with no date printed, takes the name the issuer ended with).
const PLAN_COLUMNS = `p.id, p.issuer_unit_id AS "issuerUnitId", u.name AS "issuerUnitName",
  CASE WHEN p.issued_by_unit_id IS NULL THEN NULL ELSE json_build_object('unitId', p.issued_by_unit_id, 'unitName',
    (SELECT up.name FROM unit_periods up WHERE up.unit_id = p.issued_by_unit_id
       AND up.valid_from <= COALESCE(p.issued_on, (p.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'infinity')
     ORDER BY up.valid_from DESC LIMIT 1)) END AS "issuedBy",
  p.type, p.title, p.place,
  p.purposes, p.phases, p.forms, p.budget, p.footnotes, p.signature, p.state, p.version, p.machine_version AS "machineVersion",
  p.number, p.number_and_symbol AS "numberAndSymbol", to_char(p.issued_on, 'YYYY-MM-DD') AS "issuedOn", p.issued_at AS "issuedAt",
  p.created_at AS "createdAt", p.updated_at AS "updatedAt",
  CASE WHEN p.report_collector_unit_id IS NULL THEN NULL ELSE json_build_object(
    'collectorUnitId', p.report_collector_unit_id,
    'collectorUnitName', (SELECT c.name FROM units c WHERE c.id = p.report_collector_unit_id), 'dueOn', to_char(p.report_due_on, 'YYYY-MM-DD'), 'periodic', p.report_periodic) END
  AS "reportDuty",
  (SELECT json_build_object('id', a.id, 'numberAndSymbol', a.number_and_symbol, 'state', a.state) FROM plans a WHERE a.id = p.amends_plan_id) AS amends,
  (SELECT json_build_object('sha256', d.pdf_sha256, 'size', octet_length(d.pdf), 'renderedAt', ${utcText('d.rendered_at')},
                            'pdfUrl', '/plans/' || p.id || '/document.pdf')
   FROM plan_documents d WHERE d.plan_id = p.id) AS "issuedDocument",
  (SELECT json_build_object('id', a.id, 'numberAndSymbol', a.number_and_symbol, 'state', a.state)
   FROM plans a WHERE a.amends_plan_id = p.id AND a.state <> 'discarded') AS "amendedBy"`;

/** Reads and writes the parts of a plan; what is queried lives in its own tables. */
@Injectable()
export class PlansRepository {
  lock(tx: EntityManager, id: string): Promise<PlanRow | undefined> {
    return preparedQuery<PlanRow>(tx, LOCK, [id]).then((rows) => rows[0]);
  }

  async load(tx: EntityManager, id: string): Promise<StoredPlanDto | undefined> {
    return (await this.loadWithIssuerPath(tx, id))?.plan;
  }

  /** The plan, and its issuer's tree path for access checks, read together. */
  async loadWithIssuerPath(tx: EntityManager, id: string): Promise<{ plan: StoredPlanDto; issuerPath: string } | undefined> {
    const [row] = await preparedQuery<PlanRecord & { issuedAt: Date | null; createdAt: Date; updatedAt: Date; issuerPath: string }>(
      tx,
      `SELECT ${PLAN_COLUMNS}, u.path::text AS "issuerPath" FROM plans p JOIN units u ON u.id = p.issuer_unit_id WHERE p.id = $1`,
      [id],
    );
    if (!row) return undefined;
    const { issuerPath, ...plan } = row;
    // One after another: inside a transaction they share one connection, which pg 9 will not queue.
    const basis = await preparedQuery<BasisDto & { external: unknown; numberAndSymbol: string | null; title: string | null; state: string | null }>(
      tx,
      `SELECT b.linked_plan_id AS "planId", b.external, l.number_and_symbol AS "numberAndSymbol", l.title, l.state
       FROM plan_basis b LEFT JOIN plans l ON l.id = b.linked_plan_id WHERE b.plan_id = $1 ORDER BY b.position`,
      [id],
    );
    const assignments = await preparedQuery<AssignmentViewDto & { parentId: string | null }>(
      tx,
      `SELECT a.id, a.parent_assignment_id AS "parentId", a.assignee_unit_id AS "assigneeUnitId", u.name AS "assigneeUnitName",
              a.responsibilities, a.requires_own_plan AS "requiresOwnPlan", to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn"
       FROM plan_assignments a JOIN units u ON u.id = a.assignee_unit_id WHERE a.plan_id = $1 ORDER BY a.position`,
      [id],
    );
    const recipients = await preparedQuery<RecipientViewDto>(
      tx,
      `SELECT r.unit_id AS "unitId", r.name, r.purpose, u.name AS "unitName"
       FROM plan_recipients r LEFT JOIN units u ON u.id = r.unit_id WHERE r.plan_id = $1 ORDER BY r.position`,
      [id],
    );
    const view = {
      ...plan,
      issuedAt: plan.issuedAt ? plan.issuedAt.toISOString() : null,
      issuedDocument: plan.issuedDocument && { ...plan.issuedDocument, renderedAt: isoFromUtcText(plan.issuedDocument.renderedAt) },
      createdAt: plan.createdAt.toISOString(),
      updatedAt: plan.updatedAt.toISOString(),
      basis: basis.map((b) =>
        b.planId ? { planId: b.planId, numberAndSymbol: b.numberAndSymbol, title: b.title ?? undefined, state: b.state ?? undefined } : { external: b.external },
      ),
      assignments: nest(assignments),
      recipients: recipients.map((r) => (r.unitId ? { unitId: r.unitId, unitName: r.unitName, purpose: r.purpose } : { name: r.name, purpose: r.purpose })),
    };
    return { plan: view, issuerPath };
  }

  /**
   * Every unit and plan the content refers to must exist: a bad reference is a 400 naming the
   * field. A basis must be a plan the caller may see (one it may not is "no such plan", as one
   * that does not exist); the report collector must be the issuer or one of its own departments
   * (it will read the reports and accept or return them). Recipients may be any unit: they
   * receive the document, nothing more.
   */
  async assertReferences(tx: EntityManager, content: PlanContentDto, actor: Actor, issuerUnitId: string): Promise<void> {
    const refs = referencesOf(content);
    let units = new Set<string>();
    if (refs.units.length) {
      const found: { id: string }[] = await tx.query('SELECT id FROM units WHERE id = ANY($1::uuid[])', [refs.units.map(([, id]) => id)]);
      units = new Set(found.map((u) => u.id));
    }
    const plans = refs.plans.length ? await visiblePlanIds(tx, actor, refs.plans.map(([, id]) => id)) : new Set<string>();
    const collector = content.reportDuty?.collectorUnitId;
    // The collector's place is asked only of a unit that exists.
    const collectorOk = collector && units.has(collector)
      ? (await tx.query(`SELECT 1 FROM units c JOIN units i ON i.id = $2 WHERE c.id = $1 AND ${COLLECTOR_RULE}`, [collector, issuerUnitId])).length > 0
      : false;
    assertReferencesFound(content, refs, units, plans, collectorOk);
  }

  /**
   * What creating a plan checks, read in one statement: its issuer (NOT_FOUND, FORBIDDEN and
   * CONFLICT are the caller's to decide), whether its type exists, the units it names (with the
   * names its answer shows) and the plans it names as its basis (with their issuers, for the
   * visibility rule, and what its answer shows of them), and whether its report collector may
   * collect. The plans' visibility and the errors are decided by `assertNewPlanReferences`.
   */
  async newPlanFacts(tx: EntityManager, content: PlanContentDto & { issuerUnitId: string; type: string }): Promise<NewPlanFacts> {
    const refs = referencesOf(content);
    const [row] = await preparedQuery<{
      issuer: NewPlanFacts['issuer'];
      typeExists: boolean;
      units: { id: string; name: string }[] | null;
      collectorOk: boolean;
      plans: LinkedPlan[] | null;
    }>(tx, NEW_PLAN_FACTS, [
      content.issuerUnitId,
      content.type,
      refs.units.map(([, id]) => id),
      content.reportDuty?.collectorUnitId ?? null,
      refs.plans.map(([, id]) => id),
    ]);
    return {
      issuer: row.issuer,
      typeExists: row.typeExists,
      unitNames: new Map((row.units ?? []).map((u) => [u.id, u.name])),
      collectorOk: row.collectorOk,
      plans: new Map((row.plans ?? []).map((p) => [p.id, p])),
      refs,
    };
  }

  /** The reference errors of a new plan from its facts (the basis plans' visibility asked as canSeePlan asks it). */
  async assertNewPlanReferences(tx: EntityManager, content: PlanContentDto, actor: Actor, facts: NewPlanFacts): Promise<void> {
    const visible = new Set<string>();
    // One after another: inside a transaction they share one connection.
    for (const plan of facts.plans.values()) if (await canSeePlan(tx, actor, plan)) visible.add(plan.id);
    assertReferencesFound(content, facts.refs, new Set(facts.unitNames.keys()), visible, facts.collectorOk);
  }

  async assertType(tx: EntityManager, type: string): Promise<void> {
    const [row] = await tx.query('SELECT 1 FROM document_types WHERE code = $1', [type]);
    if (!row) throw unknownType(type);
  }

  /**
   * A new plan in one statement: its creation's audit entry, the row (its chain head), and its
   * basis, assignments and recipients, each part's rows from one JSON list (in order, a
   * sub-assignment naming its parent). The text is fixed, so it is a prepared statement.
   */
  async insertNew(tx: EntityManager, row: NewPlanRow, entry: HashedAuditEntry, content: PlanContentDto & { type: string; title: string }): Promise<NewPlanParts> {
    const assignments = content.assignments ? assignmentRecords(content.assignments) : [];
    const phases = content.phases;
    const span = phaseSpan(phases ?? []);
    const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
    await preparedQuery(tx, INSERT_NEW_PLAN, [
      ...auditInsert([entry]).params,
      row.id, row.issuerUnitId, row.machineVersion, row.createdBy, row.createdAt, row.sourceAssignmentId, row.amendsPlanId, entry.seq, entry.hash,
      content.type, content.title, content.place ?? null,
      json(content.purposes), json(phases), json(content.forms), json(content.budget), json(content.footnotes),
      span.startsOn, span.endsOn,
      content.reportDuty?.collectorUnitId ?? null, content.reportDuty?.dueOn ?? null, content.reportDuty?.periodic ?? false,
      JSON.stringify((content.basis ?? []).map((b, i) => ({ position: i, planId: b.planId ?? null, external: b.external ?? null }))),
      JSON.stringify(assignments),
      JSON.stringify((content.recipients ?? []).map((r, i) => ({ position: i, unitId: r.unitId ?? null, name: r.name ?? null, purpose: r.purpose }))),
    ]);
    return { assignments };
  }

  /** Writes the given parts (left-out parts stay as they are). */
  async writeContent(tx: EntityManager, id: string, content: PlanContentDto & { type?: string }): Promise<void> {
    const columns = contentColumns(content);
    if (columns.length) {
      await tx.query(`UPDATE plans SET ${columns.map(([c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...columns.map(([, v]) => v)]);
    }
    await this.replaceParts(tx, id, content);
  }

  /** The parts kept in their own tables (basis, assignments, recipients) that `content` gives, each replaced. */
  private async replaceParts(tx: EntityManager, id: string, content: Pick<PlanContentDto, 'basis' | 'assignments' | 'recipients'>): Promise<void> {
    const write = async (table: string, rows: unknown[][] | undefined, columns: string) => {
      if (rows === undefined) return;
      await tx.query(`DELETE FROM ${table} WHERE plan_id = $1`, [id]);
      if (rows.length) await insertRows(tx, table, columns, rows.map((r) => [id, ...r]));
    };
    await write(
      'plan_basis',
      content.basis?.map((b, i) => [i, b.planId ?? null, b.external ? JSON.stringify(b.external) : null]),
      'plan_id, position, linked_plan_id, external',
    );
    await write('plan_assignments', content.assignments && assignmentRows(content.assignments), 'plan_id, id, position, parent_assignment_id, assignee_unit_id, responsibilities, requires_own_plan, due_on');
    await write(
      'plan_recipients',
      content.recipients?.map((r, i) => [i, r.unitId ?? null, r.name ?? null, r.purpose]),
      'plan_id, position, unit_id, name, purpose',
    );
  }
}

// The issuer, or a department (ban, văn phòng) reached from it through departments only (c: the collector, i: the issuer).
const COLLECTOR_RULE = `(c.id = i.id OR (c.path <@ i.path AND c.kind = 'department' AND NOT EXISTS (
  SELECT 1 FROM units m WHERE c.path <@ m.path AND m.path <@ i.path AND m.id <> i.id AND m.kind <> 'department')))`;

const NEW_PLAN_FACTS = `
  SELECT (SELECT json_build_object('id', u.id, 'name', u.name, 'path', u.path::text, 'active', u.active) FROM units u WHERE u.id = $1) AS issuer,
         EXISTS (SELECT 1 FROM document_types WHERE code = $2) AS "typeExists",
         (SELECT json_agg(json_build_object('id', u.id, 'name', u.name)) FROM units u WHERE u.id = ANY($3::uuid[])) AS units,
         EXISTS (SELECT 1 FROM units c JOIN units i ON i.id = $1 WHERE c.id = $4::uuid AND ${COLLECTOR_RULE}) AS "collectorOk",
         (SELECT json_agg(json_build_object('id', p.id, 'issuerUnitId', p.issuer_unit_id, 'issuerPath', u.path::text, 'issued', p.issued_at IS NOT NULL,
                                            'numberAndSymbol', p.number_and_symbol, 'title', p.title, 'state', p.state))
          FROM plans p JOIN units u ON u.id = p.issuer_unit_id WHERE p.id = ANY($5::uuid[])) AS plans`;

const INSERT_NEW_PLAN = `
  WITH entry AS (${auditInsert([{} as HashedAuditEntry]).sql}),
  plan AS (
    INSERT INTO plans (id, issuer_unit_id, state, machine_version, created_by, created_at, updated_at, source_assignment_id, amends_plan_id,
                       audit_seq, audit_hash, type, title, place, purposes, phases, forms, budget, footnotes, starts_on, ends_on,
                       report_collector_unit_id, report_due_on, report_periodic)
    VALUES ($17, $18, 'draft.editing', $19, $20, $21, $21, $22, $23, $24, $25, $26, $27, $28,
            COALESCE($29::jsonb, '[]'), COALESCE($30::jsonb, '[]'), COALESCE($31::jsonb, '[]'), $32::jsonb, COALESCE($33::jsonb, '[]'),
            $34, $35, $36, $37, $38)),
  basis AS (
    INSERT INTO plan_basis (plan_id, position, linked_plan_id, external)
    SELECT $17::uuid, b.position, b."planId", b.external FROM json_to_recordset($39::json) AS b(position int, "planId" uuid, external jsonb)),
  assignments AS (
    INSERT INTO plan_assignments (plan_id, id, position, parent_assignment_id, assignee_unit_id, responsibilities, requires_own_plan, due_on)
    SELECT $17::uuid, a.id, a.position, a."parentId", a."assigneeUnitId", a.responsibilities, a."requiresOwnPlan", a."dueOn"
    FROM json_to_recordset($40::json) AS a(id uuid, position int, "parentId" uuid, "assigneeUnitId" uuid, responsibilities jsonb, "requiresOwnPlan" boolean, "dueOn" date))
  INSERT INTO plan_recipients (plan_id, position, unit_id, name, purpose)
  SELECT $17::uuid, r.position, r."unitId", r.name, r.purpose FROM json_to_recordset($41::json) AS r(position int, "unitId" uuid, name text, purpose text)`;

/** The plan row of a new draft, but for its content. */
export interface NewPlanRow {
  id: string;
  issuerUnitId: string;
  machineVersion: number;
  createdBy: string;
  createdAt: Date;
  sourceAssignmentId: string | null;
  amendsPlanId: string | null;
}

/** A plan named as a basis: who may see it (canSeePlan's facts) and what a plan citing it shows of it. */
export interface LinkedPlan {
  id: string;
  issuerUnitId: string;
  issuerPath: string;
  issued: boolean;
  numberAndSymbol: string | null;
  title: string;
  state: string;
}

export interface NewPlanFacts {
  issuer: { id: string; name: string; path: string; active: boolean } | null;
  typeExists: boolean;
  /** The units named (assignees, collector, recipients) that exist, by id, with their names. */
  unitNames: Map<string, string>;
  collectorOk: boolean;
  plans: Map<string, LinkedPlan>;
  refs: References;
}

/** An assignment row as written: ids made here, so that its answer names them. */
export interface AssignmentRecord {
  id: string;
  position: number;
  parentId: string | null;
  assigneeUnitId: string;
  responsibilities: string[];
  requiresOwnPlan: boolean;
  dueOn: string | null;
}

export interface NewPlanParts {
  assignments: AssignmentRecord[];
}

export const unknownType = (type: string) => DomainError.validation('Unknown document type', [{ field: 'type', messages: [`no document type '${type}'`] }]);

interface References {
  /** [field, unit id]: assignees, sub-assignees, the report collector, unit recipients. */
  units: [string, string][];
  /** [field, plan id]: the basis' plans. */
  plans: [string, string][];
}

function referencesOf(content: PlanContentDto): References {
  const units: [string, string][] = [];
  content.assignments?.forEach((a, i) => {
    units.push([`assignments.${i}.assigneeUnitId`, a.assigneeUnitId]);
    a.subAssignments?.forEach((s, j) => units.push([`assignments.${i}.subAssignments.${j}.assigneeUnitId`, s.assigneeUnitId]));
  });
  if (content.reportDuty) units.push(['reportDuty.collectorUnitId', content.reportDuty.collectorUnitId]);
  content.recipients?.forEach((r, i) => r.unitId && units.push([`recipients.${i}.unitId`, r.unitId]));
  const plans: [string, string][] = (content.basis ?? []).flatMap((b, i) => (b.planId ? [[`basis.${i}.planId`, b.planId] as [string, string]] : []));
  return { units, plans };
}

/**
 * A 400 naming each field whose reference is missing or out of reach: `units` are the units that
 * exist, `plans` the plans the caller may see, `collectorOk` whether the collector (when it
 * exists) is the issuer or one of its own departments.
 */
function assertReferencesFound(content: PlanContentDto, refs: References, units: Set<string>, plans: Set<string>, collectorOk: boolean): void {
  const errors: FieldError[] = [];
  for (const [field, id] of refs.units) if (!units.has(id)) errors.push({ field, messages: ['no such unit'] });
  for (const [field, id] of refs.plans) if (!plans.has(id)) errors.push({ field, messages: ['no such plan'] });
  const collector = content.reportDuty?.collectorUnitId;
  if (collector && units.has(collector) && !collectorOk) {
    errors.push({ field: 'reportDuty.collectorUnitId', messages: ['the collector must be the issuing unit or one of its own departments'] });
  }
  content.basis?.forEach((b, i) => {
    if (b.planId !== undefined && b.external !== undefined) errors.push({ field: `basis.${i}`, messages: ['give planId or external, not both'] });
  });
  content.recipients?.forEach((r, i) => {
    if (r.unitId !== undefined && r.name !== undefined) errors.push({ field: `recipients.${i}`, messages: ['give unitId or name, not both'] });
  });
  if (errors.length) throw DomainError.validation('The plan refers to things that do not exist or are out of its reach', errors);
}

/** Assignments and their sub-assignments in document order, ids made here so that a sub-assignment names its parent. */
function assignmentRecords(assignments: AssignmentDto[]): AssignmentRecord[] {
  const rows: AssignmentRecord[] = [];
  const row = (a: Omit<AssignmentDto, 'subAssignments'>, parentId: string | null) => {
    const id = randomUUID();
    rows.push({ id, position: rows.length, parentId, assigneeUnitId: a.assigneeUnitId, responsibilities: a.responsibilities, requiresOwnPlan: a.requiresOwnPlan ?? false, dueOn: a.dueOn ?? null });
    return id;
  };
  for (const a of assignments) {
    const id = row(a, null);
    for (const sub of a.subAssignments ?? []) row(sub, id);
  }
  return rows;
}

/** The plan row's columns the content sets (column name → value); names are code, never input. */
/** The plan's span from its phases: the earliest start and the latest end (a phase without an end ends when it starts). */
function phaseSpan(phases: { startsOn?: string; endsOn?: string }[]): { startsOn: string | null; endsOn: string | null } {
  const starts = phases.map((p) => p.startsOn).filter(Boolean).sort();
  const ends = phases.map((p) => p.endsOn ?? p.startsOn).filter(Boolean).sort();
  return { startsOn: starts[0] ?? null, endsOn: ends[ends.length - 1] ?? null };
}

export function contentColumns(content: PlanContentDto & { type?: string }): [string, unknown][] {
  const columns: [string, unknown][] = [];
  const json = (value: unknown) => JSON.stringify(value);
  if (content.type !== undefined) columns.push(['type', content.type]);
  if (content.title !== undefined) columns.push(['title', content.title]);
  if (content.place !== undefined) columns.push(['place', content.place]);
  if (content.purposes !== undefined) columns.push(['purposes', json(content.purposes)]);
  if (content.phases !== undefined) {
    columns.push(['phases', json(content.phases)]);
    const span = phaseSpan(content.phases);
    columns.push(['starts_on', span.startsOn], ['ends_on', span.endsOn]);
  }
  if (content.forms !== undefined) columns.push(['forms', json(content.forms)]);
  if (content.budget !== undefined) columns.push(['budget', content.budget === null ? null : json(content.budget)]);
  if (content.footnotes !== undefined) columns.push(['footnotes', json(content.footnotes)]);
  if (content.reportDuty !== undefined) {
    columns.push(
      ['report_collector_unit_id', content.reportDuty?.collectorUnitId ?? null],
      ['report_due_on', content.reportDuty?.dueOn ?? null],
      ['report_periodic', content.reportDuty?.periodic ?? false],
    );
  }
  return columns;
}

/** `INSERT` of several rows in one statement. */
function insertRows(tx: EntityManager, table: string, columns: string, rows: unknown[][]): Promise<unknown> {
  const width = rows[0].length;
  const values = rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
  return tx.query(`INSERT INTO ${table} (${columns}) VALUES ${values.join(', ')}`, rows.flat());
}

/**
 * Assignments and their sub-assignments in document order, ids made here so that a
 * sub-assignment can name its parent in the same statement.
 */
function assignmentRows(assignments: AssignmentDto[]): unknown[][] {
  return assignmentRecords(assignments).map((a) => [a.id, a.position, a.parentId, a.assigneeUnitId, JSON.stringify(a.responsibilities), a.requiresOwnPlan, a.dueOn]);
}

export function nest(rows: (AssignmentViewDto & { parentId: string | null })[]): AssignmentViewDto[] {
  const byId = new Map(rows.map((r) => [r.id, { ...strip(r), subAssignments: [] as AssignmentViewDto[] }]));
  const top: AssignmentViewDto[] = [];
  for (const row of rows) {
    const view = byId.get(row.id)!;
    // A sub-assignment whose assignment moved on to an amendment stays listed here, at the top.
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    if (parent) parent.subAssignments.push(view);
    else top.push(view);
  }
  return top;
}

function strip(row: AssignmentViewDto & { parentId: string | null }): Omit<AssignmentViewDto, 'subAssignments'> {
  return {
    id: row.id,
    assigneeUnitId: row.assigneeUnitId,
    assigneeUnitName: row.assigneeUnitName,
    responsibilities: row.responsibilities,
    requiresOwnPlan: row.requiresOwnPlan,
    dueOn: row.dueOn ?? undefined,
  };
}
