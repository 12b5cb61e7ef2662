import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, ErrorCode, localDate } from '@app/core';
import { Actor, ActorCache, Permission, TREE_LOCK } from '@app/org';
import { isSystemActor, Outbox, SYSTEM_ACTOR, SYSTEM_ROLE, TransitionRunner, type OutboxMessage, type SubjectKind, type SubjectRow } from '@app/transitions';
import { FINAL_PLAN_STATES, OPEN_ASSIGNMENT_STATES } from '@app/workflow';
import { dayBefore, namedUnits, parseChanges, planReorganisation, type Change, type Outcome, type Successor, type TreeNode } from './reorganisation-plan.js';

/** The queue that applies a scheduled reorganisation on its day (made by the migration). */
export const REORGANISATION_QUEUE = 'reorganisation-apply';

export interface Touched {
  units: number;
  memberships: number;
  assignments: number;
  plans: number;
  reports: number;
  notifications: number;
}

export interface Handed {
  subjectType: 'assignment' | 'plan' | 'report' | 'membership';
  id: string;
  fromUnitId: string;
  toUnitId: string;
  /** How it reads: the plan's title, or the member's name. */
  title: string;
  /** An assignment's responsibilities, a plan's number, a member's role. */
  detail: string | null;
}

/** One open item of a unit, as the admin maps it to a successor. */
export interface OpenItem {
  type: 'assignment' | 'plan' | 'report' | 'membership';
  id: string;
  unitId: string;
  title: string;
  detail: string | null;
  state: string;
  dueOn: string | null;
}

export interface ReorganisationResult {
  id: string | null;
  state: 'applied' | 'scheduled' | 'preview';
  effectiveOn: string;
  touched: Touched;
  /** Every unit the change creates, dissolves, renames or moves (ids; created ones once applied). */
  units: { created: string[]; dissolved: string[]; renamed: string[]; moved: string[] };
  /** Every open item it hands over, with where from and where to. */
  handovers: Handed[];
  /** Plans with open assignments whose assignee would leave the issuer's scope: they need an amendment. */
  amendmentsNeeded: string[];
  /** The name of every unit named above, as it is after the change (created ones included). */
  unitNames: Record<string, string>;
  /** Unread notifications and undelivered messages addressed to a dissolved unit, readdressed to its successor. */
  movedNotifications: MovedNotification[];
}

export interface MovedNotification {
  /** The notification's id; for a message not yet delivered, the outbox message's id. */
  id: string;
  delivered: boolean;
  fromUnitId: string;
  toUnitId: string;
}

/** Open work of a unit, by table: what a HANDOVER moves (`open` qualified by the table's alias). */
const OPEN_WORK = {
  assignment: { table: 'plan_assignments', unit: 'assignee_unit_id', open: (t = 'plan_assignments') => `${t}.state = ANY('{${OPEN_ASSIGNMENT_STATES.join(',')}}')` },
  plan: { table: 'plans', unit: 'issuer_unit_id', open: (t = 'plans') => `${t}.state <> ALL('{${FINAL_PLAN_STATES.join(',')}}')` },
  report: { table: 'reports', unit: 'unit_id', open: (t = 'reports') => `${t}.state <> 'accepted'` },
  membership: { table: 'memberships', unit: 'unit_id', open: (t = 'memberships') => `${t}.state = 'current'` },
} as const;
/**
 * How each kind of open item reads to a person (alias `w` is the item's row): the plan's title
 * (an assignment's responsibilities, a plan's number), or the holder's name and role.
 */
const LABELS: Record<keyof typeof OPEN_WORK, { join: string; title: string; detail: string; dueOn: string }> = {
  assignment: {
    join: 'JOIN plans lp ON lp.id = w.plan_id',
    title: 'lp.title',
    detail: `(SELECT string_agg(r, '; ') FROM jsonb_array_elements_text(w.responsibilities) r)`,
    dueOn: `to_char(w.due_on, 'YYYY-MM-DD')`,
  },
  plan: { join: '', title: 'w.title', detail: 'w.number_and_symbol', dueOn: 'NULL::text' },
  report: { join: 'JOIN plan_assignments la ON la.id = w.assignment_id JOIN plans lp ON lp.id = la.plan_id', title: 'lp.title', detail: 'NULL::text', dueOn: `to_char(la.due_on, 'YYYY-MM-DD')` },
  membership: { join: 'JOIN users lu ON lu.id = w.user_id', title: 'lu.display_name', detail: 'w.role', dueOn: 'NULL::text' },
};
type WorkType = keyof typeof OPEN_WORK;

