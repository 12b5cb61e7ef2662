import type pg from 'pg';

const LABEL = `text2ltree(lpad(nextval('plan_assignments_cascade_label_seq')::text, 12, '0'))`;

/**
 * Builds the cascade level by level, set-based: the units of level k, their assignments in
 * their parents' plans (cascade path = the parent's assignment path + a label), and, for
 * every non-leaf unit, its issued implementing plan. States follow a hash of the row, so
 * the mix is the same at every run. Under a new top unit, or under `rootUnitId` (an existing
 * unit, whose plan is then the root plan); plans are created by the user `creator`.
 */
export async function seedCascade(
  client: pg.Client,
  { fanOuts, kinds, creator, rootUnitId }: { fanOuts: number[]; kinds: string[]; creator: string; rootUnitId?: string },
): Promise<{ units: number; plans: number; reports: number; rootPlan: string; midPlan: string }> {
  const [{ id: user }] = (await client.query(`SELECT id FROM users WHERE username = $1`, [creator])).rows;
  await client.query(`CREATE TEMP TABLE lvl (unit_id uuid, path ltree, plan_id uuid, assignment_path ltree, depth int)`);
  if (rootUnitId) {
    await client.query(`INSERT INTO lvl SELECT id, path, NULL, NULL, 0 FROM units WHERE id = $1`, [rootUnitId]);
  } else {
    await client.query(`
      WITH l AS (SELECT nextval('units_label_seq') AS label),
           u AS (INSERT INTO units (label, name, short_name, kind, path, symbol_style)
                 SELECT label, 'Thành ủy (bench)', 'TU', 'party_committee', text2ltree(label::text), 'party' FROM l RETURNING id, path)
      INSERT INTO lvl SELECT u.id, u.path, NULL, NULL, 0 FROM u`);
  }
  for (let depth = 1; depth <= fanOuts.length; depth++) {
    const leaf = depth === fanOuts.length;
    // The parents' plans: issued, and moved on as far as their assignment in their own parent's plan.
    await client.query(
      `WITH p AS (
         INSERT INTO plans (issuer_unit_id, type, title, state, machine_version, created_by, number, number_and_symbol, issued_on, issued_at,
                            report_collector_unit_id, report_due_on, source_assignment_id)
         SELECT l.unit_id, 'KH', 'Kế hoạch thực hiện (bench)',
                (ARRAY['issued', 'implementing', 'implementing', 'reporting', 'reviewed'])[1 + (abs(hashtext(l.unit_id::text)) % 5)], 2, $2,
                1 + (abs(hashtext(l.unit_id::text)) % 90), (1 + (abs(hashtext(l.unit_id::text)) % 90)) || '-KH/ĐU', date '2026-01-10', now(),
                l.unit_id, date '2026-03-01', a.id
         FROM lvl l LEFT JOIN plan_assignments a ON a.cascade_path = l.assignment_path WHERE l.depth = $1 - 1
         RETURNING id, issuer_unit_id)
       UPDATE lvl SET plan_id = p.id FROM p WHERE lvl.unit_id = p.issuer_unit_id`,
      [depth, user],
    );
    await client.query(
      `WITH parent AS (SELECT * FROM lvl WHERE depth = $1 - 1),
            made AS (SELECT parent.*, g, nextval('units_label_seq') AS label FROM parent, generate_series(1, $2::int) g),
            u AS (INSERT INTO units (label, name, short_name, kind, parent_id, path, symbol_style)
                  SELECT label, 'Đơn vị ' || label, 'ĐU', $3, unit_id, path || text2ltree(label::text), 'party' FROM made
                  RETURNING id, parent_id, path)
       INSERT INTO lvl (unit_id, path, plan_id, assignment_path, depth)
       SELECT u.id, u.path, NULL, NULL, $1 FROM u`,
      [depth, fanOuts[depth - 1], kinds[depth - 1]],
    );
    // Every unit of this level is assigned by its parent's plan; states mixed by a hash.
    await client.query(
      `WITH parent AS (SELECT unit_id, plan_id, assignment_path FROM lvl WHERE depth = $1 - 1),
            made AS (
              SELECT l.unit_id, parent.plan_id, parent.assignment_path, row_number() OVER (PARTITION BY parent.plan_id ORDER BY l.path) AS position,
                     abs(hashtext(l.unit_id::text)) % 100 AS h
              FROM lvl l JOIN units u ON u.id = l.unit_id JOIN parent ON parent.unit_id = u.parent_id WHERE l.depth = $1),
            a AS (
              INSERT INTO plan_assignments (plan_id, position, assignee_unit_id, responsibilities, requires_own_plan, due_on, state, machine_version, version, overdue, cascade_path)
              SELECT plan_id, position, unit_id, '["Tuyên truyền, báo cáo kết quả"]', NOT $2, date '2026-02-01' + (h % 40), s.state, 2, 1,
                     s.state IN ('assigned', 'acknowledged', 'planning', 'implementing', 'returned') AND h % 7 = 0,
                     coalesce(assignment_path || ${LABEL}, ${LABEL})
              FROM made, LATERAL (SELECT CASE WHEN $2 THEN
                  (ARRAY['assigned', 'acknowledged', 'acknowledged', 'reported', 'reported', 'accepted', 'accepted', 'accepted', 'returned', 'waived'])[1 + h % 10]
                ELSE (ARRAY['implementing', 'implementing', 'implementing', 'reported', 'accepted', 'accepted'])[1 + h % 6] END AS state) s
              ORDER BY plan_id, position
              RETURNING assignee_unit_id, cascade_path)
       UPDATE lvl SET assignment_path = a.cascade_path FROM a WHERE lvl.unit_id = a.assignee_unit_id AND lvl.depth = $1`,
      [depth, leaf],
    );
  }
  // Reports: submitted for `reported`, accepted for `accepted`, returned for `returned`; three to five indicators each.
  await client.query(`
    WITH r AS (
      INSERT INTO reports (assignment_id, unit_id, state, machine_version, version, results, created_at, updated_at)
      SELECT a.id, a.assignee_unit_id, CASE a.state WHEN 'reported' THEN 'submitted' ELSE a.state END, 1, 2, 'Đã thực hiện.', now(), now()
      FROM plan_assignments a WHERE a.state IN ('reported', 'accepted', 'returned') AND a.cascade_path IS NOT NULL
      RETURNING id)
    INSERT INTO report_indicators (report_id, indicator_code, value)
    SELECT r.id, i.code, 1 + abs(hashtext(r.id::text || i.code)) % 500 FROM r
    JOIN indicators i ON abs(hashtext(r.id::text || i.code)) % 8 < 4`);
  await client.query('VACUUM ANALYZE');
  const counts = (await client.query(`
    SELECT (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM reports)::int AS reports,
           (SELECT plan_id FROM lvl WHERE depth = 0) AS "rootPlan",
           (SELECT plan_id FROM lvl WHERE depth = 1 ORDER BY path LIMIT 1) AS "midPlan"`)).rows[0];
  return counts;
}
