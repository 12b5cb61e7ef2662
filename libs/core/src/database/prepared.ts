import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `pc_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement that every request repeats (a row lock, a transition's write, the caller's
 * roles) as a named prepared statement: PostgreSQL parses and plans it once per connection
 * instead of on every call, and planning was most of what these short statements cost it. On
 * `manager`'s transaction when it has one, else on a pooled connection. Only for SQL written in
 * code: every distinct text stays prepared on each connection of the pool.
 */
export async function preparedQuery<T>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  const client: Pool | PoolClient = runner && !runner.isReleased ? await runner.connect() : (manager.connection.driver as unknown as { master: Pool }).master;
  const result = await client.query<T & object>(preparedStatement(text, values));
  return result.rows;
}

/** The query config that runs `text` as a named prepared statement. */
export function preparedStatement(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: nameOf(text), text, values };
}
