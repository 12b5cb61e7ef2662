import { DEMO_PASSWORD } from '@app/demo';
import { bearer, TestApp } from './test-app.js';

/** Signs the demo accounts in once per test file. */
export async function demoTokens(t: TestApp, usernames: string[]): Promise<Record<string, Record<string, string>>> {
  const entries = await Promise.all(usernames.map(async (u) => [u, bearer(await t.login(u, DEMO_PASSWORD))] as const));
  return Object.fromEntries(entries);
}

/** A plan of the Long Biên district committee with every part SUBMIT requires. */
export function completePlan(t: TestApp, overrides: Record<string, unknown> = {}) {
  const unit = (key: string) => t.units.get(key)!;
  return {
    issuerUnitId: unit('lb-district-committee'),
    type: 'KH',
    title: 'Triển khai công tác thông tin, tuyên truyền phục vụ Đại hội đại biểu toàn quốc lần thứ XII của Đảng',
    place: 'Long Biên',
    basis: [{ external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy', title: 'Tuyên truyền Đại hội XII' } }],
    purposes: ['Tuyên truyền sâu rộng về Đại hội XII của Đảng.'],
    phases: [
      { title: 'Trước Đại hội', startsOn: '2015-12-29', endsOn: '2016-01-20', items: ['Treo băng rôn, khẩu hiệu'] },
      { title: 'Sau Đại hội', windowText: 'sau Đại hội', items: ['Tuyên truyền kết quả Đại hội'] },
    ],
    forms: [{ title: 'Tuyên truyền trên báo chí', items: ['Trang thông tin điện tử quận'] }],
    assignments: [
      { assigneeUnitId: unit('lb-propaganda'), responsibilities: ['Chủ trì, hướng dẫn, kiểm tra'], requiresOwnPlan: false, dueOn: '2016-02-04' },
      {
        assigneeUnitId: unit('lb-people-committee'),
        responsibilities: ['Chỉ đạo các phòng, ban'],
        requiresOwnPlan: true,
        subAssignments: [{ assigneeUnitId: unit('lb-culture-office'), responsibilities: ['Trang trí cổ động trực quan'] }],
      },
      { assigneeUnitId: unit('lb-ward-bo-de'), responsibilities: ['Xây dựng kế hoạch cụ thể'], requiresOwnPlan: true, dueOn: '2016-02-04' },
    ],
    reportDuty: { collectorUnitId: unit('lb-propaganda'), dueOn: '2016-02-04', periodic: false },
    footnotes: [],
    recipients: [
      { name: 'Ban Tuyên giáo Thành ủy', purpose: 'report' },
      { unitId: unit('lb-ward-bo-de'), purpose: 'implement' },
      { name: 'Lưu Văn phòng Quận ủy', purpose: 'archive' },
    ],
    ...overrides,
  };
}

export const SIGNATURE = { authority: 'T/M', onBehalfOf: 'Ban Thường vụ', signerTitle: 'Phó Bí thư Thường trực' };
