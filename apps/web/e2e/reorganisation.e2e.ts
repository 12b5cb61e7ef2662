import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, expectAccessible, launchBrowser, newPage, signIn } from './support';

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
