import { expect } from 'vitest';
import type { components } from '../../src/api/schema';
import { apiAs } from './index';

type Api = Awaited<ReturnType<typeof apiAs>>;
type Unit = components['schemas']['UnitDto'];

/** The units under the drafter's issuer, by name, as the drafter sees them (GET /units/:id/subtree). */
export async function unitsUnder(drafter: Api): Promise<{ issuerUnitId: string; byName: (name: string) => string }> {
  const issuerUnitId = drafter.me.memberships.find((m) => m.role === 'drafter')!.unitId!;
  const units: Unit[] = [];
  let cursor: string | undefined;
  do {
    const { data } = await drafter.client.GET('/units/{id}/subtree', { params: { path: { id: issuerUnitId }, query: { limit: 500, cursor } } });
    units.push(...data!.items);
    cursor = data!.nextCursor ?? undefined;
  } while (cursor);
  const byName = (name: string) => {
    const unit = units.find((u) => u.name === name);
    if (!unit) throw new Error(`No unit '${name}' under the drafter's issuer`);
    return unit.id;
  };
  return { issuerUnitId, byName };
}

/** A complete Long Biên plan (every part SUBMIT asks for), created and submitted by lb.drafter through the API. */
export async function submittedPlan(title: string): Promise<{ id: string; drafter: Api }> {
  const drafter = await apiAs('lb.drafter');
  const { issuerUnitId, byName } = await unitsUnder(drafter);
  const created = await drafter.client.POST('/plans', {
    body: {
      issuerUnitId,
      type: 'KH',
      title,
      place: 'Long Biên',
      basis: [{ external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2026-01-05', issuer: 'Ban Tuyên giáo Thành ủy', title: 'Tuyên truyền kỷ niệm' } }],
      purposes: ['Tuyên truyền sâu rộng trong cán bộ, đảng viên và nhân dân.'],
      phases: [
        { title: 'Giai đoạn 1', startsOn: '2027-03-01', endsOn: '2027-03-31', items: ['Treo băng rôn, khẩu hiệu'] },
        { title: 'Giai đoạn 2', windowText: 'sau khi tổng kết', items: ['Tuyên truyền kết quả'] },
      ],
      forms: [{ title: 'Tuyên truyền trên báo chí', items: ['Trang thông tin điện tử quận'] }],
      assignments: [
        { assigneeUnitId: byName('Ban Tuyên giáo Quận ủy Long Biên'), responsibilities: ['Chủ trì, hướng dẫn, kiểm tra'], requiresOwnPlan: false, dueOn: '2027-04-10' },
        { assigneeUnitId: byName('Đảng ủy phường Bồ Đề'), responsibilities: ['Xây dựng kế hoạch cụ thể'], requiresOwnPlan: true, dueOn: '2027-04-10' },
      ],
      reportDuty: { collectorUnitId: byName('Ban Tuyên giáo Quận ủy Long Biên'), dueOn: '2027-04-10', periodic: false },
      recipients: [
        { name: 'Ban Tuyên giáo Thành ủy', purpose: 'report' },
        { unitId: byName('Đảng ủy phường Bồ Đề'), purpose: 'implement' },
        { name: 'Lưu Văn phòng Quận ủy', purpose: 'archive' },
      ],
    },
  });
  expect(created.error).toBeUndefined();
  const submitted = await drafter.client.POST('/plans/{id}/events', { params: { path: { id: created.data!.id } }, body: { type: 'SUBMIT', expectedVersion: created.data!.version } });
  expect(submitted.error).toBeUndefined();
  return { id: created.data!.id, drafter };
}
