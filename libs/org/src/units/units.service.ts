import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CursorPart, decodeCursor, DEFAULT_PAGE_SIZE, DomainError, ErrorCode, Page, utcText, toPage } from '@app/core';
import { Actor } from '../access/actor.js';
import { ActorCache } from '../memberships/actor-cache.service.js';
import { Permission } from '../access/permission.js';
import { ChildrenQueryDto, CreateUnitDto, MoveUnitDto, SubtreeQueryDto, TopLevelQueryDto, UnitDto, UnitSearchQueryDto, UpdateUnitDto } from './unit.dto.js';
import { UnitKind, type UnitRow } from './unit.entity.js';

/**
 * A unit row as the DTO reads it: the path for scope checks and cursors, instants as utcText.
 * Nothing more: on a 2,000-unit branch every column is 2,000 strings to make and collect.
 */
export const UNIT_COLUMNS = `id, name, short_name AS "shortName", kind, parent_id AS "parentId", path::text AS path,
  depth, symbol_style AS "symbolStyle", active, ${utcText('created_at')} AS "createdAt", ${utcText('updated_at')} AS "updatedAt",
  CASE WHEN valid_from = '-infinity' THEN NULL ELSE to_char(valid_from, 'YYYY-MM-DD') END AS "validFrom",
  CASE WHEN valid_to = 'infinity' THEN NULL ELSE to_char(valid_to, 'YYYY-MM-DD') END AS "validTo"`;

/**
 * UNIT_COLUMNS and whether the unit has units below it (a tree's expander): one probe of the
 * `units_children_idx` btree per unit, which stops at the first child.
 */
const UNIT_READ = `${UNIT_COLUMNS}, EXISTS (SELECT 1 FROM units c WHERE c.parent_id = units.id) AS "hasChildren"`;

/**
 * A unit as it was on day `$D` (a placeholder): `p` is its period holding the day, `u` the unit.
 * `path` and `depth` are given by the caller (the tree as of the day, not today's `units.path`).
 */
function asOfRead(day: string, path: string, depth: string): string {
  return `u.id, p.name, p.short_name AS "shortName", p.kind, p.parent_id AS "parentId", ${path} AS path, ${depth} AS depth,
    u.symbol_style AS "symbolStyle", true AS active, ${utcText('u.created_at')} AS "createdAt", ${utcText('u.updated_at')} AS "updatedAt",
    CASE WHEN u.valid_from = '-infinity' THEN NULL ELSE to_char(u.valid_from, 'YYYY-MM-DD') END AS "validFrom",
    CASE WHEN u.valid_to = 'infinity' THEN NULL ELSE to_char(u.valid_to, 'YYYY-MM-DD') END AS "validTo",
    EXISTS (SELECT 1 FROM unit_periods c WHERE c.parent_id = u.id AND c.valid_from <= ${day}::date AND ${day}::date <= c.valid_to) AS "hasChildren"`;
}

/** The period of `u` holding day `$D`. */
const holds = (day: string, alias = 'p') => `${alias}.valid_from <= ${day}::date AND ${day}::date <= ${alias}.valid_to`;

/**
 * A cursor of an `?asOf=` list carries its day after the keyset: the next page of another day's
 * tree would skip or repeat units, so a cursor used with another day (or without one) is a 400.
 */
function decodeAsOfCursor(cursor: string | undefined, shape: readonly CursorPart[], asOf: string): unknown[] | undefined {
  const key = decodeCursor(cursor, [...shape, 'date']);
  if (key && key[key.length - 1] !== asOf) {
    throw DomainError.validation('Invalid cursor', [{ field: 'cursor', messages: [`was issued for asOf=${String(key[key.length - 1])}, not ${asOf}`] }]);
  }
  return key;
}

const notValidOnDay = (asOf: string) => new DomainError(ErrorCode.NOT_FOUND, `The unit did not exist on ${asOf}`, { reason: 'NOT_VALID_ON_DAY' });

/**
 * Creates take the tree lock shared, moves take it exclusively: a move rewrites the paths of
 * a whole branch and must not interleave with another move (cycles) or a create under it.
 */
