/**
 * The cascade view as main first built it, kept as the benchmark's baseline and the tests'
 * reference for the rules the SQL in libs/delegation/src/cascade.repository.ts computes:
 * every row of the cascade read into Node in one range, then the tree, figures and totals
 * built in memory.
 */
import type pg from 'pg';

/** Indicator code → value, as reports hold them. */
export type Indicators = Record<string, number>;

/** One tracked assignment of the cascade as the range query reads it, depth-first by cascade path. */
export interface CascadeRow {
  id: string;
  /** The cascade path, the flat form's cursor. */
  path: string;
  /** 1 for the plan's own assignments, 2 for those of their implementing plans, … */
  depth: number;
  planId: string;
  parentAssignmentId: string | null;
  state: string;
  overdue: boolean;
  dueOn: string | null;
  unitId: string;
  unitName: string;
  unitShortName: string;
  unitKind: string;
  childPlanId: string | null;
  childPlanState: string | null;
  childPlanNumber: string | null;
  reportId: string | null;
  reportState: string | null;
  /** The indicators of the report when it is accepted, else null. */
  accepted: Indicators | null;
  /** The caller may see this assignment's unit: where a branch view starts. */
  visible: boolean;
}

export interface CascadeFilter {
  /** Only overdue nodes (and the path to them). */
  overdue?: boolean;
  /** Only nodes whose unit is of this kind (and the path to them). */
  unitKind?: string;
  /** Nodes deeper than this are not listed (their figures still count above them). */
  maxDepth?: number;
  /** List only below this node (an assignment id); `maxDepth` then counts from it. */
  under?: string;
}

export interface CascadeNode {
  row: CascadeRow;
  parent: CascadeNode | null;
  children: CascadeNode[];
  /** The branch's figures: see `buildCascade`. */
  indicators: Indicators;
  /** Matches every filter given. */
  matches: boolean;
  /** Its children the filters list, whatever `maxDepth` cuts. */
  childCount: number;
}

export interface CascadeTotals {
  nodes: number;
  byState: Record<string, number>;
  overdue: number;
  indicators: Indicators;
}

export interface Cascade {
  /** The listed nodes with no listed parent, each with its listed children. */
  roots: CascadeNode[];
  /** Every listed node, depth-first. */
  listed: CascadeNode[];
  /** Over every node the caller sees, whatever the filters. */
  totals: CascadeTotals;
}

function add(into: Indicators, values: Indicators): void {
  for (const code in values) into[code] = (into[code] ?? 0) + values[code];
}

/**
 * Builds the cascade under a plan from its rows, depth-first by cascade path.
 *
 * - **What belongs.** A node is in the cascade when its plan is the implementing plan in
 *   force of its parent node (`childPlanId`); the rows of an implementing plan since
 *   withdrawn or superseded by an amendment, and everything below them, are not (an
 *   amendment's carried-over assignments are the same rows, on the amendment).
 * - **Figures, the reports lib's roll-up rule.** A unit's accepted report already holds its
 *   whole branch (its roll-up summed its children's accepted reports, and the unit added its
 *   own work), so a node's figures are its accepted report's indicators, and nothing from
 *   below it is added again; a node with no accepted report shows the sum of its children's
 *   figures, i.e. what has been accepted below it so far. A submitted or returned report
 *   counts nothing yet, as in a roll-up. The root totals add the figures of the top nodes.
 * - **Scope.** With `whole` false the caller sees only the nodes of units it reaches
 *   (`visible`) and everything under them: an assignee sees the part under its own
 *   assignment, never another branch.
 * - **Filters** choose what is listed: the nodes that match and the path to them, no
 *   deeper than `maxDepth` (counted from the node `under` names, when given, and only below
 *   it). They never change the figures or the totals.
 */
