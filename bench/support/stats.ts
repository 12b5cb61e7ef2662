/** Timing helpers for the benchmarks: wall-clock samples, nearest-rank percentiles, formatting. */

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export function summarise(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { n: sorted.length, p50: rank(50), p95: rank(95), min: sorted[0], max: sorted[sorted.length - 1] };
}

export interface Plan {
  warmup: number;
  /** At most this many measured runs… */
  runs: number;
  /** …but stop once this much time has gone into them, after at least `minRuns`. */
  budgetMs?: number;
  minRuns?: number;
}

/** Runs `fn` `warmup` times unmeasured, then up to `runs` times, each timed on its own (ms). */
export async function measure(plan: Plan, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  let i = 0;
  for (let w = 0; w < plan.warmup; w++) await fn(i++);
  const samples: number[] = [];
  const started = performance.now();
  const budget = plan.budgetMs ?? Number.POSITIVE_INFINITY;
  const minRuns = plan.minRuns ?? plan.runs;
  while (samples.length < plan.runs && (samples.length < minRuns || performance.now() - started < budget)) {
    const start = performance.now();
    await fn(i++);
    samples.push(performance.now() - start);
  }
  return summarise(samples);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

export const int = (n: number) => n.toLocaleString('en-US');

export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function p50p95(s: Stats): string {
  return `p50 ${ms(s.p50)} p95 ${ms(s.p95)}`;
}

export function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024).toFixed(0)} kB`;
}

/** Left-aligned first column, right-aligned others. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '))
    .join('\n');
}
