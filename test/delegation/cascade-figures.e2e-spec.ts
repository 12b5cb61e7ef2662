import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { CascadeRepository } from '@app/delegation';
import { buildCascade, CascadeFilter, CascadeRow } from '../../bench/support/cascade-in-memory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const STATES = ['assigned', 'implementing', 'reported', 'accepted', 'accepted', 'returned', 'waived'] as const;
const KINDS = ['party_committee', 'grassroots_committee', 'party_cell'] as const;

/** One node of a random cascade: its parent (an earlier node, or the plan itself), and what it holds. */
interface NodeSpec {
  parent: number;
  state: (typeof STATES)[number];
  overdue: boolean;
  kind: (typeof KINDS)[number];
  /** Tracked on a withdrawn or superseded implementing plan of its parent, not the one in force. */
  stale: boolean;
  values: Partial<Record<'attendees' | 'news_articles' | 'speaker_conferences', number>>;
  /** The branch caller's unit: a single unit, or (with `subtree`) its unit's whole subtree. */
  seen: boolean;
  subtree: boolean;
}

const nodeSpec = fc.record({
  parent: fc.nat(),
  state: fc.constantFrom(...STATES),
  overdue: fc.boolean(),
  kind: fc.constantFrom(...KINDS),
  stale: fc.nat(6).map((n) => n === 0),
  values: fc.record({ attendees: fc.nat(500), news_articles: fc.nat(50), speaker_conferences: fc.nat(5) }, { requiredKeys: [] }),
  seen: fc.boolean(),
  subtree: fc.boolean(),
});

/**
 * The figures, totals and listings computed in PostgreSQL (cascade.repository.ts) equal the
 * in-memory rule the view was first built on (bench/support/cascade-in-memory.ts) on random
 * cascades: random depths, states, overdue flags, unit kinds, accepted reports (which hold their
 * branch), rows of implementing plans no longer in force, filters, a node to list below, callers'
 * scopes and pages, with each listed node's count of listed children.
 */
