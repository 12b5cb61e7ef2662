import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A monitor urges (đôn đốc) units by hand, with a message. Each one is kept, with who sent it
 * for which unit, so a unit's reminder history shows them beside the automatic ones
 * (`assignment_reminders`, one per due date and offset). Rows are never changed.
 */
export class RecordSentReminders1764001010000 implements MigrationInterface {
  name = 'RecordSentReminders1764001010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sent_reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES plan_assignments (id) ON DELETE CASCADE,
        sender_user_id uuid NOT NULL REFERENCES users (id),
        -- the unit the sender urged for: the plan's issuer or its report collector
        sender_unit_id uuid NOT NULL REFERENCES units (id),
        message text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
        sent_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sent_reminders_assignment_idx ON sent_reminders (assignment_id, sent_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sent_reminders`);
  }
}
