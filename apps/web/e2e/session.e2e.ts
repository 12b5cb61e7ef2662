import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, newPage, signIn } from './support';

/** Cookie sessions in a real browser: nothing in storage, a reload stays signed in, sign-out ends it; the CSP lets the app and Swagger UI run. */
describe('the browser session', () => {
  let browser: Browser;
  let page: Page;
  const refused: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, 1366);
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const storage = () =>
    page.evaluate(() => ({
      local: Object.entries(localStorage).map(([k, v]) => `${k}=${v}`),
      session: Object.entries(sessionStorage).map(([k, v]) => `${k}=${v}`),
      cookie: document.cookie,
    }));

  it('keeps no token where a script could read it: the refresh token is an httpOnly cookie for /auth/refresh only', async () => {
    await signIn(page, 'lb.secretary');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const seen = await storage();
    for (const value of [...seen.local, ...seen.session]) expect(value).not.toMatch(/eyJ|refresh|token/i);
    expect(seen.cookie).not.toContain('pc_refresh');
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'pc_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth/refresh' });
  });

  it('stays signed in across a reload and in a new tab, by the cookie', async () => {
    const here = page.url();
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(page.url()).toBe(here);
    const tab = await page.context().newPage();
    await tab.goto(`${baseUrl()}/app/secretary`);
    await tab.getByRole('heading', { level: 1 }).first().waitFor();
    expect(new URL(tab.url()).pathname).toBe('/app/secretary');
    await tab.close();
  });

  it('signs out for good: the cookie is gone and a reload lands on sign-in', async () => {
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login/);
    expect((await page.context().cookies()).filter((c) => c.name === 'pc_refresh')).toEqual([]);
    await page.goto(`${baseUrl()}/app/secretary`);
    await page.waitForURL(/\/login/);
  });

  it('runs the web app and Swagger UI under the content security policy without a refusal', async () => {
    const docs = await browser.newPage();
    docs.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await docs.goto(`${baseUrl()}/docs`);
    await docs.locator('.swagger-ui .info .title').waitFor();
    expect(await docs.locator('.opblock').count()).toBeGreaterThan(10);
    await docs.close();
    expect(refused).toEqual([]);
  });
});
