import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, decodeCursor, DEFAULT_PAGE_SIZE, DomainError, ErrorCode, isoFromUtcText, Page, toPage, utcText } from '@app/core';
import { Actor, issuedBySql, Permission, Role } from '@app/org';
import { AuditTrail, TransitionRunner } from '@app/transitions';
import { LIVE_PLAN_STATES, planWorkflow } from '@app/workflow';
import { assertPlanVisible, canSeePlan, loadVisiblePlan, withVisibleBasis } from './plan-access.js';
import { nextEventsFor } from './plan-events.service.js';
import { AssignmentDto, AssignmentViewDto, CreatePlanDto, PlanDto, PlanListQueryDto, PlanSummaryDto, ReturnNoteDto, SignatureDefaultsDto, SIGNATURE_AUTHORITIES, StoredPlanDto, UpdatePlanDto } from './plan.dto.js';
import { PlanSubject } from './plan-subject.js';
import { AssignmentRecord, nest, NewPlanFacts, PlansRepository, unknownType } from './plans.repository.js';

const EDITABLE = new Set(['draft.editing', 'draft.returned']);

/**
 * The most a plan's content may weigh, as JSON: the seeds are 14–30 kB of text; a plan of
 * megabytes (two PATCHes reached 1.6 MB) takes seconds of a render thread each time it is read.
 */
export const PLAN_MAX_CONTENT_BYTES = 256 * 1024;

function assertPlanSize(content: Partial<Record<(typeof CONTENT_FIELDS)[number], unknown>>): void {
  const bytes = Buffer.byteLength(JSON.stringify(CONTENT_FIELDS.map((field) => content[field] ?? null)));
  if (bytes > PLAN_MAX_CONTENT_BYTES) {
    throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `A plan's content is at most ${PLAN_MAX_CONTENT_BYTES} bytes`, { reason: 'PLAN_TOO_LARGE', bytes, maxBytes: PLAN_MAX_CONTENT_BYTES });
  }
}

