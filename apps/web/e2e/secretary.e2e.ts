import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, checkScreen, launchBrowser, newPage, sha256, signIn, WIDTHS } from './support';
import { submittedPlan } from './support/plans';

/** The secretary's "Chờ xử lý": return a draft with a comment, see it resubmitted, issue it and see the number and the document. */
describe.each(WIDTHS)('secretary at %i px', (width) => {
  const title = `Kế hoạch tuyên truyền kiểm thử ${width} px ${Date.now().toString(36)}`;
  let browser: Browser;
  let page: Page;
  let plan: Awaited<ReturnType<typeof submittedPlan>>;

  beforeAll(async () => {
    plan = await submittedPlan(title);
    browser = await launchBrowser();
    page = await newPage(browser, width);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The plan's link in the current tab, reached by keyboard: focus it and press Enter. */
  async function openPlan() {
    const link = page.getByRole('link', { name: title });
    await link.focus();
    await link.press('Enter');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  it('signs in and lands on the inbox, in Vietnamese, with the draft awaiting approval', async () => {
    await signIn(page, 'lb.secretary');
    await page.getByRole('heading', { level: 1, name: 'Chờ xử lý' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await expect.poll(() => page.getByRole('tab', { name: 'Chờ duyệt' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('link', { name: title }).waitFor();
    await checkScreen(page, 'secretary', 'inbox', width);
  });

  it('keeps the navigation behind a menu button on a phone, and beside the page on a laptop', async () => {
    const burger = page.getByRole('button', { name: 'Mở menu điều hướng' });
    const nav = page.getByRole('link', { name: 'Chờ xử lý' });
    if (width < 768) {
      await expect.poll(() => nav.isVisible()).toBe(false);
      await burger.click();
      await expect.poll(() => nav.isVisible()).toBe(true);
      await checkScreen(page, 'secretary', 'menu', width);
      await burger.click();
    } else {
      expect(await burger.isVisible()).toBe(false);
      expect(await nav.isVisible()).toBe(true);
    }
  });

  it('switches every label to English and back, and <html lang> follows', async () => {
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Awaiting action' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('tab', { name: 'Awaiting approval' }).isVisible()).toBe(true);
    await checkScreen(page, 'secretary', 'inbox-en', width);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Awaiting action' }).waitFor();
    await page.getByText('VI', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Chờ xử lý' }).waitFor();
  });

  it('returns the draft: the comment is required, then the plan is returned', async () => {
    await openPlan();
    await checkScreen(page, 'secretary', 'plan-submitted', width);
    // Only what nextEvents allows: ISSUE and RETURN.
    await page.getByRole('button', { name: 'Trả lại' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trả lại dự thảo cho người soạn' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await dialog.getByText('Hãy ghi rõ lý do trả lại.').waitFor();
    await checkScreen(page, 'secretary', 'return-dialog', width);
    await dialog.getByLabel('Ý kiến (bắt buộc)').fill('Bổ sung chỉ tiêu cụ thể cho từng giai đoạn.');
    // Keyboard: Tab to the confirm button (past Cancel) and press Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Bị trả lại', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Ban hành' }).count()).toBe(0);
    await checkScreen(page, 'secretary', 'plan-returned', width);
  });

  it('lists it under "Đã trả lại", with the tab in the URL', async () => {
    await page.getByRole('link', { name: /Quay lại danh sách/ }).click();
    await page.getByRole('tab', { name: 'Đã trả lại' }).click();
    await page.waitForURL(/tab=returned/);
    await page.getByRole('link', { name: title }).waitFor();
    await checkScreen(page, 'secretary', 'returned-tab', width);
  });

  it('issues the resubmitted plan with the signature block and shows its number, date, SHA-256 and PDF', async () => {
    const current = await plan.drafter.client.GET('/plans/{id}', { params: { path: { id: plan.id } } });
    const fixed = await plan.drafter.client.PATCH('/plans/{id}', {
      params: { path: { id: plan.id } },
      body: { expectedVersion: current.data!.version, purposes: [...current.data!.purposes, 'Mỗi giai đoạn có chỉ tiêu cụ thể.'] },
    });
    expect(fixed.error).toBeUndefined();
    const resubmitted = await plan.drafter.client.POST('/plans/{id}/events', { params: { path: { id: plan.id } }, body: { type: 'SUBMIT', expectedVersion: fixed.data!.version } });
    expect(resubmitted.error).toBeUndefined();

    await page.getByRole('tab', { name: 'Chờ duyệt' }).click();
    await page.waitForURL(/tab=submitted/);
    await openPlan();
    await page.getByRole('button', { name: 'Ban hành' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ban hành kế hoạch' });
    await dialog.waitFor();
    // Prefilled from lb.secretary's own signature of the demo plan 17-KH/QU.
    expect(await dialog.getByLabel('Thẩm quyền ký').inputValue()).toBe('T/M');
    expect(await dialog.getByLabel('Thay mặt / ký thay cho').inputValue()).not.toBe('');
    await dialog.getByLabel('Chức vụ người ký').fill('Phó Bí thư Thường trực');
    await checkScreen(page, 'secretary', 'issue-dialog', width);
    await dialog.getByLabel('Chức vụ người ký').press('Enter');
    await dialog.waitFor({ state: 'detached' });

    const number = page.getByTestId('issued-number');
    await number.waitFor();
    const secretary = await apiAs('lb.secretary');
    const issued = (await secretary.client.GET('/plans/{id}', { params: { path: { id: plan.id } } })).data!;
    expect(await number.textContent()).toBe(issued.numberAndSymbol);
    expect(issued.numberAndSymbol).toMatch(/^\d+-KH\/QU$/);
    const [y, m, d] = issued.issuedOn!.split('-');
    expect(await page.getByTestId('issued-on').textContent()).toBe(`${d}/${m}/${y}`);
    expect(await page.getByTestId('issued-sha256').textContent()).toBe(issued.issuedDocument!.sha256);
    // The digital signature in plain words, the details behind them (a demo certificate of the issuer, under the demo CA).
    const verdict = page.getByTestId('signature-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^Đã ký số bởi Quận ủy Long Biên \(DEMO – không có giá trị pháp lý\) lúc \d\d:\d\d \d\d\/\d\d\/\d{4}; hợp lệ$/);
    await page.getByRole('button', { name: 'Xem chi tiết chữ ký' }).click();
    expect(await page.getByTestId('signature-subject').textContent()).toBe('CN=Quận ủy Long Biên (DEMO – không có giá trị pháp lý), O=Quận ủy Long Biên, C=VN');
    // The assignments now carry their tracked state and deadline status, in words.
    await page.getByText('Đã giao', { exact: true }).first().waitFor();
    await page.getByText('Chưa đến hạn', { exact: true }).first().waitFor();
    await checkScreen(page, 'secretary', 'issued', width);

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải văn bản PDF' }).click()]);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha256(bytes)).toBe(issued.issuedDocument!.sha256);
  });
});