describe('the cascade view computed in SQL', () => {
  let t: TestApp;
  let db: DataSource;
  let repository: CascadeRepository;
  let user: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    repository = t.app.get(CascadeRepository);
    [{ id: user }] = await db.query(`SELECT id FROM users LIMIT 1`);
  });
  afterAll(() => t.close());

  /** Writes the cascade: a unit, assignment and (accepted or submitted) report per node; a plan per parent. Returns the rows as the range read gives them. */
  async function write(specs: NodeSpec[]): Promise<{ planId: string; rows: CascadeRow[]; seen: { subtrees: string[]; units: string[] } }> {
    const unit = async (name: string, kind: string, parent: { id: string; path: string } | null) => {
      const [row] = await db.query(
        `WITH l AS (SELECT nextval('units_label_seq') AS label)
         INSERT INTO units (label, name, short_name, kind, parent_id, path, symbol_style)
         SELECT label, $1, 'U', $2, $3, CASE WHEN $4::ltree IS NULL THEN text2ltree(label::text) ELSE $4::ltree || text2ltree(label::text) END, 'party' FROM l
         RETURNING id, path::text`,
        [name, kind, parent?.id ?? null, parent?.path ?? null],
      );
      return row as { id: string; path: string };
    };
    const plan = async (issuer: string, state: string, source: string | null) => {
      const [row] = await db.query(
        `INSERT INTO plans (issuer_unit_id, type, title, state, machine_version, created_by, number_and_symbol, source_assignment_id)
         VALUES ($1, 'KH', 'Kế hoạch (thử)', $2, 2, $3, $4, $5) RETURNING id`,
        [issuer, state, user, state === 'issued' ? '1-KH/U' : null, source],
      );
      return row.id as string;
    };
    const top = await unit('Tỉnh ủy (thử)', 'party_committee', null);
    const planId = await plan(top.id, 'issued', null);
    const nodes: { spec: NodeSpec; unit: { id: string; path: string }; id: string; path: string; planId: string; depth: number; parent: number }[] = [];
    /** Per parent node: its implementing plan in force and its stale one, made when first needed. */
    const plansOf = new Map<number, { live?: string; stale?: string }>();
    for (const [i, spec] of specs.entries()) {
      const parent = spec.parent % (i + 1) === i ? -1 : spec.parent % (i + 1);
      const above = parent < 0 ? null : nodes[parent];
      const u = await unit(`Đơn vị ${i}`, spec.kind, above?.unit ?? top);
      let on = planId;
      if (above) {
        const slot = plansOf.get(parent) ?? {};
        const key = spec.stale ? 'stale' : 'live';
        slot[key] ??= await plan(above.unit.id, spec.stale ? (i % 2 ? 'withdrawn' : 'superseded') : 'issued', above.id);
        plansOf.set(parent, slot);
        on = slot[key]!;
      }
      const [a] = await db.query(
        `INSERT INTO plan_assignments (plan_id, position, assignee_unit_id, responsibilities, state, machine_version, version, overdue, cascade_path)
         SELECT $1, $2, $3, '[]', $4, 2, 1, $5, CASE WHEN $6::ltree IS NULL THEN l ELSE $6::ltree || l END
         FROM (SELECT text2ltree(lpad(nextval('plan_assignments_cascade_label_seq')::text, 12, '0')) AS l) s
         RETURNING id, cascade_path::text AS path`,
        [on, i + 1, u.id, spec.state, spec.overdue, above?.path ?? null],
      );
      nodes.push({ spec, unit: u, id: a.id, path: a.path, planId: on, depth: above ? above.depth + 1 : 1, parent });
      if (spec.state === 'accepted' || spec.state === 'reported') {
        const [r] = await db.query(
          `INSERT INTO reports (assignment_id, unit_id, state, machine_version, version, created_at, updated_at) VALUES ($1, $2, $3, 1, 2, now(), now()) RETURNING id`,
          [a.id, u.id, spec.state === 'accepted' ? 'accepted' : 'submitted'],
        );
        for (const [code, value] of Object.entries(spec.values)) {
          await db.query(`INSERT INTO report_indicators (report_id, indicator_code, value) VALUES ($1, $2, $3)`, [r.id, code, value]);
        }
      }
    }
    const reports: { assignmentId: string; id: string; state: string }[] = await db.query(
      `SELECT assignment_id AS "assignmentId", id, state FROM reports WHERE assignment_id = ANY($1)`, [nodes.map((n) => n.id)],
    );
    const seen = { subtrees: nodes.filter((n) => n.spec.seen && n.spec.subtree).map((n) => n.unit.path), units: nodes.filter((n) => n.spec.seen && !n.spec.subtree).map((n) => n.unit.id) };
    const visible = (n: (typeof nodes)[number]) => seen.units.includes(n.unit.id) || seen.subtrees.some((p) => n.unit.path === p || n.unit.path.startsWith(`${p}.`));
    const rows = nodes.map((n, i): CascadeRow => {
      const report = reports.find((r) => r.assignmentId === n.id);
      const live = plansOf.get(i)?.live ?? null;
      return {
        id: n.id, path: n.path, depth: n.depth, planId: n.planId, parentAssignmentId: null, state: n.spec.state, overdue: n.spec.overdue, dueOn: null,
        unitId: n.unit.id, unitName: `Đơn vị ${i}`, unitShortName: 'U', unitKind: n.spec.kind,
        childPlanId: live, childPlanState: live && 'issued', childPlanNumber: live && '1-KH/U',
        reportId: report?.id ?? null, reportState: report?.state ?? null,
        accepted: report?.state === 'accepted' ? { ...n.spec.values } : null, visible: visible(n),
      };
    });
    return { planId, rows: rows.sort((a, b) => (a.path < b.path ? -1 : 1)), seen };
  }

  const filterSpec = fc.record({ overdue: fc.boolean(), unitKind: fc.constantFrom(...KINDS), maxDepth: fc.integer({ min: 1, max: 4 }), under: fc.nat() }, { requiredKeys: [] });

  it('gives the totals, figures, listings and pages of the in-memory rule', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(nodeSpec, { minLength: 1, maxLength: 18 }), filterSpec, fc.boolean(), fc.nat(), async (specs, { under, ...given }, whole, cut) => {
        const { planId, rows, seen } = await write(specs);
        // Below any row, seen or not (a row the caller does not see lists nothing).
        const filter: CascadeFilter = { ...given, overdue: given.overdue || undefined, under: under === undefined ? undefined : rows[under % rows.length].id };
        const expected = buildCascade(rows, whole, filter);
        const actual = await repository.read(db.manager, planId, whole ? null : seen, filter);
        expect(actual.totals).toEqual(expected.totals);
        if (filter.under !== undefined) expect(actual.anchored).toBe(buildCascade(rows, whole).listed.some((n) => n.row.id === filter.under));
        const listed = expected.listed.map((n) => ({
          id: n.row.id, depth: n.row.depth, parentId: n.parent?.row.id ?? null, indicators: n.indicators, matches: n.matches, childCount: n.childCount,
        }));
        expect(actual.nodes.map(({ id, depth, parentId, indicators, matches, childCount }) => ({ id, depth, parentId, indicators, matches, childCount }))).toEqual(listed);
        expect(actual.nodes.map((n) => [n.state, n.unit.kind, n.childPlan?.id ?? null, n.report?.state ?? null])).toEqual(
          expected.listed.map((n) => [n.row.state, n.row.unitKind, n.row.childPlanId, n.row.reportState]),
        );
        // A page after any listed node: the next listed nodes and one more (to tell whether more follow).
        const after = expected.listed.length === 0 ? undefined : expected.listed[cut % expected.listed.length].row.path;
        const page = await repository.read(db.manager, planId, whole ? null : seen, filter, { after, limit: 2 });
        const from = after === undefined ? 0 : expected.listed.findIndex((n) => n.row.path === after) + 1;
        expect(page.nodes.map((n) => [n.id, n.parentId, n.indicators, n.childCount])).toEqual(
          expected.listed.slice(from, from + 3).map((n) => [n.row.id, n.parent?.row.id ?? null, n.indicators, n.childCount]),
        );
        expect(page.totals).toEqual(expected.totals);
      }),
      { numRuns: 40 },
    );
  });
});