/** Text searched for as written: `%` and `_` are letters here, not ILIKE's wildcards. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const CONTENT_FIELDS = ['type', 'title', 'place', 'basis', 'purposes', 'phases', 'forms', 'assignments', 'reportDuty', 'budget', 'footnotes', 'recipients'] as const;

@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly plans: PlansRepository,
    private readonly subject: PlanSubject,
    private readonly runner: TransitionRunner,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /**
   * A drafter of the issuer writes a new draft; its creation is the first link of its audit chain.
   * No transaction: the checks read in one statement, and one statement writes the plan whole.
   * The answer is made from what was written, as a read of the plan would show it.
   */
  async create(actor: Actor, dto: CreatePlanDto, requestId?: string): Promise<PlanDto> {
    const written = await this.write(this.db.manager, actor, dto, { requestId });
    return this.createdView(actor, dto, written);
  }

  /**
   * Creates a draft inside the caller's transaction; `sourceAssignmentId` marks a unit's
   * implementing plan, `amendsPlanId` an amendment.
   */
  async createWithin(
    tx: EntityManager,
    actor: Actor,
    dto: CreatePlanDto,
    options: { requestId?: string; sourceAssignmentId?: string; amendsPlanId?: string } = {},
  ): Promise<string> {
    return (await this.write(tx, actor, dto, options)).id;
  }

  private async write(
    tx: EntityManager,
    actor: Actor,
    dto: CreatePlanDto,
    options: { requestId?: string; sourceAssignmentId?: string; amendsPlanId?: string },
  ): Promise<WrittenPlan> {
    const facts = await this.plans.newPlanFacts(tx, dto);
    // As UnitsService.visible: a unit out of the caller's reach does not exist for it.
    const issuer = facts.issuer;
    if (!issuer || !actor.can(Permission.UnitRead, issuer)) throw DomainError.notFound('Unit');
    if (!actor.memberships.some((m) => m.role === Role.Drafter && m.unitId === issuer.id)) {
      throw DomainError.forbidden('Plans are drafted by a drafter of the issuing unit');
    }
    if (!issuer.active) throw DomainError.conflict('The issuing unit is deactivated', { reason: 'UNIT_INACTIVE' });
    // Millisecond instants: the list's keyset cursor carries created_at as an ISO string.
    const now = this.clock.now();
    if (!facts.typeExists) throw unknownType(dto.type);
    assertPlanSize(dto);
    await this.plans.assertNewPlanReferences(tx, dto, actor, facts);
    // The id is made here so that the creation's audit entry, which names it, is hashed before
    // the row is written: the entry, the row (its chain head) and its parts in one statement.
    const id = randomUUID();
    const entry = this.audit.hash({
      subjectType: 'plan', subjectId: id, seq: 1, at: now, actorUserId: actor.userId, actorRole: Role.Drafter,
      actorUnitId: dto.issuerUnitId, onBehalfOf: null, event: 'CREATE', fromState: null, toState: 'draft.editing', comment: null,
      payload: {
        // The DTO as it is: its canonical JSON and the JSON stored are those of a plain copy (no
        // toJSON, no undefined kept), so the entry hashes as it did with one (13 µs saved).
        content: dto as object as Record<string, unknown>,
        ...(options.sourceAssignmentId ? { sourceAssignmentId: options.sourceAssignmentId } : {}),
        ...(options.amendsPlanId ? { amendsPlanId: options.amendsPlanId } : {}),
      },
      requestId: options.requestId ?? null, prevHash: null,
    });
    const parts = await this.plans.insertNew(
      tx,
      {
        id, issuerUnitId: dto.issuerUnitId, machineVersion: planWorkflow.currentVersion, createdBy: actor.userId, createdAt: now,
        sourceAssignmentId: options.sourceAssignmentId ?? null, amendsPlanId: options.amendsPlanId ?? null,
      },
      entry,
      dto,
    );
    return { id, at: now, issuerName: issuer.name, facts, assignments: parts.assignments };
  }

  /**
   * The answer to a create, from what was written: what GET /plans/:id answers for the new draft,
   * key for key (jsonb gives the stored parts their keys in its own order; so does this).
   */
  private async createdView(actor: Actor, dto: CreatePlanDto, written: WrittenPlan): Promise<PlanDto> {
    const { unitNames, plans } = written.facts;
    const at = written.at.toISOString();
    const machineVersion = planWorkflow.currentVersion;
    const plan: StoredPlanDto = {
      id: written.id,
      issuerUnitId: dto.issuerUnitId,
      issuerUnitName: written.issuerName,
      issuedBy: null,
      type: dto.type,
      title: dto.title,
      place: dto.place ?? null,
      purposes: asStored(dto.purposes ?? []),
      phases: asStored(dto.phases ?? []),
      forms: asStored(dto.forms ?? []),
      budget: dto.budget ? asStored(dto.budget) : null,
      footnotes: asStored(dto.footnotes ?? []),
      signature: null,
      state: 'draft.editing',
      version: 1,
      machineVersion,
      number: null,
      numberAndSymbol: null,
      issuedOn: null,
      issuedAt: null,
      createdAt: at,
      updatedAt: at,
      reportDuty: dto.reportDuty
        ? {
            collectorUnitId: dto.reportDuty.collectorUnitId,
            collectorUnitName: unitNames.get(dto.reportDuty.collectorUnitId)!,
            dueOn: dto.reportDuty.dueOn,
            periodic: dto.reportDuty.periodic ?? false,
          }
        : null,
      amends: null,
      issuedDocument: null,
      amendedBy: null,
      basis: (dto.basis ?? []).map((b) => {
        if (!b.planId) return { external: asStored(b.external!) };
        const linked = plans.get(b.planId)!;
        return { planId: b.planId, numberAndSymbol: linked.numberAndSymbol, title: linked.title ?? undefined, state: linked.state ?? undefined };
      }),
      assignments: nest(written.assignments.map((a) => ({
        id: a.id, parentId: a.parentId, assigneeUnitId: a.assigneeUnitId, assigneeUnitName: unitNames.get(a.assigneeUnitId)!,
        responsibilities: asStored(a.responsibilities), requiresOwnPlan: a.requiresOwnPlan, dueOn: a.dueOn ?? undefined, subAssignments: [],
      }))),
      recipients: (dto.recipients ?? []).map((r) => (r.unitId ? { unitId: r.unitId, unitName: unitNames.get(r.unitId) ?? null, purpose: r.purpose } : { name: r.name, purpose: r.purpose })),
    };
    const nextEvents = nextEventsFor(actor, plan.issuerUnitId, plan.state, machineVersion, false);
    const signatureDefaults = nextEvents.includes('ISSUE') ? await this.signatureDefaults(actor, plan.issuerUnitId) : null;
    return { ...plan, nextEvents, signatureDefaults, lastReturn: null };
  }

  /**
   * A drafter of the issuer starts an amendment (sửa đổi, bổ sung) of an issued,
   * implementing or reporting plan: a draft copied from it, its basis led by the plan it
   * amends, linked to it by `amends`. It runs the same lifecycle; its ISSUE supersedes the
   * plan. One amendment at a time: the amended row is locked while the copy is made.
   */
  async amend(actor: Actor, id: string, requestId?: string): Promise<PlanDto> {
    const amendmentId = await this.db.transaction(async (tx) => {
      const row = await this.plans.lock(tx, id);
      if (!row || !(await canSeePlan(tx, actor, row))) throw DomainError.notFound('Plan');
      if (!actor.memberships.some((m) => m.role === Role.Drafter && m.unitId === row.issuerUnitId)) {
        throw DomainError.forbidden('Plans are amended by a drafter of the issuing unit');
      }
      if (!LIVE.has(row.state)) {
        throw DomainError.conflict(`A plan in state ${row.state} cannot be amended`, { reason: 'NOT_AMENDABLE', state: row.state });
      }
      const [pending]: { id: string }[] = await tx.query(`SELECT id FROM plans WHERE amends_plan_id = $1 AND state <> 'discarded'`, [id]);
      if (pending) throw DomainError.conflict('The plan already has an amendment', { reason: 'AMENDMENT_EXISTS', amendmentId: pending.id });
      const plan = (await this.plans.load(tx, id))!;
      const copy: CreatePlanDto = {
        issuerUnitId: plan.issuerUnitId,
        type: plan.type,
        title: plan.title,
        place: plan.place ?? undefined,
        basis: [{ planId: id }, ...plan.basis.filter((b) => b.planId !== id).map((b) => (b.planId ? { planId: b.planId } : { external: b.external }))],
        purposes: plan.purposes,
        phases: plan.phases,
        forms: plan.forms,
        assignments: plan.assignments.map(copyAssignment),
        reportDuty: plan.reportDuty && { collectorUnitId: plan.reportDuty.collectorUnitId, dueOn: plan.reportDuty.dueOn, periodic: plan.reportDuty.periodic },
        budget: plan.budget,
        footnotes: plan.footnotes,
        recipients: plan.recipients.map((r) => (r.unitId ? { unitId: r.unitId, purpose: r.purpose } : { name: r.name, purpose: r.purpose })),
      };
      return this.createWithin(tx, actor, copy, { requestId, amendsPlanId: id });
    });
    return this.get(actor, amendmentId, { created: true });
  }

  /** Edits a draft (editing or returned); the audit entry records each changed part, before and after. */
  async update(actor: Actor, id: string, dto: UpdatePlanDto, requestId?: string): Promise<PlanDto> {
    const { expectedVersion, ...content } = dto;
    await this.runner.run({
      kind: this.subject,
      id,
      actor,
      expectedVersion,
      requestId,
      respond: () => undefined,
      decide: async (tx, row) => {
        if (!actor.memberships.some((m) => m.role === Role.Drafter && m.unitId === row.issuerUnitId)) {
          throw DomainError.forbidden('Plans are edited by a drafter of the issuing unit');
        }
        if (!EDITABLE.has(row.state)) throw DomainError.conflict(`A plan in state ${row.state} cannot be edited`, { reason: 'NOT_EDITABLE', state: row.state });
        if (content.type !== undefined) await this.plans.assertType(tx, content.type);
        await this.plans.assertReferences(tx, content, actor, row.issuerUnitId);
        const before = (await this.plans.load(tx, id))!;
        await this.plans.writeContent(tx, id, content);
        const after = (await this.plans.load(tx, id))!;
        assertPlanSize(after);
        const changes: Record<string, { before: unknown; after: unknown }> = {};
        for (const field of CONTENT_FIELDS) {
          if (content[field] !== undefined && JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
            changes[field] = { before: before[field], after: after[field] };
          }
        }
        return { event: 'EDIT', toState: row.state, role: Role.Drafter, unitId: row.issuerUnitId, payload: { changes } };
      },
    });
    return this.get(actor, id);
  }

  /** `created`: the plan was just created, so its trail holds no RETURN to look for. */
  async get(actor: Actor, id: string, options: { created?: boolean } = {}): Promise<PlanDto> {
    const plan = await this.visiblePlan(this.db.manager, actor, id);
    const nextEvents = nextEventsFor(actor, plan.issuerUnitId, plan.state, plan.machineVersion, plan.amends !== null);
    const signatureDefaults = nextEvents.includes('ISSUE') ? await this.signatureDefaults(actor, plan.issuerUnitId) : null;
    const lastReturn = plan.state.startsWith('draft.') && !options.created ? await this.lastReturn(plan.id) : null;
    return { ...plan, nextEvents, signatureDefaults, lastReturn };
  }

  /** The last RETURN in the plan's audit trail: a returned draft shows its drafter why, without the auditor's full history. */
  private async lastReturn(planId: string): Promise<ReturnNoteDto | null> {
    const [row]: { comment: string | null; at: string; actorName: string | null }[] = await this.db.query(
      `SELECT e.comment, ${utcText('e.at')} AS at, us.display_name AS "actorName"
       FROM audit_entries e LEFT JOIN users us ON us.id = e.actor_user_id
       WHERE e.subject_id = $1 AND e.event = 'RETURN' ORDER BY e.seq DESC LIMIT 1`,
      [planId],
    );
    return row ? { comment: row.comment ?? '', at: isoFromUtcText(row.at), actorName: row.actorName } : null;
  }

  /**
   * The signature block as far as the server can tell it (memberships carry no title): the
   * caller's own last signature at this issuer; else the issuer's last signature, whose authority
   * and collective (T/M Ban Thường vụ) any signer shares; else the authority of its symbol style.
   */
  private async signatureDefaults(actor: Actor, issuerUnitId: string): Promise<SignatureDefaultsDto> {
    const [last]: { signature: SignatureDefaultsDto & { signerUserId: string } | null; symbolStyle: 'party' | 'state' }[] = await this.db.query(
      `SELECT u.symbol_style AS "symbolStyle",
              (SELECT p.signature FROM plans p WHERE p.issuer_unit_id = u.id AND p.signature IS NOT NULL
               ORDER BY (p.signature->>'signerUserId' = $2) DESC, p.issued_at DESC LIMIT 1) AS signature
       FROM units u WHERE u.id = $1`,
      [issuerUnitId, actor.userId],
    );
    const signature = last?.signature;
    const styleAuthority: (typeof SIGNATURE_AUTHORITIES)[number] = last?.symbolStyle === 'state' ? 'TM.' : 'T/M';
    if (!signature) return { authority: styleAuthority, onBehalfOf: null, signerTitle: null };
    return {
      authority: signature.authority,
      onBehalfOf: signature.onBehalfOf,
      signerTitle: signature.signerUserId === actor.userId ? signature.signerTitle : null,
    };
  }

  /** NOT_FOUND unless the actor may see the plan; reads no more than the access check needs. */
  assertVisible(tx: EntityManager, actor: Actor, id: string): Promise<void> {
    return assertPlanVisible(tx, actor, id);
  }

  /** A plan the actor may see, or NOT_FOUND. */
  async visiblePlan(tx: EntityManager, actor: Actor, id: string): Promise<StoredPlanDto> {
    const loaded = await loadVisiblePlan(tx, this.plans, actor, id);
    const plan = await withVisibleBasis(tx, actor, loaded.plan);
    const issuerPath = loaded.issuerPath;
    // A draft amendment is shown only to those who see the issuer's drafts (its issuer is this plan's).
    if (plan.amendedBy?.state.startsWith('draft.') && !actor.can(Permission.PlanRead, { id: plan.issuerUnitId, path: issuerPath })) {
      return { ...plan, amendedBy: null };
    }
    return plan;
  }

  /** Plans the caller may see, newest first, filtered; drafts only for their issuer's people. */
  async list(actor: Actor, query: PlanListQueryDto): Promise<Page<PlanSummaryDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, ['instant', 'uuid']);
    const scope = actor.scopeRoots(Permission.PlanRead);
    const rows: (PlanSummaryDto & { createdAt: Date })[] = await this.db.query(
      `SELECT p.id, p.issuer_unit_id AS "issuerUnitId", u.name AS "issuerUnitName", p.type, p.title, p.state, p.version,
              p.number_and_symbol AS "numberAndSymbol", to_char(p.issued_on, 'YYYY-MM-DD') AS "issuedOn", p.created_at AS "createdAt",
              ${issuedBySql('p')} AS "issuedBy"
       FROM plans p JOIN units u ON u.id = p.issuer_unit_id
       WHERE ($2::boolean OR u.path <@ ANY($3::ltree[]) OR u.id = ANY($4::uuid[])
              OR (p.issued_at IS NOT NULL AND EXISTS (
                SELECT 1 FROM (SELECT assignee_unit_id AS unit_id FROM plan_assignments WHERE plan_id = p.id
                               UNION ALL SELECT unit_id FROM plan_recipients WHERE plan_id = p.id) t
                JOIN units tu ON tu.id = t.unit_id WHERE tu.path <@ ANY($3::ltree[]) OR tu.id = ANY($4::uuid[]))))
         AND ($5::uuid IS NULL OR p.issuer_unit_id = $5)
         AND ($6::text[] IS NULL OR p.state = ANY($6) OR split_part(p.state, '.', 1) = ANY($6))
         AND ($7::text IS NULL OR p.type = $7)
         AND ($8::int IS NULL OR extract(year FROM coalesce(p.issued_on, p.created_at::date)) = $8)
         AND ($9::text IS NULL OR p.title ILIKE '%' || $9 || '%' ESCAPE '\\' OR p.number_and_symbol ILIKE '%' || $9 || '%' ESCAPE '\\')
         AND ($10::timestamptz IS NULL OR (p.created_at, p.id) < ($10, $11::uuid))
       ORDER BY p.created_at DESC, p.id DESC LIMIT $1`,
      [
        limit + 1, scope === null, scope?.subtrees ?? [], scope?.units ?? [], query.issuerUnitId ?? null, query.state?.split(',') ?? null,
        query.type ?? null, query.year ?? null, query.text ? likeLiteral(query.text) : null, after?.[0] ?? null, after?.[1] ?? null,
      ],
    );
    return toPage(
      rows,
      limit,
      (r) => ({ ...r, createdAt: r.createdAt.toISOString() }),
      (r) => [r.createdAt.toISOString(), r.id],
    );
  }
}

