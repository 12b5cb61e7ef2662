import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API processes cache each caller's actor (account, memberships, unit paths: MembershipsService.loadActor)
 * and LISTEN on `actor_changed`. Every change to what an actor is built from sends the user's id,
 * or 'all' when unit paths move (any actor may hold a role there); PostgreSQL delivers it at
 * commit, so a revoked role or a deactivated account stops working in every process at once.
 * Roles are not a table (their permissions are code), so nothing else feeds an actor.
 */
export class NotifyActorChanges1764002100000 implements MigrationInterface {
  name = 'NotifyActorChanges1764002100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_actor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('actor_changed', 'all');
        ELSIF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('actor_changed', OLD.id::text);
        ELSIF TG_TABLE_NAME = 'memberships' THEN
          IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('actor_changed', OLD.user_id::text); END IF;
          IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('actor_changed', NEW.user_id::text); END IF;
        ELSE
          PERFORM pg_notify('actor_changed', 'all');
        END IF;
        RETURN NULL;
      END $$`);
    // What the guard reads of an account: whether it is active, and the names the actor carries.
    // (Sign-in counters and password changes do not feed an actor: access tokens are stateless.)
    await q.query(`
      CREATE TRIGGER users_notify_actor AFTER UPDATE ON users
      FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.username IS DISTINCT FROM NEW.username
                         OR OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.id IS DISTINCT FROM NEW.id)
      EXECUTE FUNCTION notify_actor_changed()`);
    await q.query(`CREATE TRIGGER users_delete_notify_actor AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_actor_changed()`);
    await q.query(`
      CREATE TRIGGER memberships_notify_actor AFTER INSERT OR UPDATE OR DELETE ON memberships
      FOR EACH ROW EXECUTE FUNCTION notify_actor_changed()`);
    // A unit's path is part of every actor holding a role there (a unit with memberships cannot be deleted).
    await q.query(`
      CREATE TRIGGER units_notify_actor AFTER UPDATE ON units
      FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path OR OLD.id IS DISTINCT FROM NEW.id)
      EXECUTE FUNCTION notify_actor_changed()`);
    for (const table of ['users', 'memberships', 'units']) {
      await q.query(`CREATE TRIGGER ${table}_truncate_notify_actor AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['users', 'memberships', 'units']) await q.query(`DROP TRIGGER ${table}_truncate_notify_actor ON ${table}`);
    await q.query(`DROP TRIGGER units_notify_actor ON units`);
    await q.query(`DROP TRIGGER memberships_notify_actor ON memberships`);
    await q.query(`DROP TRIGGER users_delete_notify_actor ON users`);
    await q.query(`DROP TRIGGER users_notify_actor ON users`);
    await q.query(`DROP FUNCTION notify_actor_changed()`);
  }
}
