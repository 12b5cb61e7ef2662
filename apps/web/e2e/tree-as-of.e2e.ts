import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, checkScreen, launchBrowser, newPage, signIn, WIDTHS } from './support';

const ADMIN_PASSWORD = 'admin-demo-2026';
const PARENT = 'Thành ủy Hà Nội';

/** The day in Hà Nội, `days` from today, as the API takes it (YYYY-MM-DD) and as the field is typed (dd/mm/yyyy). */
function vietnamDay(days: number): { iso: string; typed: string } {
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + days * 86_400_000));
  const [y, m, d] = iso.split('-');
  return { iso, typed: `${d}/${m}/${y}` };
}

/**
 * The admin reads the organisation tree as it was the day before a reorganisation that renamed a
 * unit today: the old name under its parent, and no unit menu (the past is not edited); back to
 * today, the new name; the search as of that day finds the old name.
 */
describe.each(WIDTHS)('the organisation tree as of a day at %i px', (width) => {
  const run = `${width}-${Date.now().toString(36)}`;
  const before = `Chi bộ trước sắp xếp ${run}`;
  const after = `Chi bộ sau sắp xếp ${run}`;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    const { data: parents } = await admin.client.GET('/units/search', { params: { query: { q: PARENT, limit: 5 } } });
    const parent = parents!.items.find((u) => u.name === PARENT)!;
    const created = await admin.client.POST('/units', { body: { name: before, shortName: 'CBSX', kind: 'party_cell', parentId: parent.id, symbolStyle: 'party' } });
    expect(created.error).toBeUndefined();
    const renamed = await admin.client.POST('/reorganisations', {
      body: { effectiveOn: vietnamDay(0).iso, changes: [{ kind: 'rename', unitId: created.data!.id, name: after }] },
    });
    expect(renamed.error).toBeUndefined();
    browser = await launchBrowser();
    page = await newPage(browser, width);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the tree of yesterday with the old name and no unit menu, then today\'s', async () => {
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Quản trị' }).waitFor();
    const tree = page.getByRole('tree', { name: 'Cây tổ chức' });
    const item = (name: string) => tree.getByRole('treeitem').filter({ has: page.getByText(name, { exact: true }) });
    const day = page.getByLabel('Xem cây tổ chức tại ngày');
    await day.fill(vietnamDay(-1).typed);
    await day.press('Enter');
    await page.getByTestId('units-as-of').waitFor();
    await tree.getByRole('button', { name: `Mở ${PARENT}` }).click();
    await item(before).waitFor();
    expect(await item(after).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Thao tác với/ }).count()).toBe(0);
    await checkScreen(page, 'admin', 'tree-as-of', width);

    await page.getByRole('button', { name: 'Về hôm nay' }).click();
    await page.getByTestId('units-as-of').waitFor({ state: 'detached' });
    await tree.getByRole('button', { name: `Mở ${PARENT}` }).click();
    await item(after).waitFor();
    expect(await item(before).count()).toBe(0);
    await page.getByRole('button', { name: `Thao tác với ${after}` }).waitFor();
  });

  it('searches the names of that day', async () => {
    const day = page.getByLabel('Xem cây tổ chức tại ngày');
    await day.fill(vietnamDay(-1).typed);
    await day.press('Enter');
    await page.getByLabel('Tìm đơn vị theo tên').fill(`truoc sap xep ${run}`);
    await page.waitForURL(/q=/);
    const results = page.getByRole('list', { name: 'Đơn vị tìm thấy' });
    await results.getByText(before, { exact: true }).waitFor();
    await checkScreen(page, 'admin', 'search-as-of', width);
    await page.getByLabel('Tìm đơn vị theo tên').fill(`sau sap xep ${run}`);
    await page.getByText('Không tìm thấy đơn vị nào.').waitFor();
  });
});
