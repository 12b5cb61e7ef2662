// The README's picture: the monitor's cascade of the Long Biên demo plan (17-KH/QU), at a laptop's
// size, from a server started with demo data (`npm start`).
//   node apps/web/scripts/readme-screenshot.mjs [http://localhost:3000] [docs/images/monitor-cascade.png]
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = resolve(process.argv[3] ?? 'docs/images/monitor-cascade.png');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'], headless: true });
const page = await browser.newPage({ viewport: { width: 1366, height: 1150 }, locale: 'vi-VN', deviceScaleFactor: 1 });
await page.goto(`${base}/app/login`);
await page.getByLabel('Tên đăng nhập').fill('lb.monitor');
await page.getByLabel('Mật khẩu').fill('demo-password');
await page.getByLabel('Mật khẩu').press('Enter');
await page.waitForURL((url) => !url.pathname.endsWith('/login'));
await page.goto(`${base}/app/monitor`);
await page.getByRole('heading', { level: 1, name: 'Theo dõi thực hiện' }).waitFor();
await page.getByRole('link', { name: /tuyên truyền/i }).first().click();
await page.getByRole('tree', { name: 'Cây đơn vị thực hiện kế hoạch' }).waitFor();
await page.waitForLoadState('networkidle');
await page.waitForTimeout(500);
mkdirSync(dirname(out), { recursive: true });
await page.screenshot({ path: out });
await browser.close();
console.log('Wrote', out);
