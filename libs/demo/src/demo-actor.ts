import type { DataSource } from 'typeorm';
import type { Actor, MembershipsService } from '@app/org';

/** The demo data acts through the services as a named account would after signing in. */
export async function actorOf(db: DataSource, memberships: MembershipsService, username: string): Promise<Actor> {
  const [row]: { id: string }[] = await db.query('SELECT id FROM users WHERE username = $1', [username]);
  const actor = row ? await memberships.loadActor(row.id) : undefined;
  if (!actor) throw new Error(`Demo data needs the account '${username}'`);
  return actor;
}
