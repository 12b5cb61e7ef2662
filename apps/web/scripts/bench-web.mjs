// Prints the built web app's sizes against the budgets of issue 7 (printed, not asserted):
// initial JavaScript ≤ 250 KB gzipped, CSS ≤ 60 KB gzipped, each lazily loaded route ≤ 150 KB gzipped.
// Initial = the entry chunk and its static imports; a route = its dynamic entry and the shared
// chunks it pulls in beyond the initial set. Run `npm run bench:web` (it builds first).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const KB = 1024;
const BUDGET = { initial: 250 * KB, css: 60 * KB, route: 150 * KB };

const size = (file) => {
  const bytes = readFileSync(join(dist, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const sum = (files) => [...files].map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });

/** The chunk keys a chunk loads statically, itself included. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key].imports ?? []) closure(next, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const initialKeys = closure(entryKey);
const initialJs = sum([...initialKeys].map((k) => manifest[k].file));
const css = sum(new Set([...Object.values(manifest)].flatMap((c) => c.css ?? [])));

const fmt = (n) => `${(n / KB).toFixed(1).padStart(7)} KB`;
const verdict = (value, budget) => (value <= budget ? 'within' : 'OVER');
const line = (name, s, budget) => `${name.padEnd(44)} ${fmt(s.gzip)} gz ${fmt(s.raw)} raw   budget ${fmt(budget)} gz  ${verdict(s.gzip, budget)}`;

const rows = [line('initial JavaScript', initialJs, BUDGET.initial), line('CSS', css, BUDGET.css)];
for (const key of Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry).sort()) {
  const own = [...closure(key)].filter((k) => !initialKeys.has(k)).map((k) => manifest[k].file);
  rows.push(line(`lazy route ${key.replace(/^src\/routes\//, '')}`, sum(own), BUDGET.route));
}
process.stdout.write(`${rows.join('\n')}\n`);

// The monitor's cascade at 5,000 units (issue 7): first rows within 1.5 s of navigation, a level
// expanded or collapsed within 500 ms, the API payload ≤ 1 MB. The server (bench/web-cascade.ts,
// built by the root build) runs the API with the demo data and a 5,010-unit cascade under Long
// Biên on a throw-away database; Chromium is driven by playwright-core as the browser flows drive it.
const CASCADE = { firstRowsMs: 1500, levelMs: 500, payload: 1024 * KB };
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { startWebCascadeServer } = await import(join(root, 'dist', 'bench', 'web-cascade.js'));
const { chromium } = await import('playwright-core');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const msText = (n) => `${n.toFixed(0).padStart(5)} ms`;
const timeLine = (name, samples, budget) =>
  `${name.padEnd(44)} median ${msText(median(samples))}, max ${msText(Math.max(...samples))}   budget ${msText(budget)}  ${verdict(Math.max(...samples), budget)}`;

const server = await startWebCascadeServer();
// The flags of e2e/support/chromium.ts (no GPU, no sandbox, nothing that calls home).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const login = await fetch(`${server.baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lb.monitor', password: 'demo-password' }) });
  const { accessToken } = await login.json();
  const get = async (path) => {
    const started = performance.now();
    const res = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw new Error(`${path}: ${res.status} ${body.toString().slice(0, 300)}`);
    return { ms: performance.now() - started, body, json: JSON.parse(body.toString()) };
  };

  // The API: the whole tree in one response (what the screen reads), against the flat form paged by 500.
  const tree = [];
  for (let i = 0; i < 5; i += 1) tree.push(await get(`/plans/${server.planId}/cascade`));
  const nodes = tree[0].json.totals.nodes;
  const flat = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    let bytes = 0;
    let cursor = null;
    do {
      const page = await get(`/plans/${server.planId}/cascade/nodes?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      bytes += page.body.length;
      cursor = page.json.nextCursor;
    } while (cursor);
    flat.push({ ms: performance.now() - started, bytes });
  }
  const top = await get(`/plans/${server.planId}/cascade?maxDepth=1`);

  // The browser: sign in once, then navigate to the cascade and wait for its first rows.
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
  await page.goto(`${server.baseUrl}/app/login`);
  await page.getByLabel('Tên đăng nhập').fill('lb.monitor');
  await page.getByLabel('Mật khẩu').fill('demo-password');
  await page.getByLabel('Mật khẩu').press('Enter');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  const firstRows = [];
  for (let i = 0; i < 5; i += 1) {
    // A fresh document each time: from the navigation's start (performance.timeOrigin) to the first tree row in the page.
    await page.goto(`${server.baseUrl}/app/monitor/plans/${server.planId}`);
    await page.getByRole('treeitem').first().waitFor();
    firstRows.push(await page.evaluate(() => performance.now()));
  }
  /** Sends `act` in the page and waits until `done` holds and the next frame is painted: the time the user waits. */
  const inPage = (act, done) =>
    page.evaluate(
      async ({ act, done }) => {
        const tree = document.querySelector('[role=tree]');
        const first = tree.querySelector('[role=treeitem]');
        const started = performance.now();
        if (act === 'expandOne' || act === 'collapseOne') {
          first.focus();
          first.dispatchEvent(new KeyboardEvent('keydown', { key: act === 'expandOne' ? 'ArrowRight' : 'ArrowLeft', bubbles: true }));
        } else {
          [...document.querySelectorAll('button')].find((b) => b.textContent === (act === 'expandAll' ? 'Mở rộng tất cả' : 'Thu gọn tất cả')).click();
        }
        const holds = () => {
          const rows = tree.querySelectorAll('[role=treeitem]');
          const deeper = [...rows].some((r) => r.getAttribute('aria-level') !== '1');
          return done === 'open' ? deeper : !deeper;
        };
        while (!holds()) await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - started;
      },
      { act, done },
    );
  const level = { expandOne: [], collapseOne: [], expandAll: [], collapseAll: [] };
  for (let i = 0; i < 5; i += 1) {
    level.expandOne.push(await inPage('expandOne', 'open'));
    level.collapseOne.push(await inPage('collapseOne', 'closed'));
    level.expandAll.push(await inPage('expandAll', 'open'));
    level.collapseAll.push(await inPage('collapseAll', 'closed'));
  }
  const drawn = await page.evaluate(() => document.querySelectorAll('[role=treeitem]').length);

  const kb = (n) => `${(n / KB).toFixed(1)} KB`;
  const payload = tree[0].body.length;
  const out = [
    '',
    `Cascade of ${nodes.toLocaleString('en')} units (fan-outs ${server.planId && '10 → 20 → 24'}), as lb.monitor; ${tree.length} runs each:`,
    `${'API payload, whole tree (the screen reads it)'.padEnd(44)} ${kb(payload).padStart(10)} raw, ${kb(gzipSync(tree[0].body).length)} gzipped   budget ${kb(CASCADE.payload)}  ${verdict(payload, CASCADE.payload)}`,
    `${'API time, whole tree'.padEnd(44)} median ${msText(median(tree.map((t) => t.ms)))}, max ${msText(Math.max(...tree.map((t) => t.ms)))}`,
    `${'API, flat form paged by 500 (compared)'.padEnd(44)} median ${msText(median(flat.map((f) => f.ms)))} for ${kb(flat[0].bytes)} in ${Math.ceil(nodes / 500)} requests`,
    `${'API, top level only (maxDepth=1)'.padEnd(44)} ${msText(top.ms)} for ${kb(top.body.length)}`,
    timeLine('first rows after navigation (1366 px)', firstRows, CASCADE.firstRowsMs),
    timeLine('expand one node (20 children)', level.expandOne, CASCADE.levelMs),
    timeLine('collapse it', level.collapseOne, CASCADE.levelMs),
    timeLine(`expand all (${nodes.toLocaleString('en')} rows)`, level.expandAll, CASCADE.levelMs),
    timeLine('collapse all', level.collapseAll, CASCADE.levelMs),
    `${'tree rows in the page (virtualised)'.padEnd(44)} ${drawn}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await browser.close();
  await server.stop();
}
