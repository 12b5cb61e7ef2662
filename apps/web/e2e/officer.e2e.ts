import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, baseUrl, checkScreen, DEMO_PASSWORD, expectAccessibleWhileLoading, launchBrowser, newPage, signIn, WIDTHS } from './support';
import { submittedPlan, unitsUnder } from './support/plans';

type Api = Awaited<ReturnType<typeof apiAs>>;

const SIGNATURE = { authority: 'T/M' as const, onBehalfOf: 'Ban Thường vụ', signerTitle: 'Phó Bí thư Thường trực' };
const ATTACHMENT = { name: 'danh-sach-hoi-nghi.txt', mimeType: 'text/plain', buffer: Buffer.from('Hội nghị báo cáo viên phường Bồ Đề: 2 buổi, 1.500 lượt người.\n') };

/** A new user of the ward holding `role`, created by the administrator (the demo has only the ward's officer). */
async function wardMember(admin: Api, wardId: string, username: string, role: 'drafter' | 'secretary'): Promise<Api> {
  const user = await admin.client.POST('/users', { body: { username, password: DEMO_PASSWORD, displayName: `Phường Bồ Đề ${role}` } });
  expect(user.error).toBeUndefined();
  const grant = await admin.client.POST('/users/{id}/memberships', { params: { path: { id: user.data!.id } }, body: { unitId: wardId, role } });
  expect(grant.error).toBeUndefined();
  return apiAs(username);
}

/**
 * The ward officer's "Việc của tôi": acknowledge a district assignment, see the ward's own plan
 * drafted (by the ward's drafter, on this screen) and issued, write the report with indicators and
 * a file, submit it, read the reviewer's comment when it comes back, and send it again.
 */