const LIVE = new Set<string>(LIVE_PLAN_STATES);

/** An assignment of the amended plan as the amendment's content: what it says, not how it is tracked. */
function copyAssignment(a: AssignmentViewDto): AssignmentDto {
  return {
    assigneeUnitId: a.assigneeUnitId,
    responsibilities: a.responsibilities,
    requiresOwnPlan: a.requiresOwnPlan,
    dueOn: a.dueOn,
    subAssignments: a.subAssignments.map(({ assigneeUnitId, responsibilities, requiresOwnPlan, dueOn }) => ({ assigneeUnitId, responsibilities, requiresOwnPlan, dueOn })),
  };
}

/** What a plan just written answers. */
interface WrittenPlan {
  id: string;
  at: Date;
  issuerName: string;
  facts: NewPlanFacts;
  assignments: AssignmentRecord[];
}

/**
 * A value as a jsonb column gives it back: keys without a value dropped, and each object's keys
 * in jsonb's order (shorter first, then by their bytes).
 */
export function asStored<T>(value: T): T {
  if (Array.isArray(value)) return value.map(asStored) as T;
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  keys.sort(jsonbKeyOrder);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = asStored((value as Record<string, unknown>)[k]);
  return out as T;
}

function jsonbKeyOrder(a: string, b: string): number {
  const la = Buffer.byteLength(a), lb = Buffer.byteLength(b);
  return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

