import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { handedFromJoin, issuedBySql, vietnamDay } from '@app/org';
import { reportDay, reportedOn } from './report-day.js';

/** Indicator code → value, as reports hold them. */
export type Indicators = Record<string, number>;

/** Where the plan's cascade is read from, and who may read all of it. */
export interface CascadePlace {
  id: string;
  title: string;
  numberAndSymbol: string | null;
  state: string;
  issuerUnitId: string;
  issuerUnitName: string;
  issuedBy: { unitId: string; unitName: string | null } | null;
  issuerPath: string;
  collectorUnitId: string | null;
  collectorPath: string | null;
}

export interface CascadeFilter {
  /** Only overdue nodes (and the path to them). */
  overdue?: boolean;
  /** Only nodes whose unit is of this kind (and the path to them). */
  unitKind?: string;
  /** Nodes deeper than this are not listed (their figures still count above them). */
  maxDepth?: number;
  /** Only nodes whose unit's folded name or short name holds this (and the path to them). */
  unitName?: string;
  /** List only below this node (an assignment id); `maxDepth` then counts from it. */
  under?: string;
}

export interface CascadeTotals {
  nodes: number;
  byState: Record<string, number>;
  overdue: number;
  indicators: Indicators;
}

/** Nodes of one (state, due date, report day) combination: what a deadline status is computed from. */
export interface CascadeDeadlineGroup {
  state: string;
  dueOn: string | null;
  doneOn: string | null;
  n: number;
}

/** A listed node, as the statement builds it (the API's node plus its path and the node above it). */
export interface CascadeListedNode {
  id: string;
  /** The cascade path, the flat form's cursor. */
  path: string;
  depth: number;
  /** The listed node above; null at the top of what the caller sees. */
  parentId: string | null;
  parentAssignmentId: string | null;
  unit: { id: string; name: string; shortName: string; kind: string };
  /** The assignee as the plan assigned it, named as on the day of issue. */
  assigneeAtIssue: { unitId: string; unitName: string | null };
  state: string;
  overdue: boolean;
  dueOn: string | null;
  /** The day its report was submitted, in Vietnam (what its deadline status needs). */
  reportedOn: string | null;
  childPlan: { id: string; state: string; numberAndSymbol: string | null } | null;
  report: { id: string; state: string } | null;
  indicators: Indicators;
  matches: boolean;
  /** Its children that the filters list, whether or not `maxDepth` or the slice lists them. */
  childCount: number;
}

export interface CascadeRead {
  totals: CascadeTotals;
  /** Every node the caller sees, grouped for their deadline statuses. */
  deadlines: CascadeDeadlineGroup[];
  /** Depth-first. */
  nodes: CascadeListedNode[];
  /** With `under`: whether that node is in what the caller sees (else nothing is listed). */
  anchored: boolean;
}

/** `null`: the caller sees every unit; else the subtrees and single units it reaches. */
export type CascadeScopeRoots = { subtrees: string[]; units: string[] } | null;

/** A page of the flat form: the listed nodes after `after` (a path), at most `limit`. */
export interface CascadeSlice {
  after?: string;
  limit: number;
}

