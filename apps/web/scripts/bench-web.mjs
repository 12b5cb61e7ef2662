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