interface Locked extends SubjectRow {
  unitId: string;
  collectorId: string | null;
}

/** A subject of the one transition runner, for the HANDOVER step only: the reorganisation's scope was checked as a whole. */
function handoverKind(type: WorkType): SubjectKind<Locked> {
  const { table, unit } = OPEN_WORK[type];
  return {
    type,
    table,
    async lock(tx, id) {
      const [row]: Locked[] = await tx.query(
        `SELECT id, state, version, audit_seq AS "auditSeq", audit_hash AS "auditHash", ${unit} AS "unitId",
           ${type === 'plan' ? 'report_collector_unit_id' : 'NULL::uuid'} AS "collectorId"
         FROM ${table} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      return row;
    },
    visible: () => Promise.resolve(true),
  };
}
const KINDS = Object.fromEntries((Object.keys(OPEN_WORK) as WorkType[]).map((t) => [t, handoverKind(t)])) as Record<WorkType, SubjectKind<Locked>>;

/** Rolls a preview's transaction back while carrying its result out. */
class Preview extends Error {
  constructor(readonly result: ReorganisationResult) {
    super('preview');
  }
}

/**
 * Reorganisations (sáp nhập, chia tách, giải thể, đổi tên, điều chuyển): checked as a whole,
 * previewed, applied in one transaction, or scheduled for their effective day. Open work of a
 * dissolved unit passes to its successor one subject at a time through the TransitionRunner
 * (event HANDOVER, one audit entry each); finished work stays where it was done.
 */
@Injectable()
export class ReorganisationsService {
  private readonly logger = new Logger(ReorganisationsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runner: TransitionRunner,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly actors: ActorCache,
  ) {}

  async submit(actor: Actor, body: unknown, dryRun: boolean): Promise<ReorganisationResult> {
    const parsed = parseChanges(body);
    if ('problems' in parsed) throw DomainError.validation('The reorganisation is not well formed', parsed.problems);
    const { effectiveOn, changes } = parsed;
    const scheduled = effectiveOn > localDate(this.clock.now());
    if (dryRun || scheduled) {
      // Checked and measured against today's tree, then rolled back.
      const preview = await this.preview(actor, effectiveOn, changes);
      if (dryRun) return preview;
      return this.db.transaction(async (tx) => {
        const id = await this.record(tx, actor, effectiveOn, changes, 'scheduled');
        const [job]: { id: string }[] = await tx.query(
          `INSERT INTO pgboss.job (name, data, start_after, keep_until, retry_limit, retry_delay, retry_backoff, policy)
           SELECT $1, $2::jsonb, s, s + interval '14 days', 5, 30, true, 'standard'
           FROM (SELECT ($3::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS s) t RETURNING id`,
          [REORGANISATION_QUEUE, JSON.stringify({ reorganisationId: id }), effectiveOn],
        );
        await tx.query(`UPDATE reorganisations SET touched = $2, job_id = $3 WHERE id = $1`, [id, JSON.stringify(preview.touched), job.id]);
        return { ...preview, id, state: 'scheduled' as const };
      });
    }
    const applied = await this.db.transaction(async (tx) => {
      const id = await this.record(tx, actor, effectiveOn, changes, 'applied');
      const result = await this.apply(tx, actor, id, effectiveOn, changes);
      await tx.query(`UPDATE reorganisations SET touched = $2, applied_at = $3 WHERE id = $1`, [id, JSON.stringify(result.touched), this.clock.now()]);
      return { ...result, id, state: 'applied' as const };
    });
    // Unit paths and memberships (now former) changed: every actor may be stale.
    this.actors.changed('all');
    return applied;
  }

  async get(actor: Actor, id: string): Promise<{ id: string; state: string; effectiveOn: string; changes: Change[]; touched: Touched | null; failure: unknown }> {
    const [row] = await this.db.query(
      `SELECT id, state, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn", changes, touched, failure FROM reorganisations WHERE id = $1`,
      [id],
    );
    if (!row) throw DomainError.notFound('Reorganisation');
    await this.assertScope(this.db.manager, actor, row.changes as Change[], true);
    return row;
  }

  /** Cancels a scheduled reorganisation before its day: its job will find nothing to do. */
  async cancel(actor: Actor, id: string): Promise<{ id: string; state: 'cancelled' }> {
    return this.db.transaction(async (tx) => {
      const [row]: { state: string; changes: Change[]; jobId: string | null }[] = await tx.query(
        `SELECT state, changes, job_id AS "jobId" FROM reorganisations WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw DomainError.notFound('Reorganisation');
      await this.assertScope(tx, actor, row.changes, false);
      if (row.state !== 'scheduled') throw DomainError.conflict(`The reorganisation is ${row.state}: only a scheduled one can be cancelled`, { reason: 'NOT_SCHEDULED', state: row.state });
      await tx.query(`UPDATE reorganisations SET state = 'cancelled', cancelled_at = $2 WHERE id = $1`, [id, this.clock.now()]);
      if (row.jobId) await tx.query(`UPDATE pgboss.job SET state = 'cancelled', completed_on = now() WHERE name = $1 AND id = $2 AND state = 'created'`, [REORGANISATION_QUEUE, row.jobId]);
      return { id, state: 'cancelled' as const };
    });
  }

  /** The job's handler: applies a scheduled reorganisation as the system; a refusal is recorded, not retried. */
  async applyScheduled(id: string): Promise<string> {
    try {
      const outcome = await this.db.transaction(async (tx) => {
        const [row]: { state: string; effectiveOn: string; changes: Change[] }[] = await tx.query(
          `SELECT state, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn", changes FROM reorganisations WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (!row || row.state !== 'scheduled') return row?.state ?? 'missing';
        const result = await this.apply(tx, SYSTEM_ACTOR, id, row.effectiveOn, row.changes);
        await tx.query(`UPDATE reorganisations SET state = 'applied', touched = $2, applied_at = $3 WHERE id = $1`, [id, JSON.stringify(result.touched), this.clock.now()]);
        return 'applied';
      });
      if (outcome === 'applied') this.actors.changed('all');
      return outcome;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`Scheduled reorganisation ${id} refused on its day: ${error.message}`);
      await this.db.query(`UPDATE reorganisations SET state = 'failed', failure = $2 WHERE id = $1 AND state = 'scheduled'`, [
        id,
        JSON.stringify({ code: error.code, message: error.message, details: error.details ?? null }),
      ]);
      return 'failed';
    }
  }

  private async preview(actor: Actor, effectiveOn: string, changes: Change[]): Promise<ReorganisationResult> {
    try {
      await this.db.transaction(async (tx) => {
        throw new Preview({ ...(await this.apply(tx, actor, null, effectiveOn, changes)), state: 'preview' });
      });
    } catch (error) {
      if (error instanceof Preview) return error.result;
      throw error;
    }
    throw new Error('unreachable');
  }

  private async record(tx: EntityManager, actor: Actor, effectiveOn: string, changes: Change[], state: 'applied' | 'scheduled'): Promise<string> {
    const [{ id }]: { id: string }[] = await tx.query(
      `INSERT INTO reorganisations (effective_on, changes, state, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [effectiveOn, JSON.stringify(changes), state, isSystemActor(actor) ? null : actor.userId, this.clock.now()],
    );
    return id;
  }

  /** Every named unit visible (else NOT_FOUND) and administered by the caller (else FORBIDDEN). */
  private async assertScope(em: EntityManager, actor: Actor, changes: Change[], readOnly: boolean): Promise<void> {
    if (isSystemActor(actor)) return;
    const ids = namedUnits(changes);
    const rows: { id: string; path: string }[] = await em.query(`SELECT id, path::text AS path FROM units WHERE id = ANY($1::uuid[])`, [ids]);
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const unit = found.get(id);
      if (!unit || !actor.can(Permission.UnitRead, unit)) throw DomainError.notFound('Unit');
    }
    if (readOnly) return;
    for (const unit of rows) if (!actor.can(Permission.Reorganise, unit)) throw DomainError.forbidden('You do not administer every unit this reorganisation changes');
    const topLevel = changes.some(
      (c) => (c.kind === 'move' && c.parentId === null) || ((c.kind === 'merge' ? [c.into] : c.kind === 'split' ? c.into : []).some((t) => typeof t === 'object' && 'name' in t && t.parentId === null)),
    );
    if (topLevel && !actor.canEverywhere(Permission.Reorganise)) throw DomainError.forbidden('Only an organisation-wide admin may make a top-level unit');
  }

  /** Applies the changes inside `tx`: all of it, or a DomainError and nothing. `id` null: a preview. */
  private async apply(tx: EntityManager, actor: Actor, id: string | null, effectiveOn: string, changes: Change[]): Promise<ReorganisationResult> {
    // Reorganisations and moves rewrite paths: one at a time. The second of two racing ones then finds its units gone (409).
    await tx.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK]);
    await this.assertScope(tx, actor, changes, false);
    const ids = namedUnits(changes);
    await tx.query(`SELECT 1 FROM units WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
    const tree = await this.tree(tx, ids, effectiveOn);
    const splitUnits = changes.filter((c) => c.kind === 'split').map((c) => c.unitId);
    const openItems = new Map<string, string[]>();
    for (const w of await this.openWork(tx, splitUnits)) openItems.set(w.unitId, [...(openItems.get(w.unitId) ?? []), w.id]);
    const outcome = planReorganisation(changes, tree, openItems);
    await this.assertKinds(tx, outcome);
    if (outcome.problems.length > 0) {
      if (outcome.problems.every((p) => p.code === 'UNIT_NOT_CURRENT')) {
        throw DomainError.conflict('A unit it changes is no longer current (another reorganisation came first?)', { reason: 'UNIT_NOT_CURRENT', problems: outcome.problems });
      }
      throw new DomainError(ErrorCode.REORGANISATION_INVALID, 'The reorganisation breaks rules taken as a whole', outcome.problems);
    }
    const lastDay = dayBefore(effectiveOn);
    const units = { created: [] as string[], dissolved: [...outcome.dissolved.keys()], renamed: [...outcome.renamed.keys()], moved: [...outcome.moved.keys()] };

    // Renames and moves: the old period ends the day before, a new one starts on the day.
    const reperiod = async (unitId: string, name: string | null, shortName: string | null, parentId: string | null | undefined) => {
      await tx.query(`UPDATE unit_periods SET valid_to = $2 WHERE unit_id = $1 AND valid_to = 'infinity'`, [unitId, lastDay]);
      await tx.query(
        `INSERT INTO unit_periods (unit_id, valid_from, valid_to, name, short_name, kind, parent_id, reorganisation_id)
         SELECT id, $2, 'infinity', COALESCE($3, name), COALESCE($4, short_name), kind, CASE WHEN $6 THEN $5::uuid ELSE parent_id END, $7 FROM units WHERE id = $1`,
        [unitId, effectiveOn, name, shortName, parentId ?? null, parentId !== undefined, id],
      );
    };
    // Created first, each after its parent: a later change may move a unit under one of them.
    const resolve = (s: Successor) => ('unitId' in s ? s.unitId : units.created[s.created]);
    for (const unit of outcome.created) {
      const [row]: { id: string }[] = await tx.query(
        `WITH next AS (SELECT nextval('units_label_seq') AS label)
         INSERT INTO units (label, name, short_name, kind, parent_id, path, symbol_style, valid_from)
         SELECT next.label, $1, $2, $3, $4, COALESCE((SELECT path FROM units WHERE id = $4), ''::ltree) || next.label::text::ltree, $5, $6 FROM next
         RETURNING id`,
        [unit.name, unit.shortName, unit.kind, unit.parent ? resolve(unit.parent) : null, unit.symbolStyle, effectiveOn],
      );
      units.created.push(row.id);
    }
    for (const [unitId, to] of outcome.moved) {
      const parentId = to ? resolve(to) : null;
      await reperiod(unitId, null, null, parentId);
      const [{ path }]: { path: string }[] = await tx.query(`SELECT path::text AS path FROM units WHERE id = $1`, [unitId]);
      const [parent]: { path: string }[] = parentId ? await tx.query(`SELECT path::text AS path FROM units WHERE id = $1`, [parentId]) : [{ path: '' }];
      await tx.query(`UPDATE units SET path = $2::ltree || subpath(path, nlevel($1::ltree) - 1), updated_at = now() WHERE path <@ $1::ltree`, [path, parent.path]);
      await tx.query(`UPDATE units SET parent_id = $2 WHERE id = $1`, [unitId, parentId]);
    }
    for (const [unitId, { name, shortName }] of outcome.renamed) {
      await reperiod(unitId, name, shortName ?? null, undefined);
      await tx.query(`UPDATE units SET name = $2, short_name = COALESCE($3, short_name), updated_at = now() WHERE id = $1`, [unitId, name, shortName ?? null]);
    }
    if (id) await tx.query(`UPDATE unit_periods SET reorganisation_id = $1 WHERE unit_id = ANY($2::uuid[])`, [id, units.created]);
    if (units.dissolved.length > 0) {
      await tx.query(`UPDATE unit_periods SET valid_to = $2 WHERE unit_id = ANY($1::uuid[]) AND valid_to = 'infinity'`, [units.dissolved, lastDay]);
      await tx.query(`UPDATE units SET valid_to = $2, active = false, updated_at = now() WHERE id = ANY($1::uuid[])`, [units.dissolved, lastDay]);
    }

    // Open work of the dissolved units, one HANDOVER per subject, through the one runner.
    const successorOf = (unitId: string, itemId: string): string => {
      const d = outcome.dissolved.get(unitId)!;
      return resolve('successor' in d ? d.successor : d.successors[d.map[itemId]]);
    };
    const handovers: Handed[] = [];
    const messages: OutboxMessage[] = [];
    const work = await this.openWork(tx, units.dissolved);
    const collected: (OpenItem & { collectorId: string })[] = await tx.query(
      `SELECT 'plan' AS type, id, report_collector_unit_id AS "collectorId", title, number_and_symbol AS detail, state, NULL AS "dueOn" FROM plans WHERE report_collector_unit_id = ANY($1::uuid[]) AND ${OPEN_WORK.plan.open()}`,
      [units.dissolved],
    );
    const plans = new Set(work.filter((w) => w.type === 'plan').map((w) => w.id));
    for (const { collectorId, ...c } of collected) if (!plans.has(c.id)) work.push({ ...c, unitId: collectorId });
    const role = isSystemActor(actor) ? SYSTEM_ROLE : 'admin';
    for (const item of work) {
      const toUnitId = outcome.dissolved.has(item.unitId) ? successorOf(item.unitId, item.id) : item.unitId;
      await this.runner.within(tx, {
        kind: KINDS[item.type],
        id: item.id,
        actor,
        decide: async (_tx, row) => {
          const set: Record<string, unknown> = {};
          if (item.type !== 'membership' && outcome.dissolved.has(row.unitId)) set[OPEN_WORK[item.type].unit] = toUnitId;
          if (row.collectorId && outcome.dissolved.has(row.collectorId)) set.report_collector_unit_id = successorOf(row.collectorId, item.id);
          return {
            event: 'HANDOVER',
            toState: item.type === 'membership' ? 'former' : row.state,
            role,
            unitId: toUnitId,
            payload: { reorganisationId: id, effectiveOn, fromUnitId: row.unitId, toUnitId, ...(set.report_collector_unit_id ? { collectorUnitId: set.report_collector_unit_id } : {}) },
            set,
          };
        },
        respond: () => undefined,
      });
      handovers.push({ subjectType: item.type, id: item.id, fromUnitId: item.unitId, toUnitId, title: item.title, detail: item.detail });
      if (item.type === 'membership') {
        // The holder keeps the same role at the successor; the former membership only reads.
        await tx.query(
          `INSERT INTO memberships (user_id, unit_id, role, created_by)
           SELECT user_id, $2, role, $3 FROM memberships WHERE id = $1 ON CONFLICT ON CONSTRAINT memberships_unique DO NOTHING`,
          [item.id, toUnitId, isSystemActor(actor) ? null : actor.userId],
        );
      } else {
        messages.push({ type: 'work_handed_over', unitId: toUnitId, subjectType: item.type, subjectId: item.id, payload: { reorganisationId: id, fromUnitId: item.unitId } });
      }
    }
    const movedNotifications = await this.readdressNotifications(tx, units.dissolved, (unitId, subjectId) => {
      const d = outcome.dissolved.get(unitId)!;
      return resolve('successor' in d ? d.successor : d.successors[d.map[subjectId] ?? 0]);
    });
    await this.outbox.emit(tx, messages);
    const amendmentsNeeded = await this.outsideIssuerScope(tx, [...units.created, ...units.moved, ...new Set(handovers.map((h) => h.toUnitId))]);
    const count = (t: WorkType) => handovers.filter((h) => h.subjectType === t).length;
    const named = [...new Set([...units.created, ...units.dissolved, ...units.renamed, ...units.moved, ...handovers.flatMap((h) => [h.fromUnitId, h.toUnitId])])];
    const names: { id: string; name: string }[] = await tx.query(`SELECT id, name FROM units WHERE id = ANY($1::uuid[])`, [named]);
    return {
      id,
      state: 'applied',
      effectiveOn,
      touched: {
        units: units.created.length + units.dissolved.length + units.renamed.length + units.moved.length,
        memberships: count('membership'),
        assignments: count('assignment'),
        plans: count('plan'),
        reports: count('report'),
        notifications: messages.length + movedNotifications.length,
      },
      units,
      handovers,
      amendmentsNeeded,
      unitNames: Object.fromEntries(names.map((n) => [n.id, n.name])),
      movedNotifications,
    };
  }

  /**
   * Notifications still unread, and messages not yet delivered, addressed to a dissolved unit go
   * to its successor (for a split: the successor its subject was mapped to, else the first): its
   * people keep the same roles there, so nothing pending disappears with the old unit. Read ones
   * stay where they were read.
   */
  private async readdressNotifications(tx: EntityManager, dissolved: string[], successor: (unitId: string, subjectId: string) => string): Promise<MovedNotification[]> {
    if (dissolved.length === 0) return [];
    const rows: { id: string; delivered: boolean; unitId: string; subjectId: string }[] = await tx.query(
      `SELECT id::text, true AS delivered, unit_id AS "unitId", subject_id AS "subjectId" FROM notifications WHERE unit_id = ANY($1::uuid[]) AND read_at IS NULL
       UNION ALL
       SELECT id::text, false, unit_id, subject_id FROM outbox WHERE unit_id = ANY($1::uuid[]) AND delivered_at IS NULL
       ORDER BY delivered DESC, id`,
      [dissolved],
    );
    const moved = rows.map((r) => ({ id: r.id, delivered: r.delivered, fromUnitId: r.unitId, toUnitId: successor(r.unitId, r.subjectId) }));
    for (const [table, delivered] of [['notifications', true], ['outbox', false]] as const) {
      const part = moved.filter((m) => m.delivered === delivered);
      if (part.length === 0) continue;
      await tx.query(
        `UPDATE ${table} t SET unit_id = m.to_unit FROM unnest($1::text[], $2::uuid[]) AS m (id, to_unit) WHERE t.id::text = m.id`,
        [part.map((m) => m.id), part.map((m) => m.toUnitId)],
      );
    }
    return moved;
  }

  /** The named units, their ancestors and their children, as the check needs them. */
  private async tree(tx: EntityManager, ids: string[], effectiveOn: string): Promise<Map<string, TreeNode>> {
    const rows: TreeNode[] = await tx.query(
      `WITH named AS (SELECT path FROM units WHERE id = ANY($1::uuid[]))
       SELECT id, parent_id AS "parentId", (valid_to = 'infinity' AND valid_from <= $2::date) AS exists,
         (valid_to = 'infinity' AND valid_from < $2::date
          AND NOT EXISTS (SELECT 1 FROM unit_periods p WHERE p.unit_id = units.id AND p.valid_from >= $2::date)) AS current
       FROM units WHERE path @> ANY(ARRAY(SELECT path FROM named)) OR parent_id = ANY($1::uuid[])`,
      [ids, effectiveOn],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The open work of the units, each item with what a person reads it by. */
  private async openWork(tx: EntityManager, unitIds: string[]): Promise<OpenItem[]> {
    if (unitIds.length === 0) return [];
    const parts = (Object.keys(OPEN_WORK) as WorkType[]).map((type) => {
      const { table, unit, open } = OPEN_WORK[type];
      const label = LABELS[type];
      return `SELECT '${type}' AS type, w.id, w.${unit} AS "unitId", ${label.title} AS title, ${label.detail} AS detail, w.state, ${label.dueOn} AS "dueOn"
        FROM ${table} w ${label.join} WHERE w.${unit} = ANY($1::uuid[]) AND ${open('w')}`;
    });
    return tx.query(`${parts.join(' UNION ALL ')} ORDER BY type, id`, [unitIds]);
  }

  /**
   * The open work of one unit, as a split or dissolve would hand it over: what the admin maps to
   * successors. Scoped as POST /reorganisations is: outside the caller's scope 404, not administered 403.
   */
  async openItems(actor: Actor, unitId: string): Promise<{ unitId: string; items: OpenItem[] }> {
    const [unit]: { id: string; path: string }[] = await this.db.query(`SELECT id, path::text AS path FROM units WHERE id = $1`, [unitId]);
    if (!unit || !actor.can(Permission.UnitRead, unit)) throw DomainError.notFound('Unit');
    if (!actor.can(Permission.Reorganise, unit)) throw DomainError.forbidden('You do not administer this unit');
    const items = await this.openWork(this.db.manager, [unitId]);
    // Read order: memberships, plans, assignments, reports; by title within each.
    const order = ['membership', 'plan', 'assignment', 'report'];
    items.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.title.localeCompare(b.title, 'vi') || a.id.localeCompare(b.id));
    return { unitId, items };
  }

  /** Delegation's rule after the change: an open assignment's assignee lies inside its issuer's subtree. */
  private async outsideIssuerScope(tx: EntityManager, unitIds: string[]): Promise<string[]> {
    if (unitIds.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `WITH touched AS (SELECT path FROM units WHERE id = ANY($1::uuid[]))
       SELECT DISTINCT p.id FROM plan_assignments a
       JOIN plans p ON p.id = a.plan_id JOIN units au ON au.id = a.assignee_unit_id JOIN units iu ON iu.id = p.issuer_unit_id
       WHERE ${OPEN_WORK.assignment.open('a')} AND NOT (au.path <@ iu.path)
         AND (au.path <@ ANY(ARRAY(SELECT path FROM touched)) OR iu.path <@ ANY(ARRAY(SELECT path FROM touched)))
       ORDER BY p.id`,
      [unitIds],
    );
    return rows.map((r) => r.id);
  }

  private async assertKinds(tx: EntityManager, outcome: Outcome): Promise<void> {
    const kinds = [...new Set(outcome.created.map((u) => u.kind))];
    if (kinds.length === 0) return;
    const rows: { code: string }[] = await tx.query(`SELECT code FROM unit_kinds WHERE code = ANY($1::text[])`, [kinds]);
    const unknown = kinds.filter((k) => !rows.some((r) => r.code === k));
    if (unknown.length > 0) throw DomainError.validation('Unknown unit kind', [{ field: 'changes', messages: unknown.map((k) => `no unit kind '${k}'`) }]);
  }
}
