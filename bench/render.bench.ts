/**
 * Render benchmark (issue 16: the issued plan's PDF ≤ 10 ms of CPU): steady-state CPU per
 * rendered plan, this build against a baseline build measured in the same run.
 *
 * Each build renders in a worker thread of its own (fonts parsed and warmed up there, as in a
 * render thread of PdfRenderPool); the main thread alternates blocks of renders between them, so
 * a burst of other work on the shared machine weighs on both alike. A block's CPU is its thread's
 * own (/proc/thread-self/schedstat, nanoseconds): other threads and processes stay out of it.
 * The plans are the seed-sized test plans (Long Biên's Party-style 17-KH/QU and Kon Tum's
 * state-style 17/KH-BQLKKT, two pages each), alternating, and the state plan as a draft.
 *
 *   npm run bench:render                                       this build alone
 *   BENCH_RENDER_BASE=<other build>/dist/libs/render/src/pdf-renderer.js npm run bench:render
 *   BENCH_BLOCKS=12  BENCH_BLOCK_RENDERS=12  BENCH_WARMUP_RENDERS=60
 *   BENCH_RENDER_IMAGES=1      the plans with a seal and a signature image in their signature block
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PerformanceObserver } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));

/** This thread's CPU time so far, ms. */
function threadCpuMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
}

interface BlockResult {
  cpu: number;
  gc: number;
  bytes: number;
}

async function worker(): Promise<void> {
  const { renderer, renders, warmup } = workerData as { renderer: string; renders: number; warmup: number };
  const { renderPdf } = (await import(pathToFileURL(renderer).href)) as { renderPdf: (doc: unknown, o?: { createdAt?: Date }) => Promise<Buffer> };
  const { PARTY_PLAN, STATE_PLAN } = (await import(pathToFileURL(join(here, '..', 'test', 'support', 'plan-documents.js')).href)) as Record<string, object>;
  let plans: object[] = [PARTY_PLAN, STATE_PLAN];
  if (process.env.BENCH_RENDER_IMAGES) {
    const { sealPng, signaturePng } = (await import(pathToFileURL(join(here, '..', 'test', 'support', 'appearance-images.js')).href)) as Record<string, () => Buffer>;
    const images = { seal: { png: sealPng().toString('base64'), widthMm: 36 }, signatureImage: { png: signaturePng().toString('base64'), widthMm: 40 } };
    plans = plans.map((p) => ({ ...p, signature: { ...(p as { signature: object }).signature, ...images } }));
  }
  plans.push({ ...STATE_PLAN, draft: true, numberAndSymbol: null, issuedOn: null, signature: null });
  const createdAt = new Date('2020-02-07T03:00:00Z');
  let gc = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc += e.duration;
  }).observe({ entryTypes: ['gc'] });
  for (let i = 0; i < warmup; i++) await renderPdf(plans[i % plans.length], { createdAt });
  const block = async () => {
    gc = 0;
    let bytes = 0;
    const start = threadCpuMs();
    for (let i = 0; i < renders; i++) bytes += (await renderPdf(plans[i % 2], { createdAt })).length;
    const cpu = threadCpuMs() - start;
    // Let the observer deliver the block's GC entries.
    await new Promise((r) => setTimeout(r, 20));
    parentPort!.postMessage({ cpu: cpu / renders, gc: gc / renders, bytes: bytes / renders } satisfies BlockResult);
  };
  parentPort!.on('message', () => void block());
  parentPort!.postMessage('ready');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const blocks = Number(process.env.BENCH_BLOCKS ?? 12);
  const renders = Number(process.env.BENCH_BLOCK_RENDERS ?? 12);
  const warmup = Number(process.env.BENCH_WARMUP_RENDERS ?? 60);
  const self = resolve(here, '..', 'libs', 'render', 'src', 'pdf-renderer.js');
  const builds: [string, string][] = [['this build', self]];
  if (process.env.BENCH_RENDER_BASE) builds.unshift(['baseline', resolve(process.env.BENCH_RENDER_BASE)]);
  const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`Render CPU per plan (2 pages${process.env.BENCH_RENDER_IMAGES ? ', seal and signature image' : ''}), ${blocks} blocks of ${renders} renders per build, alternating; load average ${loadavg()}`);
  const workers = await Promise.all(
    builds.map(
      ([, renderer]) =>
        new Promise<Worker>((ok, fail) => {
          const w = new Worker(fileURLToPath(import.meta.url), { workerData: { renderer, renders, warmup } });
          w.once('message', () => ok(w));
          w.once('error', fail);
        }),
    ),
  );
  const results: BlockResult[][] = builds.map(() => []);
  for (let b = 0; b < blocks; b++) {
    // The order rotates each block.
    for (let k = 0; k < workers.length; k++) {
      const i = (b + k) % workers.length;
      results[i].push(await new Promise<BlockResult>((ok) => (workers[i].once('message', ok), workers[i].postMessage('go'))));
    }
  }
  for (const w of workers) await w.terminate();
  const rows = builds.map(([name], i) => {
    const r = results[i];
    return { name, cpu: median(r.map((x) => x.cpu)), min: Math.min(...r.map((x) => x.cpu)), gc: median(r.map((x) => x.gc)), kb: median(r.map((x) => x.bytes)) / 1024 };
  });
  for (const r of rows) console.log(`  ${r.name.padEnd(11)} ${r.cpu.toFixed(2)} ms CPU per render (median of blocks; min ${r.min.toFixed(2)}), GC ${r.gc.toFixed(2)} ms, ${r.kb.toFixed(1)} KB`);
  if (rows.length === 2) console.log(`  this build / baseline: ${(rows[1].cpu / rows[0].cpu).toFixed(2)}×  (target ≤ 10 ms)`);
  console.log(`  load average after: ${loadavg()}`);
}

if (isMainThread) await main();
else await worker();
