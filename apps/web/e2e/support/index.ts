import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { paths } from '../../src/api/schema';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

export const DEMO_PASSWORD = 'demo-password';
/** Every flow runs at a laptop's width and at a phone's. */
export const WIDTHS = [1366, 390] as const;
const HEIGHTS: Record<number, number> = { 1366: 768, 390: 844 };
const SCREENSHOTS = join(import.meta.dirname, '..', 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const baseUrl = (): string => inject('baseUrl');

/** The typed API client (the web app's own types), signed in as a demo account: for a flow's setup. `base`: a server of the flow's own. */
export async function apiAs(username: string, password = DEMO_PASSWORD, base = baseUrl()) {
  const anonymous = createClient<paths>({ baseUrl: base });
  const { data, error } = await anonymous.POST('/auth/login', { body: { username, password } });
  if (!data) throw new Error(`login ${username}: ${JSON.stringify(error)}`);
  const client = createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${data.accessToken}` } });
  const me = await client.GET('/auth/me');
  return { client, me: me.data!, tokens: data };
}

/** One Chromium per flow file, started with the flags and a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (own storage, so its own session) at the width, Vietnamese as a new user gets it. */
export async function newPage(browser: Browser, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: HEIGHTS[width] ?? 800 }, acceptDownloads: true, locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, base = baseUrl()): Promise<void> {
  await page.goto(`${base}/app/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  // By keyboard, as a user in a hurry does.
  await page.getByLabel('Mật khẩu').press('Enter');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** axe-core (WCAG 2 A and AA) on what the page shows now: no serious or critical violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // Evaluated, not added as an inline <script>: the page's CSP (script-src 'self') refuses those, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; html: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.html.slice(0, 200)}`) }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${label}: ${JSON.stringify(blocking, null, 2)}`).toEqual([]);
}

/**
 * axe while the page is still loading its data: the API's answers are held back until the page
 * shows its loader (a status named "Đang tải…") and axe has checked it, then let through. The
 * loader is on screen on every slow connection, so it must pass like any finished screen.
 */
export async function expectAccessibleWhileLoading(page: Page, path: string, label: string): Promise<void> {
  const origin = new URL(baseUrl()).origin;
  // The session's refresh goes through: a fresh page first trades its refresh cookie for an access token (before any screen).
  const isApi = (url: URL) => url.origin === origin && !url.pathname.startsWith('/app/') && url.pathname !== '/favicon.ico' && url.pathname !== '/auth/refresh';
  const held: Route[] = [];
  let holding = true;
  const hold = async (route: Route) => {
    if (holding) held.push(route);
    else await route.continue();
  };
  await page.route(isApi, hold);
  try {
    await page.goto(`${baseUrl()}${path}`);
    await page.getByRole('status', { name: 'Đang tải…' }).first().waitFor();
    await expectAccessible(page, `${label}-loading`);
  } finally {
    holding = false;
    // Let the held answers through before the handler goes (a request the page dropped meanwhile needs nothing).
    await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
    await page.unroute(isApi, hold);
  }
}

/** At any width, the page itself never scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${label}: page is ${scroll}px wide in a ${client}px window`).toBeLessThanOrEqual(client);
}

/**
 * A screen reached in a flow: wait for it to settle, save `screenshots/<role>-<step>-<width>.png`,
 * run axe on it and check there is no sideways scroll.
 */
export async function checkScreen(page: Page, role: string, step: string, width: number): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Mantine's transitions (modals, popovers) finish before the picture and the contrast check.
  await page.waitForTimeout(250);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${role}-${step}-${width}.png`), fullPage: true });
  const label = `${role}-${step}-${width}`;
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
