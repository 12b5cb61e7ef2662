import type pg from 'pg';
import { utcText } from '@app/core';
import { UNIT_COLUMNS } from '@app/org';

/**
 * The tree representations compared by the benchmark, driven through the raw `pg` driver.
 * Every read does what the service does: look the unit up by id (the access check needs it),
 * then one query; every move runs in a transaction under the same advisory lock.
 */
export interface RawRepresentation {
  name: string;
  /** One page of the unit's subtree (the unit included); `cursor` is the last key of the previous page. */
  subtreePage(id: string, limit: number, cursor: string | null): Promise<{ rows: number; cursor: string | null }>;
  ancestors(id: string): Promise<number>;
  move(id: string, parentId: string): Promise<void>;
}

const TREE_LOCK = 7_140_001;
const ALT_COLUMNS = UNIT_COLUMNS.replace('path::text AS path', 'path_text AS path');
const ALT_COLUMNS_U = `u.id, u.name, u.short_name AS "shortName", u.kind, u.parent_id AS "parentId",
  u.path_text AS path, u.depth, u.symbol_style AS "symbolStyle", u.active, ${utcText('u.created_at')} AS "createdAt", ${utcText('u.updated_at')} AS "updatedAt"`;

interface Row {
  id: string;
  path: string;
  depth: number;
  label: string;
}

async function one(client: pg.ClientBase, sql: string, id: string): Promise<Row> {
  const { rows } = await client.query<Row>(sql, [id]);
  if (!rows[0]) throw new Error(`no unit ${id}`);
  return rows[0];
}

async function inTransaction(client: pg.ClientBase, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK]);
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * UnitsService's subtree query: a key range of the btree on the ltree column (see its comment);
 * without its `hasChildren` probe, which would cost every representation the same.
 */
export const LTREE_SUBTREE_SQL = `SELECT ${UNIT_COLUMNS} FROM units
       WHERE units.path >= $1::ltree AND units.path < ($1::text || '0')::ltree AND ($3::ltree IS NULL OR units.path > $3::ltree)
       ORDER BY units.path LIMIT $2`;

/**
 * The service's first subtree query, kept as the baseline: `<@` finds the subtree through the
 * GiST index, and the bare `ORDER BY path` names the output column `path::text AS path`, so
 * every row of the subtree is sorted before the page is cut.
 */
export const LTREE_SUBTREE_CONTAINMENT_SQL = `SELECT ${UNIT_COLUMNS} FROM units WHERE path <@ $1::ltree AND ($3::ltree IS NULL OR path > $3::ltree)
       ORDER BY path LIMIT $2`;

export const LTREE_ANCESTORS_SQL = `SELECT ${UNIT_COLUMNS} FROM units
       WHERE label = ANY(string_to_array($1, '.')::bigint[]) AND id <> $2 ORDER BY depth`;

/** The SQL of UnitsService on the real `units` table: the like-for-like baseline. */
export function ltreeRaw(client: pg.ClientBase, variant: 'service' | 'containment' = 'service'): RawRepresentation {
  const find = `SELECT ${UNIT_COLUMNS} FROM units WHERE id = $1`;
  const subtree = variant === 'service' ? LTREE_SUBTREE_SQL : LTREE_SUBTREE_CONTAINMENT_SQL;
  return {
    name: variant === 'service' ? 'ltree (raw SQL)' : 'ltree <@ (before)',
    async subtreePage(id, limit, cursor) {
      const unit = await one(client, find, id);
      const { rows } = await client.query<Row>(subtree, [unit.path, limit + 1, cursor]);
      const more = rows.length > limit;
      return { rows: more ? limit : rows.length, cursor: more ? rows[limit - 1].path : null };
    },
    async ancestors(id) {
      const unit = await one(client, find, id);
      const { rows } = await client.query(LTREE_ANCESTORS_SQL, [unit.path, id]);
      return rows.length;
    },
    async move(id, parentId) {
      await inTransaction(client, async () => {
        const unit = await one(client, find, id);
        const parent = await one(client, find, parentId);
        if (parent.path === unit.path || parent.path.startsWith(`${unit.path}.`)) throw new Error('cycle');
        await client.query(
          `UPDATE units SET path = $2::ltree || subpath(path, nlevel($1::ltree) - 1), updated_at = now() WHERE path <@ $1::ltree`,
          [unit.path, parent.path],
        );
        await client.query('UPDATE units SET parent_id = $2 WHERE id = $1', [id, parentId]);
        await one(client, find, id);
      });
    },
  };
}

