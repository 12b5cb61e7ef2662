import { buildCascade, CascadeRow } from './cascade-tree.js';

/** A row of the cascade: `path` like 'a.b' (depth = number of labels), its plan, and what its unit's implementing plan is. */
function row(path: string, over: Partial<CascadeRow> = {}): CascadeRow {
  const labels = path.split('.');
  return {
    id: path, path, depth: labels.length, planId: labels.length === 1 ? 'root' : `plan-of-${labels.slice(0, -1).join('.')}`,
    parentAssignmentId: null, state: 'implementing', overdue: false, dueOn: '2016-02-04',
    unitId: `unit-${path}`, unitName: `Unit ${path}`, unitShortName: 'U', unitKind: 'party_committee',
    childPlanId: `plan-of-${path}`, childPlanState: 'implementing', childPlanNumber: '1-KH/U',
    reportId: null, reportState: null, accepted: null, visible: false, ...over,
  };
}

const ids = (nodes: { row: { id: string } }[]) => nodes.map((n) => n.row.id);

describe('buildCascade', () => {
  // a (district, report accepted: its roll-up) → a.x, a.y (wards, accepted); b (district, no report yet) → b.x (accepted), b.y (submitted) → b.y.z (accepted)
  const rows = [
    row('a', { reportId: 'ra', reportState: 'accepted', state: 'accepted', accepted: { attendees: 700, news_articles: 5 } }),
    row('a.x', { reportId: 'rax', reportState: 'accepted', state: 'accepted', accepted: { attendees: 300 } }),
    row('a.y', { reportId: 'ray', reportState: 'accepted', state: 'accepted', accepted: { attendees: 200 } }),
    row('b', { overdue: true }),
    row('b.x', { reportId: 'rbx', reportState: 'accepted', state: 'accepted', accepted: { attendees: 40, social_posts: 3 }, unitKind: 'grassroots_committee' }),
    row('b.y', { reportId: 'rby', reportState: 'submitted', state: 'reported', unitKind: 'grassroots_committee' }),
    row('b.y.z', { reportId: 'rbyz', reportState: 'accepted', state: 'accepted', accepted: { attendees: 7 }, overdue: false, unitKind: 'party_cell' }),
  ];

  it('counts an accepted report as its whole branch, never adding its children again', () => {
    const { roots, totals } = buildCascade(rows, true);
    const [a, b] = roots;
    expect(a.indicators).toEqual({ attendees: 700, news_articles: 5 });
    expect(a.children.map((c) => c.indicators)).toEqual([{ attendees: 300 }, { attendees: 200 }]);
    // b has no accepted report: what was accepted below it so far; b.y's submitted report counts nothing, its accepted child does.
    expect(b.indicators).toEqual({ attendees: 47, social_posts: 3 });
    expect(b.children[1].indicators).toEqual({ attendees: 7 });
    expect(totals).toMatchObject({ nodes: 7, overdue: 1, indicators: { attendees: 747, news_articles: 5, social_posts: 3 } });
    expect(totals.byState).toEqual({ accepted: 5, implementing: 1, reported: 1 });
  });

  it('leaves out the rows of an implementing plan no longer in force, and everything under them', () => {
    const withStale = [
      ...rows.slice(0, 3),
      // b's first implementing plan was withdrawn (or superseded): its rows hang under b by path but b's plan in force is another.
      row('b'),
      row('b.old', { planId: 'withdrawn-plan', accepted: { attendees: 1000 }, reportId: 'r', reportState: 'accepted' }),
      row('b.old.w', { accepted: { attendees: 1000 }, reportId: 'r2', reportState: 'accepted' }),
      ...rows.slice(4),
    ];
    const { listed, totals } = buildCascade(withStale, true);
    expect(ids(listed)).toEqual(['a', 'a.x', 'a.y', 'b', 'b.x', 'b.y', 'b.y.z']);
    expect(totals.indicators.attendees).toBe(747);
  });

  it('shows an assignee only the part under the units it reaches', () => {
    const seenBy = rows.map((r) => (r.id === 'b' ? { ...r, visible: true } : r));
    const { roots, listed, totals } = buildCascade(seenBy, false);
    expect(ids(listed)).toEqual(['b', 'b.x', 'b.y', 'b.y.z']);
    expect(ids(roots)).toEqual(['b']);
    expect(totals).toMatchObject({ nodes: 4, indicators: { attendees: 47, social_posts: 3 } });
    // Reaching a unit deep down shows its part alone, with no parent.
    const deep = buildCascade(rows.map((r) => (r.id === 'b.y' ? { ...r, visible: true } : r)), false);
    expect(ids(deep.listed)).toEqual(['b.y', 'b.y.z']);
    expect(deep.roots[0].parent).toBeNull();
    expect(buildCascade(rows, false).totals.nodes).toBe(0);
  });

  it('lists the matching nodes and the path to them, leaving the figures and totals as they are', () => {
    const overdue = buildCascade(rows.map((r) => (r.id === 'b.y.z' ? { ...r, overdue: true } : r)), true, { overdue: true });
    expect(ids(overdue.listed)).toEqual(['b', 'b.y', 'b.y.z']);
    expect(overdue.listed.map((n) => n.matches)).toEqual([true, false, true]);
    expect(overdue.roots[0].indicators).toEqual({ attendees: 47, social_posts: 3 });
    expect(overdue.totals.nodes).toBe(7);

    const kind = buildCascade(rows, true, { unitKind: 'grassroots_committee' });
    expect(ids(kind.listed)).toEqual(['b', 'b.x', 'b.y']);
    expect(ids(kind.roots[0].children)).toEqual(['b.x', 'b.y']);

    const shallow = buildCascade(rows, true, { maxDepth: 1 });
    expect(ids(shallow.listed)).toEqual(['a', 'b']);
    expect(shallow.roots.map((n) => n.children.length)).toEqual([0, 0]);
    expect(shallow.roots[1].indicators).toEqual({ attendees: 47, social_posts: 3 });

    expect(ids(buildCascade(rows, true, { unitKind: 'party_cell', maxDepth: 2 }).listed)).toEqual(['b', 'b.y']);
    expect(buildCascade(rows, true, { unitKind: 'mass_organisation' }).listed).toEqual([]);
  });
});
