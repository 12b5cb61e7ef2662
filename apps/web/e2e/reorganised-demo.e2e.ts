import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage, signIn } from './support';
import { startApi, type RunningApi } from './support/server';

const ADMIN_PASSWORD = 'admin-demo-2026';
/** The day's work of the Long Biên accounts (libs/demo DEMO_WORK.dueSoon). */
const DUE_SOON = 'Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm nay';

/**
 * The demo as `npm start` makes it: the 1 July 2025 reorganisation recorded over the seeds'
 * bodies. On a server of its own (the other flows share one with the pre-2025 tree): the ward
 * officer of a ward that no longer exists finds its open work at the new ward, the seed plan it
 * came from reads with its issuer as it was, and the admin's tree is the two-level one.
 */
describe('the reorganised demo (DEMO_REORGANISATION default)', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
    page = await newPage(browser, 1366);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('shows the officer of the old Bồ Đề ward its handed-over work at the new ward, and the seed plan\'s issuer as it was', async () => {
    await signIn(page, 'lb.ward.officer', undefined, api.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    const rows = page.getByTestId('assignment-row');
    // 17-KH/QU's assignments of the old wards merged into the new Bồ Đề ward, now held by the city committee
    // (the list names the issuer as it was beside today's).
    const seed = rows.filter({ hasText: '17-KH/QU' });
    await seed.first().waitFor();
    expect(await seed.first().textContent()).toContain('17-KH/QU · Thành ủy Hà Nội (ban hành với tên Quận ủy Long Biên) → Đảng ủy phường Bồ Đề');
    // And the day's work, given by today's units.
    expect(await rows.filter({ has: page.getByRole('link', { name: DUE_SOON }) }).textContent()).toContain('Thành ủy Hà Nội → Đảng ủy phường Bồ Đề');
    await expectAccessible(page, 'my work after the reorganisation');

    await seed.first().getByRole('link').click();
    await page.getByRole('link', { name: 'Xem kế hoạch giao nhiệm vụ' }).click();
    await expect.poll(() => page.getByTestId('plan-number').textContent()).toBe('17-KH/QU');
    expect(await page.getByTestId('plan-issuer').textContent()).toContain('Thành ủy Hà Nội (ban hành với tên Quận ủy Long Biên)');
    await expectAccessible(page, 'seed plan with its issuer as it was');
  });

  it('shows the admin the two-level tree: the new wards under the city committee, the district ended', async () => {
    await signIn(page, 'admin', ADMIN_PASSWORD, api.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Quản trị' }).waitFor();
    const tree = page.getByRole('tree', { name: 'Cây tổ chức' });
    const item = (name: string) => tree.getByRole('treeitem').filter({ has: page.getByText(name, { exact: true }) });
    await item('Thành ủy Hà Nội').focus();
    await page.keyboard.press('ArrowRight');
    for (const ward of ['Đảng ủy phường Bồ Đề', 'Đảng ủy phường Việt Hưng', 'Đảng ủy phường Phúc Lợi', 'Đảng ủy phường Long Biên']) {
      await item(ward).waitFor();
      expect(await item(ward).getAttribute('aria-level')).toBe('2');
    }
    await item('Ban Tuyên giáo và Dân vận Thành ủy Hà Nội').waitFor();
    // The district stays in the tree, marked as ended: its past is still read through it.
    expect(await item('Quận ủy Long Biên').textContent()).toContain('Ngừng hoạt động');
    await expectAccessible(page, 'the two-level tree');
  });
});