describe.each(WIDTHS)('unit officer at %i px', (width) => {
  const run = `${width}-${Date.now().toString(36)}`;
  const title = `Kế hoạch tuyên truyền cho phường ${run}`;
  let browser: Browser;
  let page: Page;
  let assignmentId: string;
  let wardDrafter: Api;
  let wardSecretary: Api;
  let monitor: Api;
  let cellId: string;

  beforeAll(async () => {
    // The district issues a plan assigning the ward, which must write its own implementing plan.
    const plan = await submittedPlan(title);
    const secretary = await apiAs('lb.secretary');
    const current = (await secretary.client.GET('/plans/{id}', { params: { path: { id: plan.id } } })).data!;
    const issued = await secretary.client.POST('/plans/{id}/events', { params: { path: { id: plan.id } }, body: { type: 'ISSUE', expectedVersion: current.version, signature: SIGNATURE } });
    expect(issued.error).toBeUndefined();
    const { byName } = await unitsUnder(plan.drafter);
    const wardId = byName('Đảng ủy phường Bồ Đề');
    const tracked = (await secretary.client.GET('/plans/{id}/assignments', { params: { path: { id: plan.id } } })).data!;
    assignmentId = tracked.find((a) => a.assigneeUnitId === wardId)!.id;

    const admin = await apiAs('hn.admin');
    wardDrafter = await wardMember(admin, wardId, `bode.drafter.${run}`, 'drafter');
    wardSecretary = await wardMember(admin, wardId, `bode.secretary.${run}`, 'secretary');
    // The ward's plan assigns work below it: a residential party cell.
    const cell = await admin.client.POST('/units', { body: { name: `Chi bộ khu dân cư ${run}`, shortName: 'CB', kind: 'party_cell', parentId: wardId, symbolStyle: 'party' } });
    expect(cell.error).toBeUndefined();
    cellId = cell.data!.id;

    // The district's monitor has already reminded the ward once.
    monitor = await apiAs('lb.monitor');
    const reminded = await monitor.client.POST('/assignments/reminders', { body: { assignmentIds: [assignmentId], message: 'Đề nghị phường tiếp nhận và triển khai ngay.' } });
    expect(reminded.error).toBeUndefined();

    browser = await launchBrowser();
    page = await newPage(browser, width);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const row = () => page.getByTestId('assignment-row').filter({ has: page.getByRole('link', { name: title }) });

  /** The assignment's page, reached from the list by keyboard: focus its link and press Enter. */
  async function openAssignment() {
    const link = page.getByRole('link', { name: title });
    await link.focus();
    await link.press('Enter');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  it('lands the officer on "Việc của tôi" with the new assignment, its due date and deadline status', async () => {
    await signIn(page, 'lb.ward.officer');
    await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await page.waitForURL(/\/app\/my-work/);
    await row().waitFor();
    // "Việc của tôi" while it is still loading: the loader passes axe too.
    await expectAccessibleWhileLoading(page, '/app/my-work', `officer-my-work-${width}`);
    await row().waitFor();
    expect(await row().getByText('Hạn: 10/04/2027').isVisible()).toBe(true);
    expect(await row().locator('[data-status="not_yet_due"]').textContent()).toBe('Chưa đến hạn');
    expect(await row().locator('[data-state="assigned"]').textContent()).toBe('Đã giao');
    await checkScreen(page, 'officer', 'list', width);
  });

  it('filters by state and overdue in the URL', async () => {
    await page.getByLabel('Trạng thái nhiệm vụ', { exact: true }).and(page.locator('input')).click();
    await page.getByRole('option', { name: 'Đã giao' }).click();
    await page.waitForURL(/state=assigned/);
    await row().waitFor();
    await page.getByRole('checkbox', { name: 'Chỉ việc quá hạn' }).check();
    await page.waitForURL(/overdue=true/);
    // A plan due in 2027 is not overdue.
    await expect.poll(() => row().count()).toBe(0);
    await checkScreen(page, 'officer', 'filtered', width);
    await page.goto(`${baseUrl()}/app/my-work`);
    await row().waitFor();
  });

  it('acknowledges in one keypress, and the row follows', async () => {
    const acknowledge = row().getByRole('button', { name: 'Tiếp nhận' });
    await acknowledge.focus();
    await acknowledge.press('Enter');
    await row().locator('[data-state="acknowledged"]').waitFor();
    expect(await row().getByRole('button', { name: 'Tiếp nhận' }).count()).toBe(0);
    const seen = (await monitor.client.GET('/assignments/{id}', { params: { path: { id: assignmentId } } })).data!;
    expect(seen.state).toBe('acknowledged');
  });

  it('shows the assignment: no own plan yet (the drafter starts it), no report yet, the reminder received', async () => {
    await openAssignment();
    await page.getByTestId('implementing-plan').getByText('Chuyên viên soạn thảo của đơn vị xây dựng kế hoạch thực hiện.').waitFor();
    await page.getByTestId('report-section').getByText('Báo cáo sau khi kế hoạch thực hiện của đơn vị được ban hành.').waitFor();
    const reminder = page.getByTestId('reminder').first();
    await reminder.getByText('Đề nghị phường tiếp nhận và triển khai ngay.').waitFor();
    expect(await reminder.textContent()).toContain('Đỗ Thị Minh Ngọc');
    await checkScreen(page, 'officer', 'assignment', width);
  });

  it('lets the ward\'s drafter start the implementing plan from the same screen', async () => {
    const drafterPage = await newPage(browser, width);
    await signIn(drafterPage, `bode.drafter.${run}`);
    await drafterPage.goto(`${baseUrl()}/app/my-work/assignments/${assignmentId}`);
    const start = drafterPage.getByRole('button', { name: 'Xây dựng kế hoạch thực hiện' });
    await start.focus();
    await start.press('Enter');
    await drafterPage.waitForURL(/\/my-work\/plans\//);
    await drafterPage.getByText('Đây là bản dự thảo, chỉ để xem ở màn hình này.').waitFor();
    expect(await drafterPage.locator('[data-state="draft.editing"]').first().textContent()).toBe('Đang soạn');
    await checkScreen(drafterPage, 'officer', 'child-draft', width);
    await drafterPage.context().close();
  });

  it('shows the ward\'s plan, once issued, with its number on the assignment', async () => {
    // The ward completes and issues its plan (the drafter's and secretary's screens have their own flows).
    const assignment = (await wardDrafter.client.GET('/assignments/{id}', { params: { path: { id: assignmentId } } })).data!;
    const childId = assignment.childPlan!.id;
    const patched = await wardDrafter.client.PATCH('/plans/{id}', {
      params: { path: { id: childId } },
      body: { expectedVersion: 1, assignments: [{ assigneeUnitId: cellId, responsibilities: ['Tuyên truyền tại khu dân cư'], requiresOwnPlan: false, dueOn: '2027-04-01' }] },
    });
    expect(patched.error).toBeUndefined();
    const submitted = await wardDrafter.client.POST('/plans/{id}/events', { params: { path: { id: childId } }, body: { type: 'SUBMIT', expectedVersion: patched.data!.version } });
    expect(submitted.error).toBeUndefined();
    const issued = await wardSecretary.client.POST('/plans/{id}/events', {
      params: { path: { id: childId } },
      body: { type: 'ISSUE', expectedVersion: submitted.data!.version, signature: { ...SIGNATURE, onBehalfOf: 'Đảng ủy' } },
    });
    expect(issued.error).toBeUndefined();
    const number = (await wardSecretary.client.GET('/plans/{id}', { params: { path: { id: childId } } })).data!.numberAndSymbol!;
    expect(number).toMatch(/^\d+-KH\/ĐU$/);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.getByTestId('child-plan-number').textContent()).toBe(number);
    await page.getByTestId('implementing-plan').locator('[data-state="issued"]').waitFor();
    await page.locator('[data-state="implementing"]').first().waitFor();
    await checkScreen(page, 'officer', 'plan-issued', width);
  });

  it('writes the report: sections, indicators with their counting units, a file; saves the draft by keyboard', async () => {
    const start = page.getByRole('button', { name: 'Lập báo cáo' });
    await start.focus();
    await start.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Báo cáo của Đảng ủy phường Bồ Đề' }).waitFor();
    await page.getByLabel('Kết quả đạt được').fill('Tổ chức 2 hội nghị báo cáo viên với 1.500 lượt người tham dự.');
    await page.getByLabel('Hạn chế và nguyên nhân').fill('Một số khu dân cư triển khai chậm.');
    await page.getByLabel('Kiến nghị, đề xuất').fill('Đề nghị Quận ủy hỗ trợ tài liệu tuyên truyền.');
    const conferences = page.getByRole('textbox', { name: 'Hội nghị báo cáo viên' });
    await conferences.fill('2');
    expect(await page.getByText('Đơn vị tính: hội nghị').isVisible()).toBe(true);
    const attendees = page.locator('[data-indicator="attendees"]');
    await attendees.fill('1500');
    await attendees.blur();
    expect(await attendees.inputValue()).toBe('1.500');

    await page.locator('input[type="file"]').setInputFiles(ATTACHMENT);
    await page.getByTestId('attachment').getByText(ATTACHMENT.name).waitFor();
    await checkScreen(page, 'officer', 'report-form', width);

    const save = page.getByRole('button', { name: 'Lưu nháp' });
    await save.focus();
    await save.press('Enter');
    await page.getByText('Đã lưu nháp báo cáo.').waitFor();
    const report = (await monitor.client.GET('/assignments/{id}/report', { params: { path: { id: assignmentId } } })).data!;
    expect(report).toMatchObject({ state: 'draft', indicators: { speaker_conferences: 2, attendees: 1500 }, limitations: 'Một số khu dân cư triển khai chậm.', lessons: null });
    expect(report.attachments).toEqual([expect.objectContaining({ name: ATTACHMENT.name, size: ATTACHMENT.buffer.length })]);

    // The file comes back as it went.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: ATTACHMENT.name, exact: true }).click()]);
    expect(readFileSync((await file.path())!)).toEqual(ATTACHMENT.buffer);
  });

  it('submits it and shows it read-only', async () => {
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('[data-report-state="submitted"]').waitFor();
    expect(await page.getByRole('button', { name: 'Gửi báo cáo' }).count()).toBe(0);
    expect(await page.getByTestId('indicator-row').filter({ hasText: 'Lượt người tham dự' }).textContent()).toMatch(/1\.500/);
    await checkScreen(page, 'officer', 'report-submitted', width);
  });

  it('shows the reviewer\'s comment on top of a returned report, and sends the revision', async () => {
    const report = (await monitor.client.GET('/assignments/{id}/report', { params: { path: { id: assignmentId } } })).data!;
    const returned = await monitor.client.POST('/reports/{id}/events', {
      params: { path: { id: report.id } },
      body: { type: 'RETURN', expectedVersion: report.version, comment: 'Bổ sung số tin bài trên trang thông tin điện tử.' },
    });
    expect(returned.error).toBeUndefined();

    await page.reload();
    const comment = page.getByTestId('return-comment');
    await comment.getByText('Bổ sung số tin bài trên trang thông tin điện tử.').waitFor();
    expect(await comment.textContent()).toContain('Đỗ Thị Minh Ngọc');
    await checkScreen(page, 'officer', 'report-returned', width);

    await page.locator('[data-indicator="news_articles"]').fill('12');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('[data-report-state="submitted"]').waitFor();
    const resent = (await monitor.client.GET('/reports/{id}', { params: { path: { id: report.id } } })).data!;
    expect(resent).toMatchObject({ state: 'submitted', indicators: { speaker_conferences: 2, attendees: 1500, news_articles: 12 } });
  });

  it('switches the report\'s labels to English and back', async () => {
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Report of Đảng ủy phường Bồ Đề' }).waitFor();
    expect(await page.getByText('Results achieved').isVisible()).toBe(true);
    await checkScreen(page, 'officer', 'report-en', width);
    await page.getByText('VI', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Báo cáo của Đảng ủy phường Bồ Đề' }).waitFor();
  });
});
