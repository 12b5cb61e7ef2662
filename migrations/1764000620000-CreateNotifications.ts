import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-app notifications: each outbox message delivered to every person who holds a role at its
 * unit, one row per (message, person), so delivering a message twice changes nothing.
 */
export class CreateNotifications1764000620000 implements MigrationInterface {
  name = 'CreateNotifications1764000620000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outbox_id bigint NOT NULL REFERENCES outbox (id),
        recipient_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units (id),
        type text NOT NULL,
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        CONSTRAINT notifications_once UNIQUE (outbox_id, recipient_user_id)
      )`);
    await q.query(`CREATE INDEX notifications_recipient_idx ON notifications (recipient_user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (recipient_user_id, unit_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
