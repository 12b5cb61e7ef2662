import type pg from 'pg';

/** Kinds by depth, only for realism: nothing in the tree code depends on them. */
const KIND_BY_DEPTH = ['party_committee', 'party_committee', 'grassroots_committee', 'department', 'party_cell', 'party_cell'];

export interface BuiltTree {
  /** Units per depth, depth 1 first. */
  perDepth: number[];
  total: number;
  insertMs: number;
  analyseMs: number;
}

/**
 * Builds the tree set-based, one INSERT … SELECT per level, rows shaped exactly as
 * UnitsService.create makes them: label = nextval('units_label_seq'), path = parent.path || label.
 * Within a level the rows are inserted (and labelled) in random order, as units created over
 * years would be, so a subtree is not one contiguous run of heap pages.
 */
export async function buildTree(client: pg.ClientBase, fanOuts: number[]): Promise<BuiltTree> {
  const start = performance.now();
  await client.query('SELECT setseed(0.1764)');
  await client.query(
    `WITH next AS (SELECT nextval('units_label_seq') AS label)
     INSERT INTO units (label, name, short_name, kind, parent_id, path, symbol_style)
     SELECT label, 'Unit ' || label, 'U' || label, $1, NULL, label::text::ltree, 'party' FROM next, generate_series(1, $2)`,
    [KIND_BY_DEPTH[0], fanOuts[0]],
  );
  for (let depth = 2; depth <= fanOuts.length; depth++) {
    await client.query(
      `INSERT INTO units (label, name, short_name, kind, parent_id, path, symbol_style)
       SELECT s.label, 'Unit ' || s.label, 'U' || s.label, $1, s.parent_id, s.parent_path || s.label::text::ltree, 'party'
       FROM (SELECT nextval('units_label_seq') AS label, p.id AS parent_id, p.path AS parent_path
             FROM (SELECT u.id, u.path FROM units u CROSS JOIN generate_series(1, $2)
                   WHERE u.depth = $3 ORDER BY random()) p) s`,
      [KIND_BY_DEPTH[depth - 1] ?? 'party_cell', fanOuts[depth - 1], depth - 1],
    );
  }
  const insertMs = performance.now() - start;
  const analyseStart = performance.now();
  await client.query('VACUUM ANALYZE units');
  const analyseMs = performance.now() - analyseStart;
  const { rows } = await client.query<{ depth: number; count: number }>(
    'SELECT depth, count(*)::int AS count FROM units GROUP BY depth ORDER BY depth',
  );
  const perDepth = rows.map((r) => r.count);
  const [{ bad }] = (
    await client.query<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM units u LEFT JOIN units p ON p.id = u.parent_id
       WHERE u.path <> COALESCE(p.path, ''::ltree) || u.label::text::ltree`,
    )
  ).rows;
  if (bad > 0) throw new Error(`${bad} units have a path that is not parent.path || label`);
  return { perDepth, total: perDepth.reduce((a, b) => a + b, 0), insertMs, analyseMs };
}
