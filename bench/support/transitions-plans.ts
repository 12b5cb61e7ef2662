/** The plans the transitions benchmark drives: demo units, a complete plan body, the lifecycle events. */
import { DEMO_TREE, type DemoUnit } from '@app/demo';
import type { JsonClient } from './transitions-client.js';

export const EVENTS = ['SUBMIT', 'ISSUE', 'START', 'OPEN_REPORTING', 'REVIEW'] as const;
export type EventName = (typeof EVENTS)[number];
/** REVIEW waits until every tracked assignment is settled: the monitor waives them first. */
export const TALLIED = [...EVENTS, 'WAIVE'] as const;
export type TalliedEvent = (typeof TALLIED)[number];

export function waiveBody(expectedVersion: number): Record<string, unknown> {
  return { type: 'WAIVE', expectedVersion, reason: 'Đơn vị đã báo cáo trực tiếp tại hội nghị.' };
}
/** As test/support/plan-fixtures.ts signs. */
export const SIGNATURE = { authority: 'T/M', onBehalfOf: 'Ban Thường vụ', signerTitle: 'Phó Bí thư Thường trực' };
export const UNIT_KEYS = ['lb-district-committee', 'lb-propaganda', 'lb-people-committee', 'lb-culture-office', 'lb-ward-bo-de'] as const;
export type UnitKey = (typeof UNIT_KEYS)[number];

/** Access tokens of the Long Biên accounts that move a plan. */
export interface Session {
  drafter: string;
  secretary: string;
  monitor: string;
}

export function findUnit(key: UnitKey): DemoUnit {
  const walk = (units: DemoUnit[]): DemoUnit | undefined => {
    for (const u of units) {
      if (u.key === key) return u;
      const found = walk(u.children ?? []);
      if (found) return found;
    }
    return undefined;
  };
  const unit = walk(DEMO_TREE);
  if (!unit) throw new Error(`The demo tree has no unit '${key}'`);
  return unit;
}

export async function demoUnitIds(client: JsonClient, token: string): Promise<Record<UnitKey, string>> {
  interface UnitView {
    id: string;
    name: string;
  }
  interface Page {
    items: UnitView[];
    nextCursor: string | null;
  }
  const top = await client.send<Page>('GET', '/units', token);
  const district = top.items.find((u) => u.name === findUnit('lb-district-committee').name);
  if (!district) throw new Error(`lb.drafter's top-level units do not include Quận ủy Long Biên: ${JSON.stringify(top.items)}`);
  const units: UnitView[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await client.send<Page>('GET', `/units/${district.id}/subtree?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
    units.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const byName = new Map(units.map((u) => [u.name, u.id]));
  byName.set(district.name, district.id);
  const ids = {} as Record<UnitKey, string>;
  for (const key of UNIT_KEYS) {
    const id = byName.get(findUnit(key).name);
    if (!id) throw new Error(`Unit '${key}' not found under Quận ủy Long Biên`);
    ids[key] = id;
  }
  return ids;
}

/** A complete plan of the Long Biên district committee, as test/support/plan-fixtures.ts writes it. */
export function completePlan(unit: Record<UnitKey, string>, n: number) {
  return {
    issuerUnitId: unit['lb-district-committee'],
    type: 'KH',
    title: `Triển khai công tác thông tin, tuyên truyền phục vụ Đại hội đại biểu toàn quốc lần thứ XII của Đảng (${n})`,
    place: 'Long Biên',
    basis: [{ external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy', title: 'Tuyên truyền Đại hội XII' } }],
    purposes: ['Tuyên truyền sâu rộng về Đại hội XII của Đảng.'],
    phases: [
      { title: 'Trước Đại hội', startsOn: '2015-12-29', endsOn: '2016-01-20', items: ['Treo băng rôn, khẩu hiệu'] },
      { title: 'Sau Đại hội', windowText: 'sau Đại hội', items: ['Tuyên truyền kết quả Đại hội'] },
    ],
    forms: [{ title: 'Tuyên truyền trên báo chí', items: ['Trang thông tin điện tử quận'] }],
    assignments: [
      { assigneeUnitId: unit['lb-propaganda'], responsibilities: ['Chủ trì, hướng dẫn, kiểm tra'], requiresOwnPlan: false, dueOn: '2016-02-04' },
      {
        assigneeUnitId: unit['lb-people-committee'],
        responsibilities: ['Chỉ đạo các phòng, ban'],
        requiresOwnPlan: true,
        subAssignments: [{ assigneeUnitId: unit['lb-culture-office'], responsibilities: ['Trang trí cổ động trực quan'] }],
      },
      { assigneeUnitId: unit['lb-ward-bo-de'], responsibilities: ['Xây dựng kế hoạch cụ thể'], requiresOwnPlan: true, dueOn: '2016-02-04' },
    ],
    reportDuty: { collectorUnitId: unit['lb-propaganda'], dueOn: '2016-02-04', periodic: false },
    footnotes: [],
    recipients: [
      { name: 'Ban Tuyên giáo Thành ủy', purpose: 'report' },
      { unitId: unit['lb-ward-bo-de'], purpose: 'implement' },
      { name: 'Lưu Văn phòng Quận ủy', purpose: 'archive' },
    ],
  };
}

export function eventBody(type: EventName, expectedVersion: number): Record<string, unknown> {
  switch (type) {
    case 'ISSUE':
      return { type, expectedVersion, signature: SIGNATURE };
    case 'REVIEW':
      return { type, expectedVersion, summary: 'Đã hoàn thành các nội dung tuyên truyền theo kế hoạch.' };
    case 'SUBMIT':
    case 'START':
    case 'OPEN_REPORTING':
      return { type, expectedVersion };
  }
}

export function senderOf(type: EventName, s: Session): string {
  switch (type) {
    case 'SUBMIT':
      return s.drafter;
    case 'ISSUE':
    case 'REVIEW':
      return s.secretary;
    case 'START':
    case 'OPEN_REPORTING':
      return s.monitor;
  }
}
