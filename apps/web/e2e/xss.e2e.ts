import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, baseUrl, launchBrowser, newPage, signIn } from './support';
import { issuedPlan } from './support/audit';
import { submittedPlan } from './support/plans';

/** Markup and script in every form a title or a comment could smuggle them: each would set window.__pwned if it ran. */
const PAYLOAD = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"'><svg onload="window.__pwned=3"></svg><a href="javascript:window.__pwned=4">x</a>`;

/** A plan whose title (and return comment) carry the payload: on every screen it is text, and nothing runs. */
describe('an XSS payload in a plan title', () => {
  const run = Date.now().toString(36);
  const marker = `XSS ${run}`;
  const title = `Kế hoạch ${marker} ${PAYLOAD}`;
  let browser: Browser;
  let issuedId: string;
  let draftId: string;
  let assignmentId: string;
  const violations: string[] = [];

  beforeAll(async () => {
    issuedId = await issuedPlan(title, `Trả lại ${PAYLOAD}`);
    draftId = (await submittedPlan(`${title} (chờ duyệt)`)).id;
    const secretary = await apiAs('lb.secretary');
    const assignments = (await secretary.client.GET('/plans/{id}/assignments', { params: { path: { id: issuedId } } })).data!;
    assignmentId = assignments.find((a) => a.assigneeUnitName === 'Đảng ủy phường Bồ Đề')!.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function pageFor(username: string): Promise<Page> {
    const page = await newPage(browser, 1366);
    page.on('dialog', (dialog) => {
      violations.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    // The policy refusing something means something tried to run (or the app itself needs an inline script).
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`${username}: ${message.text()}`);
    });
    await signIn(page, username);
    return page;
  }

  async function expectInert(page: Page, path: string): Promise<void> {
    await page.goto(`${baseUrl()}/app${path}`);
    const shown = page.getByText(marker, { exact: false }).first();
    await shown.waitFor();
    await page.waitForLoadState('networkidle');
    // Shown as the characters typed …
    expect(await shown.textContent(), path).toContain('<img src=x');
    // … and nothing of it became an element or ran.
    expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count(), path).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), path).toBeUndefined();
    expect(violations, path).toEqual([]);
  }

  it('is inert on the drafter\'s and the secretary\'s screens', async () => {
    const drafter = await pageFor('lb.drafter');
    await expectInert(drafter, `/drafter?tab=submitted&q=${encodeURIComponent(marker)}`);
    await expectInert(drafter, `/drafter/plans/${draftId}`);
    const secretary = await pageFor('lb.secretary');
    await expectInert(secretary, '/secretary');
    await expectInert(secretary, `/secretary/plans/${draftId}`);
    await expectInert(secretary, `/secretary/plans/${issuedId}`);
  });

  it('is inert on the ward officer\'s work, the monitor\'s cascade and the auditor\'s history', async () => {
    const officer = await pageFor('lb.ward.officer');
    await expectInert(officer, '/my-work');
    await expectInert(officer, `/my-work/assignments/${assignmentId}`);
    const monitor = await pageFor('lb.monitor');
    await expectInert(monitor, `/monitor/plans/${issuedId}`);
    const auditor = await pageFor('lb.auditor');
    await expectInert(auditor, `/auditor?q=${encodeURIComponent(marker)}`);
    await expectInert(auditor, `/auditor/plans/${issuedId}`);
  });
});
