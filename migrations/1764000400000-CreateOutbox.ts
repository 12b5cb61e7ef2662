import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: a step writes what must follow it (a notification, later an
 * email) in its own transaction, so a message exists if and only if its step committed.
 * Delivery reads undelivered rows in id order and marks them delivered.
 */
export class CreateOutbox1764000400000 implements MigrationInterface {
  name = 'CreateOutbox1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type text NOT NULL CHECK (type ~ '^[a-z][a-z_]*$'),
        unit_id uuid NOT NULL REFERENCES units (id),
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        delivered_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_undelivered_idx ON outbox (id) WHERE delivered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
  }
}
