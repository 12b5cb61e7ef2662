import type pg from 'pg';

/** A table of the application's schema as a backup copies it: the columns it stores (generated ones are recomputed). */
export interface TableInfo {
  /** Schema-qualified and quoted, ready for SQL: `"public"."units"`. */
  name: string;
  columns: string[];
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

/** What the backup holds: the application's tables in `public`. TypeORM's ledger is rebuilt by running the migrations. */
const SCHEMA = 'public';
const LEDGER = 'schema_migrations';

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * The application's tables, each after the tables its foreign keys point to, so a restore can
 * load them in this order with every constraint checked. Deferrable keys set no order (checked at
 * commit); a cycle of keys that are not deferrable is refused here, so the drill test fails on
 * the migration that adds one.
 */
export async function applicationTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const { rows: tables } = await client.query<{ oid: number; table: string; columns: string[] }>(
    `SELECT c.oid::int AS oid, c.relname AS table,
            array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $2
      GROUP BY c.oid, c.relname`,
    [SCHEMA, LEDGER],
  );
  const { rows: edges } = await client.query<{ from: number; to: number }>(
    // A deferrable key is checked at commit (the restore defers them all), so it sets no order.
    `SELECT conrelid::int AS from, confrelid::int AS to FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid AND NOT condeferrable`,
  );
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const needs = new Map(tables.map((t) => [t.oid, new Set<number>()]));
  for (const e of edges) if (byOid.has(e.from) && byOid.has(e.to)) needs.get(e.from)!.add(e.to);
  const ordered: TableInfo[] = [];
  const done = new Set<number>();
  // Kahn's algorithm; ties by name so two backups of one schema list tables alike.
  const pending = [...tables].sort((a, b) => a.table.localeCompare(b.table));
  while (pending.length > 0) {
    const next = pending.findIndex((t) => [...needs.get(t.oid)!].every((oid) => done.has(oid)));
    if (next < 0) throw new Error(`Foreign keys form a cycle among: ${pending.map((t) => t.table).join(', ')}`);
    const [table] = pending.splice(next, 1);
    done.add(table.oid);
    ordered.push({ name: `${quote(SCHEMA)}.${quote(table.table)}`, columns: table.columns });
  }
  return ordered;
}

/** Every sequence of the schema (identity columns' too) with where it stands. */
export async function sequenceValues(client: pg.ClientBase): Promise<SequenceValue[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences WHERE schemaname = $1 ORDER BY sequencename`,
    [SCHEMA],
  );
  const values: SequenceValue[] = [];
  for (const { name } of rows) {
    // The name comes from the catalogue, already quoted by format('%I').
    const { rows: [value] } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${name}`);
    values.push({ name, lastValue: value.last_value, isCalled: value.is_called });
  }
  return values;
}

/** The migrations applied, in order, as TypeORM's ledger records them. */
export async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${quote(SCHEMA)}.${quote(LEDGER)} ORDER BY id`);
  return rows.map((r) => r.name);
}

export const columnList = (table: TableInfo) => table.columns.map(quote).join(', ');