export function buildCascade(rows: readonly CascadeRow[], whole: boolean, filter: CascadeFilter = {}): Cascade {
  const nodes: CascadeNode[] = [];
  // The open path: open[d - 1] is the last row read at depth d, whether it belongs, and its node if the caller sees it.
  const open: { row: CascadeRow; belongs: boolean; node: CascadeNode | null }[] = [];
  const filtering = filter.overdue === true || filter.unitKind !== undefined;
  for (const row of rows) {
    open.length = row.depth - 1;
    const above = row.depth === 1 ? undefined : open[row.depth - 2];
    const belongs = row.depth === 1 || (above !== undefined && above.belongs && above.row.childPlanId === row.planId);
    const parent = above?.node ?? null;
    let node: CascadeNode | null = null;
    if (belongs && (whole || row.visible || parent !== null)) {
      node = {
        row,
        parent,
        children: [],
        indicators: {},
        childCount: 0,
        matches: (filter.overdue !== true || row.overdue) && (filter.unitKind === undefined || row.unitKind === filter.unitKind),
      };
      parent?.children.push(node);
      nodes.push(node);
    }
    open.push({ row, belongs, node });
  }

  const totals: CascadeTotals = { nodes: nodes.length, byState: {}, overdue: 0, indicators: {} };
  // Bottom-up: children come after their parent, so a reverse pass sees them first.
  const childSums = new Map<CascadeNode, Indicators>();
  const listedBelow = new Set<CascadeNode>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    node.indicators = node.row.accepted ? { ...node.row.accepted } : (childSums.get(node) ?? {});
    if (node.parent) {
      const sum = childSums.get(node.parent) ?? {};
      add(sum, node.indicators);
      childSums.set(node.parent, sum);
    } else {
      add(totals.indicators, node.indicators);
    }
    totals.byState[node.row.state] = (totals.byState[node.row.state] ?? 0) + 1;
    if (node.row.overdue) totals.overdue++;
    if (!filtering || node.matches || listedBelow.has(node)) {
      if (node.parent) listedBelow.add(node.parent);
      listedBelow.add(node);
    }
  }

  for (const node of listedBelow) if (node.parent) node.parent.childCount += 1;
  const anchor = filter.under === undefined ? undefined : nodes.find((n) => n.row.id === filter.under);
  const below = (n: CascadeNode) => anchor === undefined || (n.row.path.startsWith(`${anchor.row.path}.`));
  const maxDepth = (anchor?.row.depth ?? 0) + (filter.maxDepth ?? Number.POSITIVE_INFINITY);
  const listed = filter.under !== undefined && anchor === undefined ? [] : nodes.filter((n) => listedBelow.has(n) && below(n) && n.row.depth <= maxDepth);
  // A listed node's parent is listed too (it is on the path to it, one level up), so the roots are the listed nodes with no parent.
  const keep = new Set(listed);
  for (const node of listed) node.children = node.children.filter((c) => keep.has(c));
  return { roots: listed.filter((n) => n.parent === (anchor ?? null)), listed, totals };
}

/** Every node under the plan in one range read, depth-first, with each accepted report's indicators (the whole scope: all visible). */
const NODES = `
  WITH top AS (SELECT cascade_path AS path FROM plan_assignments WHERE plan_id = $1 AND state IS NOT NULL)
  SELECT a.id, a.cascade_path::text AS path, nlevel(a.cascade_path) - nlevel(top.path) + 1 AS depth, a.plan_id AS "planId",
         a.parent_assignment_id AS "parentAssignmentId", a.state, a.overdue, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
         u.id AS "unitId", u.name AS "unitName", u.short_name AS "unitShortName", u.kind AS "unitKind",
         c.id AS "childPlanId", c.state AS "childPlanState", c.number_and_symbol AS "childPlanNumber",
         r.id AS "reportId", r.state AS "reportState",
         CASE WHEN r.state = 'accepted' THEN (SELECT coalesce(json_object_agg(ri.indicator_code, ri.value::float8), '{}')
                                              FROM report_indicators ri WHERE ri.report_id = r.id) END AS accepted,
         true AS visible
  FROM top
  JOIN plan_assignments a ON a.cascade_path >= top.path AND a.cascade_path < (top.path::text || '0')::ltree
  JOIN units u ON u.id = a.assignee_unit_id
  LEFT JOIN plans c ON c.source_assignment_id = a.id AND c.state NOT IN ('discarded', 'withdrawn', 'superseded')
  LEFT JOIN reports r ON r.assignment_id = a.id
  ORDER BY a.cascade_path`;

/** The baseline: the whole cascade read into Node and built there, as the issuing side sees it. */
export async function readInMemory(client: pg.Client, planId: string, filter: CascadeFilter = {}): Promise<Cascade> {
  const { rows } = await client.query<CascadeRow>(NODES, [planId]);
  return buildCascade(rows, true, filter);
}
