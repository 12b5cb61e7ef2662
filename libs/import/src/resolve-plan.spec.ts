import { readFileSync } from 'node:fs';
import { DEMO_TREE, DemoUnit } from '@app/demo';
import { parsePlan } from './parse-plan.js';
import { repoPath } from './repo-path.js';
import { resolvePlan } from './resolve-plan.js';
import { matchUnit, TreeUnit } from './unit-match.js';

/** The demo tree as the matcher sees it, each unit's id its demo key. */
const TREE: TreeUnit[] = [];
const walk = (u: DemoUnit, parentId: string | null) => {
  TREE.push({ id: u.key, name: u.name, kind: u.kind, parentId });
  u.children?.forEach((c) => walk(c, u.key));
};
DEMO_TREE.forEach((u) => walk(u, null));
const unit = (key: string) => TREE.find((u) => u.id === key)!;
const subtree = (key: string): TreeUnit[] => [unit(key), ...TREE.filter((u) => u.parentId === key).flatMap((u) => subtree(u.id))];

function resolve(seed: string, issuerKey: string, rootKey: string) {
  return resolvePlan(parsePlan(readFileSync(repoPath('seeds', seed), 'utf8')), { issuer: unit(issuerKey), scope: subtree(issuerKey), addressable: subtree(rootKey) });
}

describe('matchUnit', () => {
  it.each([
    ['UBND Quận', 'lb-people-committee'],
    ['Ban Tuyên giáo Quận uỷ', 'lb-propaganda'],
    ['ban tuyen giao quan uy', 'lb-propaganda'],
    ['Phòng VH-TT', 'lb-culture-office'],
    ['Trung tâm TDTT Quận', 'lb-sports-centre'],
    ['MTTQ quận', 'lb-front'],
    ['BTGQU', 'lb-propaganda'],
    ['Lãnh đạo UBND Quận', 'lb-people-committee'],
    ['Ban thường vụ Quận ủy', 'lb-standing-committee'],
    ['Thành ủy Hà Nội', 'hn-city-committee'],
    ['Ban Tuyên giáo TU Hà Nội', 'hn-propaganda'],
  ])('%s → %s', (name, key) => {
    expect(matchUnit(name, subtree('hn-city-committee'))?.id).toBe(key);
  });

  it('leaves a name that fits no unit, or several, unmatched', () => {
    expect(matchUnit('Trung tâm Hội nghị Quận', subtree('lb-district-committee'))).toBeUndefined();
    expect(matchUnit('Ban Tuyên giáo', subtree('hn-city-committee'))).toBeUndefined();
  });
});

describe('resolvePlan on the demo tree', () => {
  it('places the Long Biên plan: assignees, groups, sub-assignees, collector and recipients', () => {
    const { draft, report } = resolve('long-bien-district-2015-17-KH-QU-congress-xii.txt', 'lb-district-committee', 'hn-city-committee');
    const wards = TREE.filter((u) => u.id.startsWith('lb-ward-')).map((u) => u.id);
    const massOrgs = ['lb-youth-union', 'lb-women-union', 'lb-veterans-association', 'lb-labour-federation'];
    // "Các ban xây dựng Đảng và Văn phòng": the Party-building boards (propaganda, already assigned, takes both duties) and the office.
    expect(draft.assignments.map((a) => a.assigneeUnitId)).toEqual([
      'lb-propaganda', 'lb-mass-mobilisation', 'lb-organisation', 'lb-inspection', 'lb-office', 'lb-people-committee', 'lb-front', ...massOrgs, ...wards,
    ]);
    expect(draft.assignments[0].responsibilities).toHaveLength(7);
    expect(draft.assignments[5].subAssignments.map((s) => s.assigneeUnitId)).toEqual(['lb-culture-office', 'lb-culture-centre', 'lb-sports-centre']);
    expect(draft.assignments.find((a) => a.assigneeUnitId === 'lb-ward-bo-de')).toMatchObject({ requiresOwnPlan: true, dueOn: '2016-02-04' });
    expect(draft.reportDuty).toEqual({ collectorUnitId: 'lb-propaganda', dueOn: '2016-02-04', periodic: false });
    expect(draft.recipients).toEqual([
      { unitId: 'hn-city-committee', purpose: 'report' },
      { unitId: 'hn-propaganda', purpose: 'report' },
      { unitId: 'lb-standing-committee', purpose: 'implement' },
      { unitId: 'lb-people-committee', purpose: 'implement' },
      { name: 'MTTQ, các phòng, ban, ngành, đoàn thể Quận', purpose: 'implement' },
      { name: 'Chi, Đảng bộ thuộc Quận', purpose: 'implement' },
      { name: 'Lưu', purpose: 'archive' },
    ]);
    expect(report.unmatched.map((u) => [u.field, u.name])).toEqual([
      ['assignments[2].subAssignments[3]', 'các Phường'],
      ['recipients[4]', 'MTTQ, các phòng, ban, ngành, đoàn thể Quận'],
      ['recipients[5]', 'Chi, Đảng bộ thuộc Quận'],
    ]);
    expect(report.recognised).toMatchObject({ issuer: 1, numberAndSymbol: 1, basis: 1, phases: 6, assignments: 5, recipients: 7, signature: 1 });
    expect(report.missing).toEqual(['budget', 'footnotes']);
    expect(report.document).toMatchObject({ numberAndSymbol: '17-KH/QU', issuedOn: '2015-12-29', place: 'Long Biên' });
  });

  it('places the Lục Ngạn plan: the culture office and centre under the People\'s Committee, the mass organisations and communes as groups', () => {
    const { draft, report } = resolve('luc-ngan-district-2021-after-congress-xiii.txt', 'ln-district-committee', 'bg-provincial-committee');
    const massOrgs = ['ln-youth-union', 'ln-women-union', 'ln-farmers-union', 'ln-veterans-association', 'ln-labour-federation'];
    const communes = TREE.filter((u) => u.id.startsWith('ln-commune-')).map((u) => u.id);
    expect(draft.assignments.map((a) => a.assigneeUnitId)).toEqual(['ln-people-committee', 'ln-propaganda', 'ln-mass-mobilisation', 'ln-front', ...massOrgs, ...communes]);
    expect(draft.assignments[0].subAssignments.map((s) => s.assigneeUnitId)).toEqual(['ln-culture-office', 'ln-culture-centre']);
    expect(draft.reportDuty).toBeUndefined();
    expect(report.notes).toEqual([expect.stringMatching(/no report deadline/)]);
    expect(draft.recipients.slice(0, 2)).toEqual([{ unitId: 'bg-provincial-committee', purpose: 'report' }, { unitId: 'bg-propaganda', purpose: 'report' }]);
  });

  it('merges a unit named more than once into one assignment (Kon Tum: the office is one of "các Phòng, đơn vị trực thuộc", then named twice)', () => {
    const { draft } = resolve('kon-tum-economic-zone-2020-17-KH-BQLKKT-toward-congress-xiii.txt', 'kt-ezone-board', 'kt-people-committee');
    const office = draft.assignments.filter((a) => a.assigneeUnitId === 'kt-ezone-office');
    expect(office).toHaveLength(1);
    expect(office[0].responsibilities).toHaveLength(3);
    expect(draft.assignments.map((a) => a.assigneeUnitId)).toEqual(['kt-ezone-office', 'kt-ezone-planning', 'kt-ezone-web-editorial', 'kt-ezone-bo-y-border-gate']);
  });
});