export const TREE_LOCK = 7_140_001;

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly actors: ActorCache,
  ) {}

  async kinds(): Promise<UnitKind[]> {
    return this.db.getRepository(UnitKind).find({ order: { code: 'ASC' } });
  }

  /** A unit the caller may see, or NOT_FOUND: units outside the scope do not exist for it. */
  async visible(actor: Actor, id: string, manager: EntityManager = this.db.manager): Promise<UnitRow> {
    const unit = await this.find(id, manager);
    if (!unit || !actor.can(Permission.UnitRead, unit)) throw DomainError.notFound('Unit');
    return unit;
  }

  /**
   * One unit; with `asOf`, as it was that day: the name, short name, kind and parent of the
   * period holding the day (NOT_FOUND if the unit did not exist then).
   */
  async get(actor: Actor, id: string, asOf?: string): Promise<UnitDto> {
    const unit = await this.visible(actor, id);
    if (asOf === undefined) return UnitDto.from(unit);
    const [period]: Pick<UnitRow, 'name' | 'shortName' | 'kind' | 'parentId'>[] = await this.db.query(
      `SELECT name, short_name AS "shortName", kind, parent_id AS "parentId" FROM unit_periods
       WHERE unit_id = $1 AND valid_from <= $2::date AND $2::date <= valid_to`,
      [id, asOf],
    );
    if (!period) throw notValidOnDay(asOf);
    return UnitDto.from({ ...unit, ...period, active: true });
  }

  /**
   * The caller's top-level units: the tree's roots, or the highest units it holds a role at
   * (former roles count: reading). With `asOf`, as they were that day: the roots of the tree of
   * that day, or the caller's highest units that existed then.
   */
  async topLevel(actor: Actor, query: TopLevelQueryDto): Promise<Page<UnitDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const roots = this.scopePaths(actor);
    if (query.asOf) {
      const after = decodeAsOfCursor(query.cursor, ['text', 'uuid'], query.asOf);
      const params: unknown[] = [limit + 1, after?.[0] ?? null, after?.[1] ?? null, query.asOf];
      let where = 'p.parent_id IS NULL';
      let path = 'u.label::text';
      if (roots) {
        params.push(roots);
        where = 'u.path::text = ANY($5::text[])';
        path = 'COALESCE(unit_path_on(u.id, $4::date)::text, u.path::text)';
      }
      const rows: UnitRow[] = await this.db.query(
        `SELECT * FROM (SELECT ${asOfRead('$4', path, 'nlevel(' + path + '::ltree)')} FROM unit_periods p JOIN units u ON u.id = p.unit_id
           WHERE ${where} AND ${holds('$4')} AND ($2::text IS NULL OR (p.name, u.id) > ($2, $3::uuid))) t
         ORDER BY name, id LIMIT $1`,
        params,
      );
      return toPage(rows, limit, UnitDto.from, (u) => [u.name, u.id, query.asOf]);
    }
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    const params: unknown[] = [limit + 1, after?.[0] ?? null, after?.[1] ?? null];
    let where = 'parent_id IS NULL';
    if (roots) {
      params.push(roots);
      where = 'path::text = ANY($4::text[])';
    }
    const rows: UnitRow[] = await this.db.query(
      `SELECT ${UNIT_READ} FROM units WHERE ${where} AND ($2::text IS NULL OR (name, id) > ($2, $3::uuid))
       ORDER BY name, id LIMIT $1`,
      params,
    );
    return toPage(rows, limit, UnitDto.from, (u) => [u.name, u.id]);
  }

  /**
   * The units directly below. With `asOf`: the units whose period holding the day has this
   * parent, with that period's names (the parent must have existed that day). What was below a
   * unit the caller may read is read as it was, even if it has since moved out of its scope.
   */
  async children(actor: Actor, id: string, query: ChildrenQueryDto): Promise<Page<UnitDto>> {
    await this.visible(actor, id);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.asOf) {
      const [parent]: { path: string | null }[] = await this.db.query(`SELECT unit_path_on($1, $2::date)::text AS path`, [id, query.asOf]);
      if (!parent?.path) throw notValidOnDay(query.asOf);
      const after = decodeAsOfCursor(query.cursor, ['text', 'uuid'], query.asOf);
      const rows: UnitRow[] = await this.db.query(
        `SELECT ${asOfRead('$5', "$6 || '.' || u.label::text", 'nlevel($6::ltree) + 1')}
         FROM unit_periods p JOIN units u ON u.id = p.unit_id
         WHERE p.parent_id = $1 AND ${holds('$5')} AND ($3::text IS NULL OR (p.name, u.id) > ($3, $4::uuid))
         ORDER BY p.name, u.id LIMIT $2`,
        [id, limit + 1, after?.[0] ?? null, after?.[1] ?? null, query.asOf, parent.path],
      );
      return toPage(rows, limit, UnitDto.from, (u) => [u.name, u.id, query.asOf]);
    }
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    const rows: UnitRow[] = await this.db.query(
      `SELECT ${UNIT_READ} FROM units WHERE parent_id = $1 AND ($3::text IS NULL OR (name, id) > ($3, $4::uuid))
       ORDER BY name, id LIMIT $2`,
      [id, limit + 1, after?.[0] ?? null, after?.[1] ?? null],
    );
    return toPage(rows, limit, UnitDto.from, (u) => [u.name, u.id]);
  }

  /** From the root down to the parent: the chain a breadcrumb or a document header shows. */
  async ancestors(actor: Actor, id: string): Promise<Page<UnitDto>> {
    const unit = await this.visible(actor, id);
    const rows: UnitRow[] = await this.db.query(
      `SELECT ${UNIT_READ} FROM units
       WHERE label = ANY(string_to_array($1, '.')::bigint[]) AND id <> $2 ORDER BY depth`,
      [unit.path, id],
    );
    return { items: rows.map(UnitDto.from), nextCursor: null };
  }

  /**
   * The unit and everything below it, depth-first, paged by path. Labels are numeric, so the
   * subtree of P is exactly the ltree range [P, P || '0'): a range scan of the btree on
   * `units.path` in its own order (qualified: the bare `path` would be the text alias and sort
   * every row of the subtree first). bench/tree.bench.ts measured 5 ms against 44 ms for
   * the first page of the root's 60,000 units.
   */
  async subtree(actor: Actor, id: string, query: SubtreeQueryDto): Promise<Page<UnitDto>> {
    const unit = await this.visible(actor, id);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.asOf) return this.subtreeAsOf(id, limit, query.cursor, query.asOf);
    const after = decodeCursor(query.cursor, ['ltree']);
    const rows: UnitRow[] = await this.db.query(
      `SELECT ${UNIT_READ} FROM units
       WHERE units.path >= $1::ltree AND units.path < ($1::text || '0')::ltree AND ($3::ltree IS NULL OR units.path > $3::ltree)
       ORDER BY units.path LIMIT $2`,
      [unit.path, limit + 1, after?.[0] ?? null],
    );
    return toPage(rows, limit, UnitDto.from, (u) => [u.path]);
  }

  /**
   * Units of the caller's scope (or of one branch of it) whose folded name or short name holds
   * the folded query, nearest the top first: a picker shows the bodies before their offices.
   */
  async search(actor: Actor, query: UnitSearchQueryDto): Promise<Page<UnitDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (query.asOf) return this.searchAsOf(actor, { ...query, asOf: query.asOf }, pattern);
    const after = decodeCursor(query.cursor, ['int', 'text', 'uuid']);
    const roots = query.under ? [(await this.visible(actor, query.under)).path] : this.scopePaths(actor);
    const rows: UnitRow[] = await this.db.query(
      `SELECT ${UNIT_READ} FROM units
       WHERE fold_text(name || ' ' || short_name) LIKE fold_text($1)
         AND ($2::text[] IS NULL OR path <@ $2::text[]::ltree[])
         AND ($4::int IS NULL OR (depth, name, id) > ($4, $5, $6::uuid))
       ORDER BY depth, name, id LIMIT $3`,
      [pattern, roots, limit + 1, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null],
    );
    return toPage(rows, limit, UnitDto.from, (u) => [u.depth, u.name, u.id]);
  }

  /**
   * The branch as it was on `asOf`: walked down the periods holding the day from the unit (which
   * must have existed then), each unit's path of labels built on the way, depth-first by it.
   */
  private async subtreeAsOf(id: string, limit: number, cursor: string | undefined, asOf: string): Promise<Page<UnitDto>> {
    const [root]: { path: string | null }[] = await this.db.query(`SELECT unit_path_on($1, $2::date)::text AS path`, [id, asOf]);
    if (!root?.path) throw notValidOnDay(asOf);
    const after = decodeAsOfCursor(cursor, ['ltree'], asOf);
    const rows: UnitRow[] = await this.db.query(
      `WITH RECURSIVE branch (unit_id, path) AS (
         SELECT $1::uuid, $4::ltree
         UNION ALL
         SELECT c.unit_id, b.path || u.label::text FROM branch b
         JOIN unit_periods c ON c.parent_id = b.unit_id AND ${holds('$2', 'c')} JOIN units u ON u.id = c.unit_id
         WHERE nlevel(b.path) < 256
       )
       SELECT ${asOfRead('$2', 'b.path::text', 'nlevel(b.path)')}
       FROM branch b JOIN units u ON u.id = b.unit_id JOIN unit_periods p ON p.unit_id = b.unit_id AND ${holds('$2')}
       WHERE ($5::ltree IS NULL OR b.path > $5::ltree)
       ORDER BY b.path LIMIT $3`,
      [id, asOf, limit + 1, root.path, after?.[0] ?? null],
    );
    return toPage(rows, limit, UnitDto.from, (u) => [u.path, asOf]);
  }

  /**
   * Search by the names the units had on `asOf`, answered as they were: within the caller's
   * scope (today's tree, as every scope check), or within `under`'s branch as it was that day.
   */
  private async searchAsOf(actor: Actor, query: UnitSearchQueryDto & { asOf: string }, pattern: string): Promise<Page<UnitDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeAsOfCursor(query.cursor, ['int', 'text', 'uuid'], query.asOf);
    let underPath: string | null = null;
    if (query.under) {
      await this.visible(actor, query.under);
      const [row]: { path: string | null }[] = await this.db.query(`SELECT unit_path_on($1, $2::date)::text AS path`, [query.under, query.asOf]);
      if (!row?.path) throw notValidOnDay(query.asOf);
      underPath = row.path;
    }
    const roots = query.under ? null : this.scopePaths(actor);
    const rows: UnitRow[] = await this.db.query(
      `SELECT * FROM (
         SELECT ${asOfRead('$7', 'unit_path_on(u.id, $7::date)::text', 'nlevel(unit_path_on(u.id, $7::date))')}
         FROM unit_periods p JOIN units u ON u.id = p.unit_id
         WHERE ${holds('$7')} AND fold_text(p.name || ' ' || p.short_name) LIKE fold_text($1)
           AND ($2::text[] IS NULL OR u.path <@ $2::text[]::ltree[])) t
       WHERE path IS NOT NULL AND ($8::ltree IS NULL OR path::ltree <@ $8::ltree)
         AND ($4::int IS NULL OR (depth, name, id) > ($4, $5, $6::uuid))
       ORDER BY depth, name, id LIMIT $3`,
      [pattern, roots, limit + 1, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, query.asOf, underPath],
    );
    return toPage(rows, limit, UnitDto.from, (u) => [u.depth, u.name, u.id, query.asOf]);
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<UnitDto> {
    return this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock_shared($1)', [TREE_LOCK]);
      await this.assertKind(em, dto.kind);
      let parentPath: string | null = null;
      if (dto.parentId === null) {
        if (!actor.canEverywhere(Permission.UnitManage)) throw DomainError.forbidden('Only an organisation-wide admin may create top-level units');
      } else {
        const parent = await this.manageable(actor, dto.parentId, em, 'Parent unit');
        if (!parent.active) throw DomainError.conflict('The parent unit is deactivated', { reason: 'PARENT_INACTIVE' });
        parentPath = parent.path;
      }
      const [row]: UnitRow[] = await em.query(
        `WITH next AS (SELECT nextval('units_label_seq') AS label)
         INSERT INTO units (label, name, short_name, kind, parent_id, path, symbol_style)
         SELECT next.label, $1, $2, $3, $4, COALESCE($5::ltree, ''::ltree) || next.label::text::ltree, $6 FROM next
         RETURNING ${UNIT_READ}`,
        [dto.name, dto.shortName, dto.kind, dto.parentId, parentPath, dto.symbolStyle],
      );
      return UnitDto.from(row);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUnitDto): Promise<UnitDto> {
    return this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock_shared($1)', [TREE_LOCK]);
      const unit = await this.manageable(actor, id, em);
      if (dto.kind !== undefined) await this.assertKind(em, dto.kind);
      if (dto.active === false && unit.active) {
        const [{ count }] = await em.query(`SELECT count(*)::int AS count FROM units WHERE parent_id = $1 AND active`, [id]);
        if (count > 0) throw DomainError.conflict('Deactivate the active units below it first', { reason: 'HAS_ACTIVE_CHILDREN', activeChildren: count });
      }
      if (dto.active === true && !unit.active && unit.parentId) {
        const parent = await this.find(unit.parentId, em);
        if (!parent?.active) throw DomainError.conflict('The parent unit is deactivated', { reason: 'PARENT_INACTIVE' });
      }
      const [rows]: [UnitRow[]] = await em.query(
        `UPDATE units SET name = COALESCE($2, name), short_name = COALESCE($3, short_name), kind = COALESCE($4, kind),
           symbol_style = COALESCE($5, symbol_style), active = COALESCE($6, active), updated_at = now()
         WHERE id = $1 RETURNING ${UNIT_READ}`,
        [id, dto.name ?? null, dto.shortName ?? null, dto.kind ?? null, dto.symbolStyle ?? null, dto.active ?? null],
      );
      return UnitDto.from(rows[0]);
    });
  }

  /** Re-parents a unit with its whole branch; refuses a parent inside the branch (a cycle). */
  async move(actor: Actor, id: string, dto: MoveUnitDto): Promise<UnitDto> {
    const moved = await this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK]);
      const unit = await this.manageable(actor, id, em);
      let parentPath = '';
      if (dto.parentId === null) {
        if (!actor.canEverywhere(Permission.UnitManage)) throw DomainError.forbidden('Only an organisation-wide admin may make a unit top-level');
      } else {
        const parent = await this.manageable(actor, dto.parentId, em, 'Parent unit');
        if (parent.path === unit.path || parent.path.startsWith(`${unit.path}.`)) {
          throw DomainError.conflict('A unit cannot move under itself or its own descendant', { reason: 'CYCLE' });
        }
        if (!parent.active && unit.active) throw DomainError.conflict('The parent unit is deactivated', { reason: 'PARENT_INACTIVE' });
        parentPath = parent.path;
      }
      await em.query(
        `UPDATE units SET path = $2::ltree || subpath(path, nlevel($1::ltree) - 1), updated_at = now()
         WHERE path <@ $1::ltree`,
        [unit.path, parentPath],
      );
      await em.query(`UPDATE units SET parent_id = $2 WHERE id = $1`, [id, dto.parentId]);
      return UnitDto.from((await this.find(id, em))!);
    });
    // Paths are part of every actor holding a role in the branch.
    this.actors.changed('all');
    return moved;
  }

  private async find(id: string, manager: EntityManager): Promise<UnitRow | undefined> {
    const [row]: UnitRow[] = await manager.query(`SELECT ${UNIT_READ} FROM units WHERE id = $1`, [id]);
    return row;
  }

  /** The highest paths the caller may read under (none nested in another), or null for everywhere. */
  private scopePaths(actor: Actor): string[] | null {
    const scope = actor.scopeRoots(Permission.UnitRead);
    if (!scope) return null;
    const paths = [...scope.subtrees];
    return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}.`)));
  }

  /** Visible and manageable, or NOT_FOUND / FORBIDDEN. */
  private async manageable(actor: Actor, id: string, em: EntityManager, what = 'Unit'): Promise<UnitRow> {
    const unit = await this.find(id, em);
    if (!unit || !actor.can(Permission.UnitRead, unit)) throw DomainError.notFound(what);
    if (!actor.can(Permission.UnitManage, unit)) throw DomainError.forbidden('Your roles do not let you manage this unit');
    return unit;
  }

  private async assertKind(em: EntityManager, kind: string): Promise<void> {
    const [row] = await em.query('SELECT 1 FROM unit_kinds WHERE code = $1', [kind]);
    if (!row) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Unknown unit kind', [{ field: 'kind', messages: [`no unit kind '${kind}'`] }]);
  }
}
