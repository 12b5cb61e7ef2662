// Prints the built web app's sizes against the budgets of issue 7 (printed, not asserted):
// initial JavaScript ≤ 250 KB gzipped, CSS ≤ 60 KB gzipped, each lazily loaded route ≤ 150 KB gzipped.
// Initial = the entry chunk and its static imports; a route = its dynamic entry and the shared
// chunks it pulls in beyond the initial set. Run `npm run bench:web` (it builds first).
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

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
// expanded or collapsed within 500 ms, the API payload ≤ 1 MB (as it travels: the API compresses
// for a client that asks). The server (bench/web-cascade.ts, built by the root build) runs the API
// with the demo data and a 5,010-unit cascade under Long Biên on a throw-away database; Chromium is
// driven by playwright-core as the browser flows drive it. The screen reads two levels first
// (maxDepth=2), then the whole listing in the background; a deeper node opened before that has
// come fetches its children (under=).
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
  /** A GET as the wire carries it (Node's http does not decode): `wire` bytes received, `body` decoded. */
  const get = (path, encoding = 'gzip') =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      httpGet(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}`, 'accept-encoding': encoding } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const coding = res.headers['content-encoding'];
          const body = coding === 'gzip' ? gunzipSync(wire) : coding === 'br' ? brotliDecompressSync(wire) : wire;
          if (res.statusCode !== 200) return reject(new Error(`${path}: ${res.statusCode} ${body.toString().slice(0, 300)}`));
          resolve({ ms: performance.now() - started, wire: wire.length, coding: coding ?? 'identity', body, json: JSON.parse(body.toString()) });
        });
      }).on('error', reject);
    });

  // The API: the whole tree in one response (the listing the screen reads in the background), against the flat form paged by 500.
  const tree = [];
  for (let i = 0; i < 5; i += 1) tree.push(await get(`/plans/${server.planId}/cascade`));
  const nodes = tree[0].json.totals.nodes;
  // What Chromium asks for (it prefers brotli, as the middleware does).
  const asBrowser = await get(`/plans/${server.planId}/cascade`, 'gzip, deflate, br, zstd');
  const flat = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    let bytes = 0;
    let cursor = null;
    do {
      const page = await get(`/plans/${server.planId}/cascade/nodes?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      bytes += page.wire;
      cursor = page.json.nextCursor;
    } while (cursor);
    flat.push({ ms: performance.now() - started, bytes });
  }
  const top = await get(`/plans/${server.planId}/cascade?maxDepth=1`);
  const firstRead = await get(`/plans/${server.planId}/cascade?maxDepth=2`);
  const children = await get(`/plans/${server.planId}/cascade?maxDepth=1&under=${firstRead.json.nodes[0].children[0].id}`);

  // The browser: sign in once, then navigate to the cascade and wait for its first rows.
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
  await page.goto(`${server.baseUrl}/app/login`);
  await page.getByLabel('Tên đăng nhập').fill('lb.monitor');
  await page.getByLabel('Mật khẩu').fill('demo-password');
  await page.getByLabel('Mật khẩu').press('Enter');
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  /**
   * Sends `act` in the page (to the `row`th unit row for expandOne/collapseOne) and waits until
   * `done` holds (rows deeper than that row's level drawn, or none) and the next frame is painted:
   * the time the user waits.
   */
  const inPage = (act, done, row = 0) =>
    page.evaluate(
      async ({ act, done, row }) => {
        const tree = document.querySelector('[role=tree]');
        // Rows of units, not the loading row that stands for children on their way.
        const units = () => [...tree.querySelectorAll('[role=treeitem]:not([aria-busy=true])')];
        const target = units()[row];
        const level = act === 'expandOne' || act === 'collapseOne' ? Number(target.getAttribute('aria-level')) : 1;
        const started = performance.now();
        if (act === 'expandOne' || act === 'collapseOne') {
          target.focus();
          target.dispatchEvent(new KeyboardEvent('keydown', { key: act === 'expandOne' ? 'ArrowRight' : 'ArrowLeft', bubbles: true }));
        } else {
          [...document.querySelectorAll('button')].find((b) => b.textContent === (act === 'expandAll' ? 'Mở rộng tất cả' : 'Thu gọn tất cả')).click();
        }
        const holds = () => {
          const deeper = units().some((r) => Number(r.getAttribute('aria-level')) > level);
          return done === 'open' ? deeper : !deeper;
        };
        while (!holds()) await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - started;
      },
      { act, done, row },
    );
  const listed = () => page.getByTestId('totals-units').filter({ hasText: /Đang hiển thị/ });
  const firstRows = [];
  const whole = [];
  const early = { expandTop: [], expandSecond: [], collapseSecond: [], collapseTop: [] };
  /** `act` measured into `samples` only while the whole listing is still on its way (then it runs all the same). */
  const beforeListing = async (samples, ...act) => {
    const pending = !(await listed().isVisible());
    const ms = await inPage(...act);
    if (pending) samples.push(ms);
  };
  for (let i = 0; i < 5; i += 1) {
    // A fresh document each time: from the navigation's start (performance.timeOrigin) to the first tree row in the page.
    await page.goto(`${server.baseUrl}/app/monitor/plans/${server.planId}`);
    await page.getByRole('treeitem').first().waitFor();
    firstRows.push(await page.evaluate(() => performance.now()));
    // At once, while the whole listing is on its way: a top node (its children came with the first read), then its first child (fetched).
    await beforeListing(early.expandTop, 'expandOne', 'open', 0);
    await beforeListing(early.expandSecond, 'expandOne', 'open', 1);
    await beforeListing(early.collapseSecond, 'collapseOne', 'closed', 1);
    await beforeListing(early.collapseTop, 'collapseOne', 'closed', 0);
    await listed().waitFor();
    whole.push(await page.evaluate(() => performance.now()));
  }
  // What the last navigation fetched of the cascade, as Chromium received it.
  const fetched = await page.evaluate(() =>
    performance.getEntriesByType('resource').filter((e) => e.name.includes('/cascade')).map((e) => ({ url: e.name, wire: e.encodedBodySize, raw: e.decodedBodySize })),
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
  const size = (r) => `${kb(r.wire)} ${r.coding === 'identity' ? 'raw' : r.coding}`;
  const fetchedLine = (name, pattern) => {
    const e = fetched.find((f) => pattern.test(f.url));
    return `${name.padEnd(44)} ${e ? `${kb(e.wire)} on the wire, ${kb(e.raw)} raw` : 'not fetched'}`;
  };
  const out = [
    '',
    `Cascade of ${nodes.toLocaleString('en')} units (fan-outs ${server.planId && '10 → 20 → 24'}), as lb.monitor; ${tree.length} runs each:`,
    `${'API payload, whole tree, on the wire (gzip)'.padEnd(44)} ${kb(tree[0].wire).padStart(10)} (${kb(tree[0].body.length)} raw; brotli, as Chromium gets it: ${kb(asBrowser.wire)})   budget ${kb(CASCADE.payload)}  ${verdict(tree[0].wire, CASCADE.payload)}`,
    `${'API time, whole tree (gzip)'.padEnd(44)} median ${msText(median(tree.map((t) => t.ms)))}, max ${msText(Math.max(...tree.map((t) => t.ms)))}`,
    `${'API, flat form paged by 500 (compared)'.padEnd(44)} median ${msText(median(flat.map((f) => f.ms)))} for ${kb(flat[0].bytes)} on the wire in ${Math.ceil(nodes / 500)} requests`,
    `${'API, top level only (maxDepth=1)'.padEnd(44)} ${msText(top.ms)} for ${size(top)} (${kb(top.body.length)} raw)`,
    `${'API, two levels (maxDepth=2: the first read)'.padEnd(44)} ${msText(firstRead.ms)} for ${size(firstRead)} (${kb(firstRead.body.length)} raw)`,
    `${'API, one node\'s 24 children (under=)'.padEnd(44)} ${msText(children.ms)} for ${size(children)} (${kb(children.body.length)} raw)`,
    fetchedLine('screen: first two levels (Chromium)', /maxDepth=2(?!.*under)/),
    fetchedLine('screen: whole listing, background (Chromium)', /cascade(\?(?!.*maxDepth)[^/]*)?$/),
    timeLine('first rows after navigation (1366 px)', firstRows, CASCADE.firstRowsMs),
    `${'whole listing in the page after navigation'.padEnd(44)} median ${msText(median(whole))}, max ${msText(Math.max(...whole))}`,
    'before the whole listing has come (runs that began before it):',
    ...[
      ['  expand a top node (20, in the first read)', early.expandTop],
      ['  expand its first child (24, fetched)', early.expandSecond],
      ['  collapse the child', early.collapseSecond],
      ['  collapse the top node', early.collapseTop],
    ].map(([name, samples]) => (samples.length > 0 ? `${timeLine(name, samples, CASCADE.levelMs)} (${samples.length} of 5 runs)` : `${name.padEnd(44)} not measured: the listing came first`)),
    'after it (5 runs):',
    timeLine('  expand a top node (20 children)', level.expandOne, CASCADE.levelMs),
    timeLine('  collapse it', level.collapseOne, CASCADE.levelMs),
    timeLine(`  expand all (${nodes.toLocaleString('en')} rows)`, level.expandAll, CASCADE.levelMs),
    timeLine('  collapse all', level.collapseAll, CASCADE.levelMs),
    `${'tree rows in the page (virtualised)'.padEnd(44)} ${drawn}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await browser.close();
  await server.stop();
}
