import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CascadeRow } from './cascade-tree.js';

/** Where the plan's cascade is read from, and who may read all of it. */
export interface CascadePlace {
  id: string;
  title: string;
  numberAndSymbol: string | null;
  state: string;
  issuerUnitId: string;
  issuerUnitName: string;
  issuerPath: string;
  collectorUnitId: string | null;
  collectorPath: string | null;
}

/**
 * Every node under the plan in one statement: the plan's own tracked assignments, then for
 * each the btree range [path, path || '0') of `plan_assignments_cascade_path_key`, which holds
 * its whole branch at every level, depth-first. The implementing plan in force is the one the
 * unique index `plans_one_child_per_assignment` allows; a report is read with its
 * indicators only when accepted (what the figures use). `visible`: the caller reaches the
 * assignee unit ($2: everyone does).
 */
const NODES = `
  WITH top AS (SELECT cascade_path AS path FROM plan_assignments WHERE plan_id = $1 AND state IS NOT NULL)
  SELECT a.id, a.cascade_path::text AS path, nlevel(a.cascade_path) - nlevel(top.path) + 1 AS depth, a.plan_id AS "planId",
         a.parent_assignment_id AS "parentAssignmentId", a.state, a.overdue, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
         u.id AS "unitId", u.name AS "unitName", u.short_name AS "unitShortName", u.kind AS "unitKind",
         c.id AS "childPlanId", c.state AS "childPlanState", c.number_and_symbol AS "childPlanNumber",
         r.id AS "reportId", r.state AS "reportState",
         CASE WHEN r.state = 'accepted' THEN (SELECT coalesce(json_object_agg(ri.indicator_code, ri.value::float8), '{}')
                                              FROM report_indicators ri WHERE ri.report_id = r.id) END AS accepted,
         ($2::boolean OR u.path <@ ANY($3::ltree[]) OR u.id = ANY($4::uuid[])) AS visible
  FROM top
  JOIN plan_assignments a ON a.cascade_path >= top.path AND a.cascade_path < (top.path::text || '0')::ltree
  JOIN units u ON u.id = a.assignee_unit_id
  LEFT JOIN plans c ON c.source_assignment_id = a.id AND c.state NOT IN ('discarded', 'withdrawn', 'superseded')
  LEFT JOIN reports r ON r.assignment_id = a.id
  ORDER BY a.cascade_path`;

@Injectable()
export class CascadeRepository {
  async place(tx: EntityManager, planId: string): Promise<CascadePlace | undefined> {
    const [row]: CascadePlace[] = await tx.query(
      `SELECT p.id, p.title, p.number_and_symbol AS "numberAndSymbol", p.state, p.issuer_unit_id AS "issuerUnitId", iu.name AS "issuerUnitName",
              iu.path::text AS "issuerPath", p.report_collector_unit_id AS "collectorUnitId", cu.path::text AS "collectorPath"
       FROM plans p JOIN units iu ON iu.id = p.issuer_unit_id LEFT JOIN units cu ON cu.id = p.report_collector_unit_id
       WHERE p.id = $1`,
      [planId],
    );
    return row;
  }

  /** The nodes, depth-first; `scope` null: the caller sees every unit, else the subtrees and single units it reaches. */
  nodes(tx: EntityManager, planId: string, scope: { subtrees: string[]; units: string[] } | null): Promise<CascadeRow[]> {
    return tx.query(NODES, [planId, scope === null, scope?.subtrees ?? [], scope?.units ?? []]);
  }

  async unitKindExists(tx: EntityManager, code: string): Promise<boolean> {
    return (await tx.query('SELECT 1 FROM unit_kinds WHERE code = $1', [code])).length > 0;
  }
}
