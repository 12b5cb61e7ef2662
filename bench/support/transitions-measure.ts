/** Figures for the transitions benchmark: percentiles, a text table, and CPU use read from /proc. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function latency(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const s = Array.from(sorted);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? Number.NaN };
}

export const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
export const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ')).join('\n');
}

/**
 * CPU seconds used during a window (Linux /proc): by the whole machine (busy, all cores), by the API
 * server, by this benchmark process, and by the PostgreSQL backends of the bench database (found by
 * their process title `postgres: user <database> host(port) …`). What is left is other work on
 * the machine (PostgreSQL's background processes, and anything else that runs).
 */
export class CpuMeter {
  private static readonly TICK = 100;

  static machineBusy(): number {
    if (!existsSync('/proc/stat')) return Number.NaN;
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const v = fields.map(Number);
    // user nice system idle iowait irq softirq steal …
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / CpuMeter.TICK;
  }

  static process(pid: number): number {
    const file = `/proc/${pid}/stat`;
    if (!existsSync(file)) return Number.NaN;
    const text = readFileSync(file, 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the name
    return (Number(rest[11]) + Number(rest[12])) / CpuMeter.TICK;
  }

  /** CPU seconds of each backend of the database, by pid. */
  static database(name: string): Map<number, number> {
    const backends = new Map<number, number>();
    if (!existsSync('/proc/self/cmdline')) return backends;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (title.startsWith('postgres: ') && title.includes(` ${name} `)) backends.set(Number(entry), CpuMeter.process(Number(entry)));
      } catch {
        // the process ended meanwhile
      }
    }
    return backends;
  }

  /**
   * CPU the backends used between two readings, backend by backend: one that started counts
   * from zero; one that ended (a pool closing an idle connection) drops out with its window's
   * share, an undercount, rather than its whole life's CPU, which made the sum negative.
   */
  static databaseDelta(from: Map<number, number>, to: Map<number, number>): number {
    let sum = 0;
    for (const [pid, cpu] of to) sum += cpu - (from.get(pid) ?? 0);
    return sum;
  }

  static self(): number {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }

  private start = { machine: 0, server: 0, self: 0, database: new Map<number, number>() };

  constructor(
    private readonly databaseName: string,
    private readonly serverPid?: number,
  ) {}

  private read() {
    return {
      machine: CpuMeter.machineBusy(),
      server: this.serverPid ? CpuMeter.process(this.serverPid) : 0,
      self: CpuMeter.self(),
      database: CpuMeter.database(this.databaseName),
    };
  }

  begin(): void {
    this.start = this.read();
  }

  end(): CpuUse {
    const now = this.read();
    const used = {
      machine: now.machine - this.start.machine,
      server: now.server - this.start.server,
      self: now.self - this.start.self,
      database: CpuMeter.databaseDelta(this.start.database, now.database),
    };
    return { ...used, other: used.machine - used.server - used.self - used.database };
  }
}

export interface CpuUse {
  machine: number;
  server: number;
  self: number;
  database: number;
  other: number;
}

export function addCpu(a: CpuUse, b: CpuUse): CpuUse {
  return {
    machine: a.machine + b.machine,
    server: a.server + b.server,
    self: a.self + b.self,
    database: a.database + b.database,
    other: a.other + b.other,
  };
}

export const NO_CPU: CpuUse = { machine: 0, server: 0, self: 0, database: 0, other: 0 };
