import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, checkScreen, expectAccessibleWhileLoading, launchBrowser, newPage, signIn, WIDTHS } from './support';
import { issuedPlan, parseCsv, tamperAuditEntry } from './support/audit';

const RETURN_COMMENT = 'Bổ sung chỉ tiêu, "số liệu" cụ thể cho từng giai đoạn.';

/** The auditor: a plan's path on its machine, the chain verified (and broken on a tampered copy), the CSV, the log search. */
describe.each(WIDTHS)('auditor at %i px', (width) => {
  const run = `${width} px ${Date.now().toString(36)}`;
  const title = `Kế hoạch kiểm tra lịch sử ${run}`;
  const tamperedTitle = `Kế hoạch bị sửa nhật ký ${run}`;
  let browser: Browser;
  let page: Page;
  let planId: string;
  let tamperedId: string;

  beforeAll(async () => {
    planId = await issuedPlan(title, RETURN_COMMENT);
    tamperedId = await issuedPlan(tamperedTitle);
    browser = await launchBrowser();
    page = await newPage(browser, width);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const edge = (id: string) => page.locator(`[data-edge="${id}"]`);
  const state = (id: string) => page.locator(`svg [data-state="${id}"]`);

  it('signs in and lands on the plans, then opens the issued plan by keyboard', async () => {
    await signIn(page, 'lb.auditor');
    await page.getByRole('heading', { level: 1, name: 'Lịch sử, kiểm tra' }).waitFor();
    await page.getByLabel('Tìm theo trích yếu hoặc số').fill(title);
    await page.waitForURL(/q=/);
    const link = page.getByRole('link', { name: title });
    await link.waitFor();
    await checkScreen(page, 'auditor', 'plans', width);
    // The same list while it is still loading: the loader passes axe too.
    const url = new URL(page.url());
    await expectAccessibleWhileLoading(page, `${url.pathname}${url.search}`, `auditor-plans-${width}`);
    await link.waitFor();
    await link.focus();
    await link.press('Enter');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  });

  it('says in words who digitally signed the issued document, when, and that the signature holds', async () => {
    const verdict = page.getByTestId('signature-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^Đã ký số bởi Quận ủy Long Biên \(DEMO – không có giá trị pháp lý\) lúc \d\d:\d\d \d\d\/\d\d\/\d{4}; hợp lệ$/);
    await page.getByRole('button', { name: 'Xem chi tiết chữ ký' }).click();
    const details = page.getByTestId('signature-details');
    expect(await details.textContent()).toContain('ETSI.CAdES.detached · PAdES-B-B');
    await page.getByRole('button', { name: 'Ẩn chi tiết' }).click();
  });

  it('draws the machine with the path taken: states visited outlined, transitions counted, the current state filled', async () => {
    await page.getByTestId('machine-diagram').waitFor();
    expect(await state('issued').getAttribute('data-current')).toBe('true');
    for (const visited of ['draft.editing', 'draft.submitted', 'draft.returned', 'issued']) expect(await state(visited).getAttribute('data-visited')).toBe('true');
    for (const idle of ['withdrawn', 'implementing', 'discarded']) expect(await state(idle).getAttribute('data-visited')).toBe('false');
    expect(await edge('draft.editing→draft.submitted').getAttribute('data-taken')).toBe('1');
    expect(await edge('draft.submitted→draft.returned').getAttribute('data-taken')).toBe('1');
    expect(await edge('draft.returned→draft.submitted').getAttribute('data-taken')).toBe('1');
    expect(await edge('draft.submitted→issued').getAttribute('data-taken')).toBe('1');
    expect(await edge('issued→withdrawn').getAttribute('data-taken')).toBe('0');
    // The same in words, for screen readers (the picture is described by this list).
    const list = page.getByTestId('machine-path-list');
    expect(await list.textContent()).toContain('Trạng thái hiện nay: Đã ban hành');
    expect(await list.textContent()).toContain('Chờ duyệt → Bị trả lại (Trả lại): 1 lần');
    expect(await page.getByTestId('machine-diagram').getAttribute('aria-describedby')).toBe(await list.getAttribute('id'));

    const entries = page.getByTestId('audit-entry');
    expect(await entries.count()).toBe(5);
    const history = (await (await apiAs('lb.auditor')).client.GET('/plans/{id}/history', { params: { path: { id: planId } } })).data!;
    const returned = entries.nth(2);
    expect(await returned.textContent()).toContain(RETURN_COMMENT);
    expect(await returned.textContent()).toContain(history[2].hash);
    expect(await returned.textContent()).toContain(history[1].hash);
    expect(await returned.textContent()).toContain('Văn phòng / Thư ký');
    await checkScreen(page, 'auditor', 'plan-history', width);
  });

  it('verifies the chain: valid', async () => {
    const button = page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' });
    await button.focus();
    await button.press('Enter');
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('Chuỗi nhật ký toàn vẹn');
    await checkScreen(page, 'auditor', 'verified', width);
  });

  it('downloads the history as CSV with a BOM, one row per entry', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải CSV' }).click()]);
    // Named for the plan's number, the Vietnamese intact (the API's filename*).
    expect(file.suggestedFilename()).toMatch(/^Lịch sử \d+-KH-QU\.csv$/);
    const bytes = readFileSync((await file.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    expect(header.slice(0, 6)).toEqual(['id', 'seq', 'at', 'event', 'fromState', 'toState']);
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(column('event')).toEqual(['CREATE', 'SUBMIT', 'RETURN', 'SUBMIT', 'ISSUE']);
    expect(column('toState')).toEqual(['draft.editing', 'draft.submitted', 'draft.returned', 'draft.submitted', 'issued']);
    expect(column('comment')[2]).toBe(RETURN_COMMENT);
    expect(column('actorUsername')).toEqual(['lb.drafter', 'lb.drafter', 'lb.secretary', 'lb.drafter', 'lb.secretary']);
    // Each row chains to the one before it.
    const hashes = column('hash');
    expect(column('prevHash').slice(1)).toEqual(hashes.slice(0, -1));
  });

  it('shows the diagram and the timeline in English too', async () => {
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'State machine and the path taken' }).waitFor();
    expect(await page.getByTestId('machine-path-list').textContent()).toContain('Current state: Issued');
    await checkScreen(page, 'auditor', 'plan-history-en', width);
    await page.getByText('VI', { exact: true }).click();
    await page.getByRole('heading', { name: 'Sơ đồ trạng thái và đường đi' }).waitFor();
  });

  it('names exactly the entry broken in a tampered chain', async () => {
    await tamperAuditEntry(tamperedId, 2, 'đã sửa sau khi ghi');
    await page.goto(`${page.url().split('/app/')[0]}/app/auditor/plans/${tamperedId}`);
    await page.getByRole('heading', { level: 1, name: tamperedTitle }).waitFor();
    await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('verify-break').allTextContents()).toEqual(['Kế hoạch, mục 2: nội dung đã bị sửa (mã băm không khớp) ']);
    const broken = page.locator('[data-testid="audit-entry"][data-broken="true"]');
    expect(await broken.count()).toBe(1);
    expect(await broken.getAttribute('data-seq')).toBe('2');
    expect(await broken.textContent()).toContain('đã sửa sau khi ghi');
    await checkScreen(page, 'auditor', 'broken', width);
  });

  it('searches the audit log by unit and event, with the filters in the URL', async () => {
    await page.getByRole('link', { name: /Quay lại danh sách/ }).click();
    await page.getByRole('tab', { name: 'Tra cứu nhật ký' }).click();
    await page.waitForURL(/tab=log/);
    const unit = page.getByRole('combobox', { name: 'Đơn vị (cả các đơn vị trực thuộc)' });
    await unit.fill('quan uy long bien');
    await page.getByRole('option', { name: 'Quận ủy Long Biên', exact: true }).click();
    await page.waitForURL(/unit=/);
    const event = page.getByRole('combobox', { name: 'Sự kiện' });
    await event.click();
    await page.getByRole('option', { name: 'Trả lại (RETURN)' }).click();
    await page.waitForURL(/event=RETURN/);
    // Only RETURN entries once the filtered page has replaced the previous one; ours among them.
    await expect.poll(async () => [...new Set(await page.getByTestId('audit-entry').locator('code').allTextContents())]).toEqual(['RETURN']);
    await page.getByText(RETURN_COMMENT).first().waitFor();
    // From today (in Vietnam), typed as dd/MM/yyyy.
    const [y, m, d] = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split('-');
    await page.getByLabel('Từ ngày').fill(`${d}/${m}/${y}`);
    await page.getByLabel('Từ ngày').press('Enter');
    await page.waitForURL(new RegExp(`from=${y}-${m}-${d}`));
    await page.getByText(RETURN_COMMENT).first().waitFor();
    await checkScreen(page, 'auditor', 'log', width);
    // The view is a link: opened again, the same filters and results.
    await page.reload();
    await page.getByText(RETURN_COMMENT).first().waitFor();
  });

  it('exports the unit\'s history as a bundle with a signed checkpoint and a proof per entry', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất gói kiểm chứng' }).click()]);
    const bundle = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(bundle.format).toBe('plan-cascade/audit-bundle@v1');
    const keys = (await (await apiAs('lb.auditor')).client.GET('/audit/log/keys')).data!;
    expect(bundle.keys).toEqual(keys.keys);
    expect(bundle.checkpoint.startsWith(`${keys.origin}\n`)).toBe(true);
    const ours = bundle.entries.filter((e: { subjectId: string }) => e.subjectId === planId);
    expect(ours.map((e: { event: string }) => e.event)).toEqual(['CREATE', 'SUBMIT', 'RETURN', 'SUBMIT', 'ISSUE']);
    expect(ours.every((e: { proof: string[]; index: number }) => Array.isArray(e.proof) && Number.isInteger(e.index))).toBe(true);
  });
});