const NOT_IN_FORCE = `('discarded', 'withdrawn', 'superseded')`;
/** Paths are 12-digit labels joined by '.', so byte order of their text is the depth-first order of the ltree. */
const TEXT = (path: string) => `(${path}::text COLLATE "C")`;
/** The furthest range end among the rows before this one in path order: the row lies in an earlier row's range when it is past this row. */
const COVER = (path: string, partition?: string) =>
  `max(${TEXT(path)} || '0') OVER (${partition ? `PARTITION BY ${partition} ` : ''}ORDER BY ${TEXT(path)} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
const UNCOVERED = (path: string) => `(cover IS NULL OR cover <= ${TEXT(path)})`;
/**
 * The indicators of the accepted reports of `rows` (`id`). The aggregate keeps the lateral
 * subquery a per-row index probe, where a join would be planned as a scan of all reports.
 */
const INDICATORS_OF = (rows: string) => `
  SELECT x.id, i.code, i.value FROM ${rows} x
  CROSS JOIN LATERAL (
    SELECT array_agg(ri.indicator_code) AS codes, array_agg(ri.value) AS vals FROM reports r JOIN report_indicators ri ON ri.report_id = r.id
    WHERE r.assignment_id = x.id AND r.state = 'accepted') a
  CROSS JOIN LATERAL unnest(a.codes, a.vals) AS i(code, value)`;
const IN_RANGE = (row: string, root: string) => `${row} >= ${root} AND ${row} < (${root}::text || '0')::ltree`;

/**
 * The cascade view computed in PostgreSQL: one statement for the totals over every node the
 * caller sees and the listed nodes with their figures, a second for the listed nodes' details
 * (`DETAILS`). Nothing is read into Node but what is listed.
 *
 * - **Branches are ranges.** Each tracked assignment has a fixed `cascade_path`; its branch is
 *   the btree range [P, P || '0') of `plan_assignments_cascade_path_key`, which covers
 *   (id, state, overdue) so counting a branch reads the index alone.
 * - **What belongs** (the implementing plan in force of the node above): a row below the plan's
 *   own whose plan is no longer in force (discarded, withdrawn, superseded) is dead, and so is
 *   everything in its range. The unique index `plans_one_child_per_assignment` allows one plan in
 *   force per source assignment, so "its plan is in force" is "its plan is the one in force above
 *   it". Dead rows are few (found from the plans side), and `dead @> path` drops their ranges.
 * - **Scope.** The view is the union of the ranges of its roots: the plan's own rows for the
 *   issuing side; for an assignee, the rows of units it reaches that lie under no other such row.
 * - **Figures** (the reports lib's roll-up rule): an accepted report already holds its branch. A
 *   node's figure is the sum of the accepted rows of its range that no other accepted row of its
 *   range covers (itself alone when it is accepted); the totals' are the same over the whole
 *   view. "Not covered" is a running maximum of range ends in path order: a row lies in an
 *   earlier row's range exactly when that range ends after it (ranges nest or are disjoint).
 *   The assignment follows its report in the report step's transaction and both states are
 *   final, so `state = 'accepted'` finds the accepted reports.
 * - **Listing.** Nodes down to `maxDepth`; with a filter, the matching nodes and the path to
 *   them (their prefixes in the view); with `under`, only those strictly inside that node's range
 *   (`maxDepth` counting from it); with a slice, the next page in path order only. Each listed
 *   node's `childCount` counts the rows one level down whose prefix it is among the candidates
 *   (the view, or the matching rows when filtering), so it ignores `maxDepth` and the slice. A view
 *   root's figure is the frontier of the totals in its range; another listed node's uses the
 *   same running maximum partitioned by node, over the (listed node, accepted row below it)
 *   pairs found by prefix equality (a hash join, not a containment self-join).
 */
function statement(scope: CascadeScopeRoots, filter: CascadeFilter, slice: CascadeSlice | undefined, params: unknown[]): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  const plan = '$1';
  const filtering = filter.overdue === true || filter.unitKind !== undefined || filter.unitName !== undefined;
  const under = filter.under === undefined ? undefined : param(filter.under);
  // The level listing starts at, and the deepest listed (NULL: no limit).
  const firstLevel = under === undefined ? '(SELECT level FROM base)' : '(SELECT nlevel(path) + 1 FROM anchor)';
  const maxLevel = filter.maxDepth === undefined ? 'NULL' : `${firstLevel} + ${param(filter.maxDepth)}::int - 1`;
  // Unfiltered and cut by maxDepth: the view's rows one level further than listed, read in the listing's one pass, for the counts of children.
  const reach = !filtering && filter.maxDepth !== undefined;
  const inAnchor = (path: string) => (under === undefined ? 'true' : `${path} > (SELECT path FROM anchor) AND ${path} < ((SELECT path FROM anchor)::text || '0')::ltree`);
  const roots = scope === null
    ? `SELECT path FROM top`
    : `SELECT path FROM (
         SELECT a.cascade_path AS path, ${COVER('a.cascade_path')} AS cover
         FROM top JOIN plan_assignments a ON ${IN_RANGE('a.cascade_path', 'top.path')}
         WHERE a.assignee_unit_id IN (SELECT u.id FROM units u WHERE u.path <@ ANY(${param(scope.subtrees)}::ltree[]) OR u.id = ANY(${param(scope.units)}::uuid[]))
           AND NOT (SELECT paths FROM dead) @> a.cascade_path) seen
       WHERE ${UNCOVERED('path')}`;
  const matching = [
    filter.overdue === true ? 'v.overdue' : null,
    filter.unitKind !== undefined ? `EXISTS (SELECT 1 FROM plan_assignments a JOIN units u ON u.id = a.assignee_unit_id WHERE a.id = v.id AND u.kind = ${param(filter.unitKind)})` : null,
    filter.unitName !== undefined
      ? `EXISTS (SELECT 1 FROM plan_assignments a JOIN units u ON u.id = a.assignee_unit_id WHERE a.id = v.id
           AND fold_text(u.name || ' ' || u.short_name) LIKE fold_text(${param(`%${filter.unitName.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}))`
      : null,
  ].filter((c) => c !== null).join(' AND ');
  const listed = filtering
    ? `SELECT l.id, l.path, bool_or(k = nlevel(m.path)) AS matches
       FROM matched m CROSS JOIN LATERAL generate_series(${firstLevel}, least(nlevel(m.path), coalesce(${maxLevel}, nlevel(m.path)))) k
       JOIN v l ON ${TEXT('l.path')} = ${TEXT('subpath(m.path, 0, k)')}
       WHERE ${inAnchor('m.path')}
       GROUP BY l.id, l.path`
    : reach
      ? `SELECT id, path, true AS matches FROM reach WHERE nlevel(path) <= ${maxLevel}`
      : `SELECT v.id, v.path, true AS matches FROM v WHERE ${inAnchor('v.path')}`;
  // The shown nodes' children among the candidates (inside the shown nodes' ranges): the view's rows one level down (in `reach`,
  // or listed), or the prefixes one level down of matching rows. Another pass over the whole view would cost ~15 ms at 50,000 rows.
  const near = (path: string) => `${path} > (SELECT low FROM shown_span) AND ${path} < (SELECT high FROM shown_span)`;
  const kids = filtering
    ? `SELECT DISTINCT subpath(m.path, 0, p.level + 1) AS path FROM matched m JOIN parent_levels p ON nlevel(m.path) > p.level WHERE ${near('m.path')}`
    : `SELECT path FROM ${reach ? 'reach' : 'listed'} WHERE nlevel(path) - 1 IN (SELECT level FROM parent_levels) AND ${near('path')}`;
  const shown = slice === undefined
    ? 'SELECT * FROM listed'
    : `SELECT * FROM listed ${slice.after === undefined ? '' : `WHERE ${TEXT('path')} > ${param(slice.after)}`} ORDER BY path LIMIT ${param(slice.limit + 1)}`;
  return `
    WITH top AS (SELECT cascade_path AS path FROM plan_assignments WHERE plan_id = ${plan} AND state IS NOT NULL),
    base AS (SELECT min(nlevel(path)) AS level FROM top),
    dead AS (
      SELECT coalesce(array_agg(a.cascade_path), '{}') AS paths
      FROM plans p JOIN plan_assignments a ON a.plan_id = p.id AND a.state IS NOT NULL
      WHERE p.state IN ${NOT_IN_FORCE} AND p.source_assignment_id IS NOT NULL AND p.id <> ${plan}
        AND EXISTS (SELECT 1 FROM top WHERE a.cascade_path > top.path AND a.cascade_path < (top.path::text || '0')::ltree)),
    roots AS MATERIALIZED (${roots}),
    v AS MATERIALIZED (
      SELECT a.id, a.cascade_path AS path, a.state, a.overdue, a.due_on
      FROM roots JOIN plan_assignments a ON ${IN_RANGE('a.cascade_path', 'roots.path')}
      WHERE NOT (SELECT paths FROM dead) @> a.cascade_path),
    accepted AS MATERIALIZED (SELECT id, path FROM v WHERE state = 'accepted'),
    frontier AS MATERIALIZED (SELECT id, path FROM (SELECT id, path, ${COVER('path')} AS cover FROM accepted) f WHERE ${UNCOVERED('path')}),
    ${under === undefined ? '' : `anchor AS MATERIALIZED (SELECT path FROM v WHERE id = ${under}::uuid),`}
    ${filtering ? `matched AS MATERIALIZED (SELECT v.id, v.path FROM v WHERE ${matching}),` : ''}
    ${reach ? `reach AS MATERIALIZED (SELECT v.id, v.path FROM v WHERE nlevel(v.path) <= ${maxLevel} + 1 AND ${inAnchor('v.path')}),` : ''}
    listed AS MATERIALIZED (${listed}),
    shown AS MATERIALIZED (${shown}),
    parent_levels AS MATERIALIZED (SELECT DISTINCT nlevel(path) AS level FROM shown),
    -- Compared as ltree (label by label, as the text would sort): no text made per row.
    shown_span AS MATERIALIZED (
      SELECT (SELECT path FROM shown ORDER BY path LIMIT 1) AS low, (SELECT (path::text || '0')::ltree FROM shown ORDER BY 1 DESC LIMIT 1) AS high),
    child_counts AS (SELECT ${TEXT('subpath(path, 0, nlevel(path) - 1)')} AS parent, count(*)::int AS n FROM (${kids}) k GROUP BY 1),
    -- A root's figure is the sum of the frontier in its range (which gives the totals too); any other shown node's, of the accepted rows of its range none of its range covers.
    rooted AS (
      SELECT f.id, r.path AS node FROM frontier f
      CROSS JOIN LATERAL generate_series((SELECT min(nlevel(path)) FROM roots), nlevel(f.path)) k JOIN roots r ON ${TEXT('r.path')} = ${TEXT('subpath(f.path, 0, k)')}),
    inner_nodes AS MATERIALIZED (SELECT id, path FROM shown WHERE path NOT IN (SELECT path FROM roots)),
    levels AS (SELECT min(nlevel(path)) AS low, max(nlevel(path)) AS high FROM inner_nodes),
    pairs AS (
      SELECT s.path AS node, t.id, t.path, ${COVER('t.path', 's.id')} AS cover
      FROM accepted t CROSS JOIN levels CROSS JOIN LATERAL generate_series(levels.low, least(nlevel(t.path), levels.high)) k
      JOIN inner_nodes s ON ${TEXT('s.path')} = ${TEXT('subpath(t.path, 0, k)')}),
    contributions AS MATERIALIZED (SELECT node, id FROM rooted UNION ALL SELECT node, id FROM pairs WHERE ${UNCOVERED('path')}),
    reported AS MATERIALIZED (${INDICATORS_OF('(SELECT DISTINCT id FROM contributions)')}),
    node_sums AS MATERIALIZED (
      SELECT c.node, r.code, sum(r.value)::float8 AS value FROM contributions c JOIN reported r ON r.id = c.id GROUP BY 1, 2),
    figures AS (SELECT node, json_object_agg(code, value) AS indicators FROM node_sums GROUP BY node),
    counts AS (SELECT state, count(*) AS n, count(*) FILTER (WHERE overdue) AS overdue FROM v GROUP BY state),
    sums AS (SELECT code, sum(value) AS value FROM node_sums WHERE node IN (SELECT path FROM roots) GROUP BY code),
    -- Grouped on the dates themselves, formatted per group: formatting 51,000 rows' dates first took longer than the grouping.
    deadlines AS (
      SELECT state, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", to_char(done_on, 'YYYY-MM-DD') AS "doneOn", n FROM (
        SELECT v.state, v.due_on, ${reportDay('r')} AS done_on, count(*)::int AS n
        FROM v LEFT JOIN reports r ON r.assignment_id = v.id GROUP BY 1, 2, 3) g)
    SELECT
      json_build_object(
        'nodes', (SELECT coalesce(sum(n), 0) FROM counts),
        'byState', (SELECT coalesce(json_object_agg(state, n), '{}') FROM counts),
        'overdue', (SELECT coalesce(sum(overdue), 0) FROM counts),
        'indicators', (SELECT coalesce(json_object_agg(code, value), '{}') FROM sums)) AS totals,
      (SELECT coalesce(json_agg(d), '[]') FROM deadlines d) AS deadlines,
      (SELECT coalesce(json_agg(json_build_object(
         'id', s.id, 'path', s.path::text, 'depth', nlevel(s.path) - (SELECT level FROM base) + 1, 'root', s.path IN (SELECT path FROM roots),
         'indicators', coalesce(f.indicators, '{}'), 'matches', s.matches, 'childCount', coalesce(cc.n, 0)) ORDER BY ${TEXT('s.path')}), '[]')
       FROM shown s LEFT JOIN figures f ON f.node = s.path LEFT JOIN child_counts cc ON cc.parent = ${TEXT('s.path')}) AS nodes,
      ${under === undefined ? 'true' : 'EXISTS (SELECT 1 FROM anchor)'} AS anchored`;
}

/** The day the node's plan was issued (created, for a plan registered without a day). */
const ISSUE_DAY = `COALESCE(ap.issued_on, ${vietnamDay('ap.issued_at')}, ${vietnamDay('ap.created_at')})`;

/**
 * The details of the listed nodes, in their order: a second statement, so the planner sees how
 * many there are (the array's length) and probes indexes for a page or a summary, or joins
 * whole tables for a full tree, where estimates over the first statement's CTEs could not tell.
 */
const DETAILS = `
  SELECT a.id, a.parent_assignment_id AS "parentAssignmentId", a.state, a.overdue, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
         u.id AS "unitId", u.name AS "unitName", u.short_name AS "unitShortName", u.kind AS "unitKind",
         c.id AS "childPlanId", c.state AS "childPlanState", c.number_and_symbol AS "childPlanNumber",
         r.id AS "reportId", r.state AS "reportState", ${reportedOn('r')} AS "reportedOn", above.id AS "aboveId",
         COALESCE(handed.from_unit_id, a.assignee_unit_id) AS "atIssueUnitId", issued_as.name AS "atIssueUnitName"
  FROM unnest($1::uuid[]) WITH ORDINALITY x(id, n)
  JOIN plan_assignments a ON a.id = x.id JOIN units u ON u.id = a.assignee_unit_id JOIN plans ap ON ap.id = a.plan_id
  ${handedFromJoin('a.id', 'handed')}
  LEFT JOIN unit_periods issued_as ON issued_as.unit_id = COALESCE(handed.from_unit_id, a.assignee_unit_id)
    AND issued_as.valid_from <= ${ISSUE_DAY} AND ${ISSUE_DAY} <= issued_as.valid_to
  LEFT JOIN plan_assignments above ON nlevel(a.cascade_path) > 1 AND above.cascade_path = subpath(a.cascade_path, 0, nlevel(a.cascade_path) - 1)
  LEFT JOIN plans c ON c.source_assignment_id = a.id AND c.state NOT IN ${NOT_IN_FORCE}
  LEFT JOIN reports r ON r.assignment_id = a.id
  ORDER BY x.n`;

interface Details {
  id: string;
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
  reportedOn: string | null;
  aboveId: string | null;
  atIssueUnitId: string;
  atIssueUnitName: string | null;
}

type Listed = Pick<CascadeListedNode, 'id' | 'path' | 'depth' | 'indicators' | 'matches' | 'childCount'> & { root: boolean };

@Injectable()
export class CascadeRepository {
  async place(tx: EntityManager, planId: string): Promise<CascadePlace | undefined> {
    const [row]: CascadePlace[] = await tx.query(
      `SELECT p.id, p.title, p.number_and_symbol AS "numberAndSymbol", p.state, p.issuer_unit_id AS "issuerUnitId", iu.name AS "issuerUnitName",
              ${issuedBySql('p')} AS "issuedBy", iu.path::text AS "issuerPath", p.report_collector_unit_id AS "collectorUnitId", cu.path::text AS "collectorPath"
       FROM plans p JOIN units iu ON iu.id = p.issuer_unit_id LEFT JOIN units cu ON cu.id = p.report_collector_unit_id
       WHERE p.id = $1`,
      [planId],
    );
    return row;
  }

  /** The totals of what the caller sees, and the listed nodes (all of them, or one slice in path order). */
  async read(tx: EntityManager, planId: string, scope: CascadeScopeRoots, filter: CascadeFilter, slice?: CascadeSlice): Promise<CascadeRead> {
    const params: unknown[] = [planId];
    const sql = statement(scope, filter, slice, params);
    // One snapshot for both statements; 51,000 rows of the view held for several steps need more than the default 4 MB, else they spill to disk.
    return tx.transaction('REPEATABLE READ', async (t) => {
      await t.query(`SET LOCAL work_mem = '32MB'`);
      const [{ totals, deadlines, nodes, anchored }]: { totals: CascadeTotals; deadlines: CascadeDeadlineGroup[]; nodes: Listed[]; anchored: boolean }[] = await t.query(sql, params);
      const details: Details[] = await t.query(DETAILS, [nodes.map((n) => n.id)]);
      return {
        totals,
        deadlines,
        anchored,
        nodes: nodes.map((n, i) => {
          const d = details[i];
          return {
            id: n.id, path: n.path, depth: n.depth, parentId: n.root ? null : d.aboveId, parentAssignmentId: d.parentAssignmentId,
            unit: { id: d.unitId, name: d.unitName, shortName: d.unitShortName, kind: d.unitKind }, assigneeAtIssue: { unitId: d.atIssueUnitId, unitName: d.atIssueUnitName },
            state: d.state, overdue: d.overdue, dueOn: d.dueOn, reportedOn: d.reportedOn,
            childPlan: d.childPlanId === null ? null : { id: d.childPlanId, state: d.childPlanState!, numberAndSymbol: d.childPlanNumber },
            report: d.reportId === null ? null : { id: d.reportId, state: d.reportState! },
            indicators: n.indicators, matches: n.matches, childCount: n.childCount,
          };
        }),
      };
    });
  }

  async unitKindExists(tx: EntityManager, code: string): Promise<boolean> {
    return (await tx.query('SELECT 1 FROM unit_kinds WHERE code = $1', [code])).length > 0;
  }
}
