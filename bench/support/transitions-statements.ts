/**
 * pg_stat_statements for the transitions benchmark (issue 16): the statements the plain slices ran,
 * per plain event. Counters are read before and after each slice and the differences summed, so
 * that the other kinds (and an A/B baseline build on the same database) stay out of a build's table.
 */
import pg from 'pg';
import { table } from './transitions-measure.js';

interface Counter {
  query: string;
  /** Run by another statement (a trigger, a foreign-key check): its time is inside its caller's. */
  nested: boolean;
  calls: number;
  /** Execution ms, and planning ms (when pg_stat_statements.track_planning is on). */
  ms: number;
  planMs: number;
}

type Snapshot = Map<string, Counter>;

export class StatementStats {
  private readonly totals = new Map<string, Map<string, Counter>>();
  /** Events done while counting, warm-ups included (the counters run over them too). */
  private readonly events = new Map<string, number>();

  private constructor(private readonly client: pg.Client) {}

  /** The extension in the bench database, or why it cannot be had (say, a server without it preloaded). */
  static async open(url: string): Promise<StatementStats | string> {
    const client = new pg.Client({ connectionString: url, application_name: 'bench-statements' });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
      return new StatementStats(client);
    } catch (error) {
      await client.end();
      return error instanceof Error ? error.message : String(error);
    }
  }

  private async snapshot(): Promise<Snapshot> {
    const { rows } = await this.client.query<{ key: string; query: string; nested: boolean; calls: string; ms: number; planMs: number }>(
      `SELECT queryid::text || ':' || toplevel::text AS key, query, NOT toplevel AS nested, calls::text, total_exec_time AS ms, total_plan_time AS "planMs"
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return new Map(rows.map((r) => [r.key, { query: r.query, nested: r.nested, calls: Number(r.calls), ms: r.ms, planMs: r.planMs }]));
  }

  /**
   * Runs `work` and adds the statements it ran (by any session of the database) to `label`'s total,
   * with the events it did, as `done()` counts them before and after.
   */
  async during<T>(label: string, done: () => number, work: () => Promise<T>): Promise<T> {
    const before = await this.snapshot();
    const from = done();
    const result = await work();
    this.events.set(label, (this.events.get(label) ?? 0) + done() - from);
    const after = await this.snapshot();
    const total = this.totals.get(label) ?? new Map<string, Counter>();
    this.totals.set(label, total);
    for (const [key, now] of after) {
      if (now.query.includes('pg_stat_statements')) continue;
      const was = before.get(key);
      const calls = now.calls - (was?.calls ?? 0);
      if (calls <= 0) continue;
      const sum = total.get(key) ?? { query: now.query, nested: now.nested, calls: 0, ms: 0, planMs: 0 };
      sum.calls += calls;
      sum.ms += now.ms - (was?.ms ?? 0);
      sum.planMs += now.planMs - (was?.planMs ?? 0);
      total.set(key, sum);
    }
    return result;
  }

  /**
   * The top statements of `label` by time (execution + planning): calls per event, mean ms, ms per
   * event and share of the top-level statements' total. Nested ones (↳) are part of their caller's time.
   */
  report(label: string, top = 14): string {
    const events = this.events.get(label) ?? 0;
    const total = [...(this.totals.get(label)?.values() ?? [])];
    if (events === 0 || total.length === 0) return '  (no statements recorded)';
    const time = (c: Counter) => c.ms + c.planMs;
    const outer = total.filter((c) => !c.nested);
    const all = outer.reduce((s, c) => s + time(c), 0);
    const planned = outer.reduce((s, c) => s + c.planMs, 0);
    const calls = outer.reduce((s, c) => s + c.calls, 0);
    const rows = total.sort((a, b) => time(b) - time(a)).slice(0, top);
    const text = (c: Counter) => {
      const flat = `${c.nested ? '↳ ' : ''}${c.query.replace(/\s+/g, ' ').trim()}`;
      return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
    };
    return [
      table([
        ['statement (normalised; ↳ nested)', 'calls/event', 'exec ms', 'plan ms', 'ms/event', 'share'],
        ...rows.map((c) => [
          text(c),
          (c.calls / events).toFixed(2),
          (c.ms / c.calls).toFixed(3),
          (c.planMs / c.calls).toFixed(3),
          (time(c) / events).toFixed(3),
          `${((100 * time(c)) / all).toFixed(1)} %`,
        ]),
      ]),
      `  ${events} events; top-level statements: ${(calls / events).toFixed(2)} per event, ${(all / events).toFixed(3)} ms per event ` +
        `(${(planned / events).toFixed(3)} of it planning; ${outer.length} distinct)`,
    ].join('\n');
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