/**
 * Builds the scratch schema `bench_alt`: a copy of `units` (same rows, same physical order)
 * with the path as plain text in the "C" collation, and the closure table of the same tree.
 */
export async function buildAlternatives(client: pg.ClientBase): Promise<{ copyMs: number; closureMs: number; closureRows: number }> {
  let start = performance.now();
  await client.query('DROP SCHEMA IF EXISTS bench_alt CASCADE');
  await client.query('CREATE SCHEMA bench_alt');
  await client.query(`
    CREATE TABLE bench_alt.units (
      id uuid PRIMARY KEY,
      label bigint NOT NULL UNIQUE,
      name text NOT NULL,
      short_name text NOT NULL,
      kind text NOT NULL,
      parent_id uuid,
      path_text text COLLATE "C" NOT NULL,
      depth integer NOT NULL,
      symbol_style text NOT NULL,
      active boolean NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
  await client.query(`
    INSERT INTO bench_alt.units
    SELECT id, label, name, short_name, kind, parent_id, path::text, depth, symbol_style, active, created_at, updated_at FROM units`);
  // A "C" btree is what text_pattern_ops is under another collation, and it also serves ORDER BY.
  await client.query('CREATE UNIQUE INDEX units_path_text_key ON bench_alt.units (path_text)');
  await client.query('CREATE INDEX units_children_idx ON bench_alt.units (parent_id, name, id)');
  await client.query('VACUUM ANALYZE bench_alt.units');
  const copyMs = performance.now() - start;

  start = performance.now();
  await client.query(`CREATE TABLE bench_alt.unit_closure (ancestor_id uuid NOT NULL, descendant_id uuid NOT NULL, depth integer NOT NULL)`);
  const { rowCount } = await client.query(`
    INSERT INTO bench_alt.unit_closure (ancestor_id, descendant_id, depth)
    SELECT a.id, d.id, d.depth - a.depth
    FROM bench_alt.units d
    CROSS JOIN LATERAL unnest(string_to_array(d.path_text, '.')::bigint[]) AS l(label)
    JOIN bench_alt.units a ON a.label = l.label`);
  await client.query('ALTER TABLE bench_alt.unit_closure ADD PRIMARY KEY (ancestor_id, descendant_id)');
  await client.query('CREATE INDEX unit_closure_descendant_idx ON bench_alt.unit_closure (descendant_id, depth)');
  await client.query('VACUUM ANALYZE bench_alt.unit_closure');
  return { copyMs, closureMs: performance.now() - start, closureRows: rowCount ?? 0 };
}

export async function dropAlternatives(client: pg.ClientBase): Promise<void> {
  await client.query('DROP SCHEMA IF EXISTS bench_alt CASCADE');
}

const ALT_FIND = `SELECT ${ALT_COLUMNS} FROM bench_alt.units WHERE id = $1`;

/**
 * Closure table, at its best: the subtree is paged by descendant id straight off the primary
 * key (an arbitrary order: a depth-first order would need a path again).
 */
export function closureTable(client: pg.ClientBase): RawRepresentation {
  return {
    name: 'closure table',
    async subtreePage(id, limit, cursor) {
      await one(client, ALT_FIND, id);
      const { rows } = await client.query<Row>(
        `SELECT ${ALT_COLUMNS_U} FROM bench_alt.unit_closure c JOIN bench_alt.units u ON u.id = c.descendant_id
         WHERE c.ancestor_id = $1 AND ($3::uuid IS NULL OR c.descendant_id > $3::uuid)
         ORDER BY c.descendant_id LIMIT $2`,
        [id, limit + 1, cursor],
      );
      const more = rows.length > limit;
      return { rows: more ? limit : rows.length, cursor: more ? rows[limit - 1].id : null };
    },
    async ancestors(id) {
      await one(client, ALT_FIND, id);
      const { rows } = await client.query(
        `SELECT ${ALT_COLUMNS_U} FROM bench_alt.unit_closure c JOIN bench_alt.units u ON u.id = c.ancestor_id
         WHERE c.descendant_id = $1 AND c.depth > 0 ORDER BY c.depth DESC`,
        [id],
      );
      return rows.length;
    },
    async move(id, parentId) {
      await inTransaction(client, async () => {
        const unit = await one(client, ALT_FIND, id);
        const parent = await one(client, ALT_FIND, parentId);
        const cycle = await client.query('SELECT 1 FROM bench_alt.unit_closure WHERE ancestor_id = $1 AND descendant_id = $2', [id, parentId]);
        if (cycle.rowCount) throw new Error('cycle');
        // links from the branch's old ancestors (not the branch itself) to everything in the branch
        await client.query(
          `DELETE FROM bench_alt.unit_closure c USING bench_alt.unit_closure sub, bench_alt.unit_closure sup
           WHERE sub.ancestor_id = $1 AND c.descendant_id = sub.descendant_id
             AND sup.descendant_id = $1 AND sup.depth > 0 AND c.ancestor_id = sup.ancestor_id`,
          [id],
        );
        await client.query(
          `INSERT INTO bench_alt.unit_closure (ancestor_id, descendant_id, depth)
           SELECT sup.ancestor_id, sub.descendant_id, sup.depth + sub.depth + 1
           FROM bench_alt.unit_closure sup CROSS JOIN bench_alt.unit_closure sub
           WHERE sup.descendant_id = $2 AND sub.ancestor_id = $1`,
          [id, parentId],
        );
        const delta = parent.depth + 1 - unit.depth;
        if (delta !== 0) {
          await client.query(
            `UPDATE bench_alt.units SET depth = depth + $2 WHERE id IN (SELECT descendant_id FROM bench_alt.unit_closure WHERE ancestor_id = $1)`,
            [id, delta],
          );
        }
        await client.query('UPDATE bench_alt.units SET parent_id = $2, updated_at = now() WHERE id = $1', [id, parentId]);
        await one(client, ALT_FIND, id);
      });
    },
  };
}

/**
 * Plain text materialised path in a "C"-collated column with a btree: the subtree is the key
 * range [path, path || '/'), i.e. the unit and `path LIKE 'path.%'` ('/' follows '.'), read in order.
 */
export function textPath(client: pg.ClientBase): RawRepresentation {
  return {
    name: 'text path',
    async subtreePage(id, limit, cursor) {
      const unit = await one(client, ALT_FIND, id);
      const { rows } = await client.query<Row>(
        `SELECT ${ALT_COLUMNS} FROM bench_alt.units
         WHERE path_text >= $1 AND path_text < $1 || '/' AND ($3::text IS NULL OR path_text > $3)
         ORDER BY path_text LIMIT $2`,
        [unit.path, limit + 1, cursor],
      );
      const more = rows.length > limit;
      return { rows: more ? limit : rows.length, cursor: more ? rows[limit - 1].path : null };
    },
    async ancestors(id) {
      const unit = await one(client, ALT_FIND, id);
      const { rows } = await client.query(
        `SELECT ${ALT_COLUMNS} FROM bench_alt.units WHERE label = ANY(string_to_array($1, '.')::bigint[]) AND id <> $2 ORDER BY depth`,
        [unit.path, id],
      );
      return rows.length;
    },
    async move(id, parentId) {
      await inTransaction(client, async () => {
        const unit = await one(client, ALT_FIND, id);
        const parent = await one(client, ALT_FIND, parentId);
        if (parent.path === unit.path || parent.path.startsWith(`${unit.path}.`)) throw new Error('cycle');
        await client.query(
          `UPDATE bench_alt.units SET path_text = $2 || substr(path_text, length($1) + 1), depth = depth + $3, updated_at = now()
           WHERE path_text >= $1 AND path_text < $1 || '/'`,
          [unit.path, `${parent.path}.${unit.label}`, parent.depth + 1 - unit.depth],
        );
        await client.query('UPDATE bench_alt.units SET parent_id = $2 WHERE id = $1', [id, parentId]);
        await one(client, ALT_FIND, id);
      });
    },
  };
}

/** Index and table sizes, for the storage line of the comparison. */
export async function storage(client: pg.ClientBase): Promise<{ ltreeIndexes: number; textIndex: number; closure: number }> {
  const { rows } = await client.query<{ ltree: string; text: string; closure: string }>(`
    SELECT pg_relation_size('units_path_key') + pg_relation_size('units_path_gist') AS ltree,
           pg_relation_size('bench_alt.units_path_text_key') AS text,
           pg_total_relation_size('bench_alt.unit_closure') AS closure`);
  return { ltreeIndexes: Number(rows[0].ltree), textIndex: Number(rows[0].text), closure: Number(rows[0].closure) };
}
