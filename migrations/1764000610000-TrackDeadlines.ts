import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines are data: the sweep asks "what is due today" of indexed columns. Partial indexes
 * hold only the rows that can still have a deadline (plans not yet moved, assignments still
 * owing a report), so the sweep reads a range of due dates, not the whole table. Each
 * reminder (đôn đốc) sent is recorded once per assignment, due date and offset: a second
 * sweep, or a second instance, finds it sent.
 */
export class TrackDeadlines1764000610000 implements MigrationInterface {
  name = 'TrackDeadlines1764000610000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX plans_start_due_idx ON plans (starts_on) WHERE state = 'issued'`);
    await q.query(`CREATE INDEX plans_report_due_idx ON plans (report_due_on) WHERE state IN ('issued', 'implementing')`);
    await q.query(`CREATE INDEX plans_phases_end_idx ON plans (ends_on) WHERE state IN ('issued', 'implementing') AND report_due_on IS NULL`);
    // Assignments still owing their report: those not yet overdue (to flag), all of them (reminders, a bounded range of dates).
    await q.query(`CREATE INDEX plan_assignments_not_overdue_idx ON plan_assignments (due_on)
      WHERE state IN ('assigned', 'acknowledged', 'planning', 'implementing', 'returned') AND NOT overdue`);
    await q.query(`CREATE INDEX plan_assignments_awaiting_report_idx ON plan_assignments (due_on)
      WHERE state IN ('assigned', 'acknowledged', 'planning', 'implementing', 'returned')`);
    await q.query(`
      CREATE TABLE assignment_reminders (
        assignment_id uuid NOT NULL REFERENCES plan_assignments (id) ON DELETE CASCADE,
        due_on date NOT NULL,
        -- days from the due date: negative before it, positive after
        offset_days integer NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (assignment_id, due_on, offset_days)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assignment_reminders`);
    await q.query(`DROP INDEX plan_assignments_awaiting_report_idx`);
    await q.query(`DROP INDEX plan_assignments_not_overdue_idx`);
    await q.query(`DROP INDEX plans_phases_end_idx`);
    await q.query(`DROP INDEX plans_report_due_idx`);
    await q.query(`DROP INDEX plans_start_due_idx`);
  }
}
