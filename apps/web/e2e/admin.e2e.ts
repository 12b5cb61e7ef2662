import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, checkScreen, launchBrowser, newPage, signIn, WIDTHS } from './support';

const ADMIN_PASSWORD = 'admin-demo-2026';
const NEW_PARENT = 'Ban Tuyên giáo Quận ủy Long Biên';
const ROLE_UNIT = 'Đảng ủy phường Bồ Đề';

/** The admin: the organisation tree opened level by level, a unit moved under another, a user added with a role. */
describe.each(WIDTHS)('admin at %i px', (width) => {
  const run = `${width}-${Date.now().toString(36)}`;
  const unitName = `Chi bộ kiểm thử ${run}`;
  const username = `e2e.${run}`;
  let browser: Browser;
  let page: Page;
  let admin: Awaited<ReturnType<typeof apiAs>>;
  let unitId: string;
  const unitByName = async (name: string) => {
    const { data } = await admin.client.GET('/units/search', { params: { query: { q: name, limit: 50 } } });
    const unit = data!.items.find((u) => u.name === name);
    if (!unit) throw new Error(`No unit '${name}'`);
    return unit;
  };

  beforeAll(async () => {
    admin = await apiAs('admin', ADMIN_PASSWORD);
    const parent = await unitByName(ROLE_UNIT);
    const created = await admin.client.POST('/units', { body: { name: unitName, shortName: 'CBKT', kind: 'party_cell', parentId: parent.id, symbolStyle: 'party' } });
    expect(created.error).toBeUndefined();
    unitId = created.data!.id;
    browser = await launchBrowser();
    page = await newPage(browser, width);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in and opens the tree a level at a time, by keyboard', async () => {
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Quản trị' }).waitFor();
    // The shared virtualised tree (an ARIA tree, one tab stop): each unit's children are fetched when it is opened.
    const tree = page.getByRole('tree', { name: 'Cây tổ chức' });
    const item = (name: string) => tree.getByRole('treeitem').filter({ has: page.getByText(name, { exact: true }) });
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    const focusedLevel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-level'));
    await item('Thành ủy Hà Nội').focus();
    await page.keyboard.press('ArrowRight');
    await item('Quận ủy Long Biên').waitFor();
    expect(await item('Thành ủy Hà Nội').getAttribute('aria-expanded')).toBe('true');
    expect(await item('Quận ủy Long Biên').getAttribute('aria-level')).toBe('2');
    // Right again goes to the first child, Left back to the parent; Home and End jump.
    await page.keyboard.press('ArrowRight');
    await expect.poll(focusedLevel).toBe('2');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(focused).toContain('Thành ủy Hà Nội');
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => Array.from(document.querySelectorAll('[role=treeitem]')).at(-1) === document.activeElement)).toBe(true);
    await page.keyboard.press('Home');
    await expect.poll(focused).toContain('Thành ủy Hà Nội');
    // Enter opens the unit's actions; Escape gives the focus back to its row.
    await item('Quận ủy Long Biên').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Đổi tên, sửa thông tin' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(focused).toContain('Quận ủy Long Biên');
    await page.keyboard.press('ArrowRight');
    await item(NEW_PARENT).waitFor();
    expect(await item(NEW_PARENT).getAttribute('aria-level')).toBe('3');
    await checkScreen(page, 'admin', 'tree', width);
    // The mouse too: its chevron closes it.
    await tree.getByRole('button', { name: 'Thu gọn Quận ủy Long Biên' }).click();
    await item(NEW_PARENT).waitFor({ state: 'detached' });
  });

  it('finds the unit by name without accents and moves it under another unit', async () => {
    await page.getByLabel('Tìm đơn vị theo tên').fill(`chi bo kiem thu ${run}`);
    await page.waitForURL(/q=/);
    await page.getByRole('button', { name: `Thao tác với ${unitName}` }).click();
    await page.getByRole('menuitem', { name: 'Chuyển sang đơn vị khác' }).click();
    const dialog = page.getByRole('dialog', { name: `Chuyển ${unitName}` });
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: 'Đơn vị cấp trên mới' }).fill('ban tuyen giao quan uy long');
    await page.getByRole('option', { name: NEW_PARENT, exact: true }).click();
    await checkScreen(page, 'admin', 'move-dialog', width);
    await dialog.getByRole('button', { name: 'Chuyển', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const moved = await admin.client.GET('/units/{id}', { params: { path: { id: unitId } } });
    expect(moved.data!.parentId).toBe((await unitByName(NEW_PARENT)).id);
    await checkScreen(page, 'admin', 'moved', width);
  });

  it('adds a user with a role at a unit', async () => {
    await page.getByRole('tab', { name: 'Người dùng, vai trò' }).click();
    await page.waitForURL(/tab=users/);
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
    await dialog.waitFor();
    await dialog.getByLabel('Tên đăng nhập').fill(username);
    await dialog.getByLabel('Họ và tên').fill('Trần Văn Kiểm');
    await dialog.getByLabel('Mật khẩu ban đầu').fill('mat-khau-kiem-thu-2026');
    await dialog.getByRole('combobox', { name: 'Đơn vị' }).fill('dang uy phuong bo de');
    await page.getByRole('option', { name: ROLE_UNIT, exact: true }).click();
    await dialog.getByRole('combobox', { name: 'Vai trò' }).click();
    await page.getByRole('option', { name: 'Cán bộ đơn vị' }).click();
    await checkScreen(page, 'admin', 'user-dialog', width);
    await dialog.getByRole('button', { name: 'Thêm người dùng' }).click();
    await dialog.waitFor({ state: 'detached' });

    const { data } = await admin.client.GET('/users', { params: { query: { limit: 500 } } });
    const user = data!.items.find((u) => u.username === username)!;
    expect(user.displayName).toBe('Trần Văn Kiểm');
    expect(user.memberships.map((m) => [m.role, m.unitName])).toEqual([['unit_officer', ROLE_UNIT]]);
    const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
    await row.getByText(ROLE_UNIT).waitFor();
    expect(await row.textContent()).toContain('Cán bộ đơn vị');
    await checkScreen(page, 'admin', 'users', width);
    // The new account signs in with its first password and holds the role.
    const signedIn = await apiAs(username, 'mat-khau-kiem-thu-2026');
    expect(signedIn.me.memberships.map((m) => m.role)).toEqual(['unit_officer']);
  });
});
