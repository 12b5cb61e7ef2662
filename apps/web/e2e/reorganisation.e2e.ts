import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, baseUrl, checkScreen, DEMO_PASSWORD, expectAccessible, launchBrowser, newPage, signIn } from './support';
import { SIGNATURE } from './support/audit';

const ADMIN_PASSWORD = 'admin-demo-2026';

/** The admin renames a unit by a reorganisation: builds the change, previews it, applies it; the past still reads the old name. */
describe('reorganisation', () => {
  const run = Date.now().toString(36);
  const before = `Chi bộ sắp xếp ${run}`;
  const after = `Chi bộ sau sắp xếp ${run}`;
  let browser: Browser;
  let page: Page;
  let admin: Awaited<ReturnType<typeof apiAs>>;
  let unitId: string;

  beforeAll(async () => {
    admin = await apiAs('admin', ADMIN_PASSWORD);
    const { data: parents } = await admin.client.GET('/units/search', { params: { query: { q: 'Bồ Đề', limit: 5 } } });
    const created = await admin.client.POST('/units', { body: { name: before, shortName: 'CBSX', kind: 'party_cell', parentId: parents!.items[0].id, symbolStyle: 'party' } });
    expect(created.error).toBeUndefined();
    unitId = created.data!.id;
    browser = await launchBrowser();
    page = await newPage(browser, 1366);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('builds, previews and applies a rename effective today', async () => {
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('tab', { name: 'Sắp xếp tổ chức' }).click();
    await page.getByText('Đổi tên', { exact: true }).click();
    const unit = page.getByRole('combobox', { name: 'Đơn vị', exact: true });
    await unit.fill(`sap xep ${run}`);
    await page.getByRole('option', { name: before, exact: true }).click();
    await page.getByLabel('Tên mới', { exact: true }).fill(after);
    await page.getByRole('button', { name: 'Thêm thay đổi' }).click();
    await page.getByRole('list', { name: 'Các thay đổi' }).waitFor();
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await expect.poll(() => page.getByTestId('reorganisation-outcome').textContent()).toContain('1 đơn vị');
    await expectAccessible(page, 'reorganisation preview');
    await page.getByRole('button', { name: 'Thực hiện' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thực hiện.' }).waitFor();
    const { data: now } = await admin.client.GET('/units/{id}', { params: { path: { id: unitId } } });
    expect(now!.name).toBe(after);
  });
});

type Api = Awaited<ReturnType<typeof apiAs>>;

/** A Long Biên plan issued by the district (lb.drafter, lb.secretary) that assigns work to `unitId`. */
async function planAssigning(title: string, unitId: string): Promise<void> {
  const drafter = await apiAs('lb.drafter');
  const secretary = await apiAs('lb.secretary');
  const issuerUnitId = drafter.me.memberships.find((m) => m.role === 'drafter')!.unitId!;
  const created = await drafter.client.POST('/plans', {
    body: {
      issuerUnitId,
      type: 'KH',
      title,
      place: 'Long Biên',
      basis: [{ external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2026-01-05', issuer: 'Ban Tuyên giáo Thành ủy', title: 'Tuyên truyền kỷ niệm' } }],
      purposes: ['Tuyên truyền sâu rộng trong cán bộ, đảng viên và nhân dân.'],
      phases: [{ title: 'Giai đoạn 1', startsOn: '2027-03-01', endsOn: '2027-03-31', items: ['Treo băng rôn, khẩu hiệu'] }],
      forms: [{ title: 'Tuyên truyền trên báo chí', items: ['Trang thông tin điện tử quận'] }],
      assignments: [{ assigneeUnitId: unitId, responsibilities: ['Tổ chức tuyên truyền ở khu dân cư'], requiresOwnPlan: false, dueOn: '2027-04-10' }],
      reportDuty: { collectorUnitId: issuerUnitId, dueOn: '2027-04-10', periodic: false },
      recipients: [
        { unitId, purpose: 'implement' },
        { name: 'Lưu Văn phòng Quận ủy', purpose: 'archive' },
      ],
    },
  });
  expect(created.error, JSON.stringify(created.error)).toBeUndefined();
  const id = created.data!.id;
  const submitted = await drafter.client.POST('/plans/{id}/events', { params: { path: { id } }, body: { type: 'SUBMIT', expectedVersion: created.data!.version } });
  expect(submitted.error).toBeUndefined();
  const issued = await secretary.client.POST('/plans/{id}/events', { params: { path: { id } }, body: { type: 'ISSUE', expectedVersion: submitted.data!.version, signature: SIGNATURE } });
  expect(issued.error, JSON.stringify(issued.error)).toBeUndefined();
}

/** A unit the admin creates under the ward, and (optionally) an account holding `role` there. */
async function unitWithMember(admin: Api, parentId: string, name: string, member?: { username: string; displayName: string; role: 'unit_officer' | 'drafter' }): Promise<string> {
  const unit = await admin.client.POST('/units', { body: { name, shortName: 'CB', kind: 'party_cell', parentId, symbolStyle: 'party' } });
  expect(unit.error).toBeUndefined();
  if (member) {
    const user = await admin.client.POST('/users', { body: { username: member.username, password: DEMO_PASSWORD, displayName: member.displayName } });
    expect(user.error).toBeUndefined();
    const grant = await admin.client.POST('/users/{id}/memberships', { params: { path: { id: user.data!.id } }, body: { unitId: unit.data!.id, role: member.role } });
    expect(grant.error).toBeUndefined();
  }
  return unit.data!.id;
}

/**
 * The admin splits a unit in the browser: one existing and one new successor, each open item
 * (two assignments, a role) mapped to one of them — "map all to…", then one by one —, previews and
 * applies; the new unit's officer then finds the work mapped to it. Then merges two units into a
 * new one with a preview, and finds the new unit in the organisation tree.
 */
describe('reorganisation: split with mapping, merge into a new unit', () => {
  const run = Date.now().toString(36);
  const source = `Chi bộ tách ${run}`;
  const existing = `Chi bộ nhận ${run}`;
  const created = `Chi bộ mới tách ${run}`;
  const planA = `Kế hoạch tuyên truyền A ${run}`;
  const planB = `Kế hoạch tuyên truyền B ${run}`;
  const officer = `tach.officer.${run}`;
  const officerName = `Cán bộ chi bộ tách ${run}`;
  const merged = [`Chi bộ hợp nhất một ${run}`, `Chi bộ hợp nhất hai ${run}`];
  const mergedInto = `Chi bộ sau hợp nhất ${run}`;
  const movedUnder = `Tổ đảng chuyển về ${run}`;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    const { data: wards } = await admin.client.GET('/units/search', { params: { query: { q: 'Bồ Đề', limit: 5 } } });
    const ward = wards!.items.find((u) => u.name === 'Đảng ủy phường Bồ Đề')!.id;
    const sourceId = await unitWithMember(admin, ward, source, { username: officer, displayName: officerName, role: 'unit_officer' });
    await unitWithMember(admin, ward, existing);
    await planAssigning(planA, sourceId);
    await planAssigning(planB, sourceId);
    await unitWithMember(admin, ward, merged[0], { username: `hop.drafter.${run}`, displayName: `Chuyên viên hợp nhất ${run}`, role: 'drafter' });
    await unitWithMember(admin, ward, merged[1]);
    await unitWithMember(admin, ward, movedUnder);
    browser = await launchBrowser();
    page = await newPage(browser, 1366);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A unit chosen in a search select by part of its name without accents. */
  const choose = async (scope: Page | Locator, label: string, typed: string, name: string) => {
    await scope.getByRole('combobox', { name: label, exact: true }).fill(typed);
    await page.getByRole('option', { name, exact: true }).click();
  };
  /** A new unit's fields inside its fieldset. */
  const newUnit = async (group: Locator, name: string) => {
    await group.getByText('Đơn vị mới', { exact: true }).click();
    await group.getByLabel('Tên đơn vị mới').fill(name);
    await group.getByLabel('Tên viết tắt').fill('CB');
    await group.getByRole('combobox', { name: 'Loại đơn vị' }).click();
    await page.getByRole('option', { name: 'Chi bộ', exact: true }).click();
    await choose(group, 'Đơn vị cấp trên', 'bo de', 'Đảng ủy phường Bồ Đề');
  };

  it('splits a unit with each open item mapped, previews and applies it; the successor sees its work', async () => {
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('tab', { name: 'Sắp xếp tổ chức' }).click();
    await page.getByText('Chia tách', { exact: true }).click();
    await choose(page, 'Đơn vị', `tach ${run}`, source);
    await page.getByText('Việc đang mở của đơn vị: 3').waitFor();
    await page.getByRole('button', { name: 'Thêm đơn vị kế thừa' }).click();
    await page.getByRole('button', { name: 'Thêm đơn vị kế thừa' }).click();
    await choose(page.getByRole('group', { name: 'Đơn vị kế thừa 1' }), 'Đơn vị có sẵn', `nhan ${run}`, existing);
    await newUnit(page.getByRole('group', { name: 'Đơn vị kế thừa 2' }), created);
    // Everything to the existing unit, then plan A's assignment and the officer's role to the new one.
    await page.getByLabel('Giao tất cả cho').selectOption({ label: `1. ${existing}` });
    await page.getByRole('button', { name: 'Áp dụng cho tất cả' }).click();
    await page.getByLabel(`Đơn vị nhận: ${planA}`).selectOption({ label: `2. ${created}` });
    await page.getByLabel(`Đơn vị nhận: ${officerName}`).selectOption({ label: `2. ${created}` });
    await page.getByText('Đã chọn đơn vị nhận cho mọi việc (1: 1, 2: 2).').waitFor();
    await checkScreen(page, 'reorganisation', 'split-mapping', 1366);
    await page.getByRole('button', { name: 'Thêm thay đổi' }).click();
    const changes = page.getByRole('list', { name: 'Các thay đổi' });
    await changes.getByText(`${source} chia tách thành`, { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Xem trước' }).click();
    const outcome = page.getByTestId('reorganisation-outcome');
    await outcome.getByRole('list', { name: 'Đơn vị thành lập mới' }).getByText(created, { exact: true }).waitFor();
    await outcome.getByRole('list', { name: 'Đơn vị kết thúc hoạt động' }).getByText(source, { exact: true }).waitFor();
    const handovers = outcome.getByRole('list', { name: 'Việc bàn giao' });
    expect(await handovers.getByRole('listitem').filter({ hasText: planA }).textContent()).toContain(`sang ${created}`);
    expect(await handovers.getByRole('listitem').filter({ hasText: planB }).textContent()).toContain(`sang ${existing}`);
    expect(await handovers.getByRole('listitem').filter({ hasText: officerName }).textContent()).toContain(`sang ${created}`);
    await checkScreen(page, 'reorganisation', 'split-preview', 1366);
    await page.getByRole('button', { name: 'Thực hiện' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thực hiện.' }).waitFor();

    // The officer's role went to the new unit with plan A's assignment; plan B's went elsewhere.
    const officerPage = await newPage(browser, 1366);
    await signIn(officerPage, officer);
    await officerPage.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await officerPage.getByTestId('assignment-row').filter({ has: officerPage.getByRole('link', { name: planA }) }).waitFor();
    expect(await officerPage.getByRole('link', { name: planB }).count()).toBe(0);
    await officerPage.close();
  });

  it('merges two units into a new unit and moves a unit under it in the same reorganisation; the tree shows both', async () => {
    await page.getByRole('button', { name: 'Lập phương án mới' }).click();
    await page.getByText('Hợp nhất', { exact: true }).click();
    await choose(page, 'Thêm đơn vị', `hop nhat mot ${run}`, merged[0]);
    await choose(page, 'Thêm đơn vị', `hop nhat hai ${run}`, merged[1]);
    await newUnit(page.getByRole('group', { name: 'Hợp nhất vào đơn vị' }), mergedInto);
    await page.getByRole('button', { name: 'Thêm thay đổi' }).click();
    await page.getByRole('list', { name: 'Các thay đổi' }).getByText(`hợp nhất vào đơn vị mới «${mergedInto}»`, { exact: false }).waitFor();
    // A refusal lands under the change it concerns: the same unit renamed and merged.
    await page.getByText('Đổi tên', { exact: true }).click();
    await choose(page, 'Đơn vị', `hop nhat mot ${run}`, merged[0]);
    await page.getByLabel('Tên mới', { exact: true }).fill('Tên khác');
    await page.getByRole('button', { name: 'Thêm thay đổi' }).click();
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const second = page.getByRole('list', { name: 'Các thay đổi' }).getByRole('listitem').nth(1);
    await second.getByTestId('reorganisation-problem').filter({ hasText: 'Đơn vị đã có trong một thay đổi khác của phương án.' }).waitFor();
    expect(await second.getByTestId('reorganisation-problem').textContent()).toContain(merged[0]);
    await page.getByRole('alert').filter({ hasText: 'REORGANISATION_INVALID' }).waitFor();
    await page.getByRole('button', { name: 'Bỏ thay đổi 2' }).click();
    expect(await page.getByTestId('reorganisation-problem').count()).toBe(0);
    // The new unit, not created yet, is offered as the new parent of a later change.
    await page.getByText('Điều chuyển', { exact: true }).click();
    await choose(page, 'Đơn vị', `to dang chuyen ve ${run}`, movedUnder);
    const parent = page.getByRole('group', { name: 'Đơn vị cấp trên mới' });
    await parent.getByText('Đơn vị mới trong phương án', { exact: true }).click();
    await parent.getByLabel('Đơn vị mới của thay đổi trước').selectOption({ label: mergedInto });
    await page.getByRole('button', { name: 'Thêm thay đổi' }).click();
    await page.getByRole('list', { name: 'Các thay đổi' }).getByText(`${movedUnder} chuyển về trực thuộc ${mergedInto}`).waitFor();
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const outcome = page.getByTestId('reorganisation-outcome');
    await outcome.getByRole('list', { name: 'Đơn vị thành lập mới' }).getByText(mergedInto, { exact: true }).waitFor();
    const dissolved = outcome.getByRole('list', { name: 'Đơn vị kết thúc hoạt động' });
    for (const name of merged) await dissolved.getByText(name, { exact: true }).waitFor();
    await outcome.getByRole('list', { name: 'Đơn vị điều chuyển' }).getByText(movedUnder, { exact: true }).waitFor();
    expect(await outcome.getByRole('list', { name: 'Việc bàn giao' }).textContent()).toContain(`Chuyên viên hợp nhất ${run}`);
    await checkScreen(page, 'reorganisation', 'merge-preview', 1366);
    await page.getByRole('button', { name: 'Thực hiện' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thực hiện.' }).waitFor();

    await page.getByRole('tab', { name: 'Cơ cấu tổ chức' }).click();
    const tree = page.getByRole('tree', { name: 'Cây tổ chức' });
    for (const name of ['Thành ủy Hà Nội', 'Quận ủy Long Biên', 'Đảng ủy phường Bồ Đề']) await tree.getByRole('button', { name: `Mở ${name}` }).click();
    await tree.getByRole('treeitem').filter({ has: page.getByText(mergedInto, { exact: true }) }).waitFor();
    await tree.getByRole('button', { name: `Mở ${mergedInto}` }).click();
    const moved = tree.getByRole('treeitem').filter({ has: page.getByText(movedUnder, { exact: true }) });
    await moved.waitFor();
    expect(await moved.getAttribute('aria-level')).toBe('5');
  });

  it('fits a phone: the split builder with its mapping at 390 px', async () => {
    const phone = await newPage(browser, 390);
    await signIn(phone, 'admin', ADMIN_PASSWORD);
    await phone.goto(`${baseUrl()}/app/admin?tab=reorganise`);
    await phone.getByText('Chia tách', { exact: true }).click();
    await phone.getByRole('combobox', { name: 'Đơn vị', exact: true }).fill(`nhan ${run}`);
    await phone.getByRole('option', { name: existing, exact: true }).click();
    await phone.getByText('Việc đang mở của đơn vị: 1').waitFor();
    await phone.getByRole('button', { name: 'Thêm đơn vị kế thừa' }).click();
    await phone.getByRole('group', { name: 'Đơn vị kế thừa 1' }).getByText('Đơn vị mới', { exact: true }).click();
    await phone.getByLabel(`Đơn vị nhận: ${planB}`).waitFor();
    await checkScreen(phone, 'reorganisation', 'split-builder', 390);
    await phone.close();
  });
});
