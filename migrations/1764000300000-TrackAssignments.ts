import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An issued plan's assignments become tracked: each row gets its own machine state, version
 * and audit chain head, and an overdue flag (a flag, not a state: it does not lose where the
 * assignment was). A plan written to carry out an assignment points back at it.
 */
export class TrackAssignments1764000300000 implements MigrationInterface {
  name = 'TrackAssignments1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plan_assignments
        ADD COLUMN state text,
        ADD COLUMN machine_version integer,
        ADD COLUMN version integer NOT NULL DEFAULT 0,
        ADD COLUMN audit_seq integer NOT NULL DEFAULT 0,
        ADD COLUMN audit_hash text,
        ADD COLUMN overdue boolean NOT NULL DEFAULT false,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT plan_assignments_tracked_whole CHECK ((state IS NULL) = (machine_version IS NULL))`);
    await q.query(`CREATE INDEX plan_assignments_tracked_idx ON plan_assignments (assignee_unit_id, due_on, id) WHERE state IS NOT NULL`);
    await q.query(`ALTER TABLE plans ADD COLUMN source_assignment_id uuid REFERENCES plan_assignments (id)`);
    // One implementing plan per assignment at a time; a discarded or withdrawn one may be replaced.
    await q.query(`CREATE UNIQUE INDEX plans_one_child_per_assignment ON plans (source_assignment_id)
      WHERE source_assignment_id IS NOT NULL AND state NOT IN ('discarded', 'withdrawn')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX plans_one_child_per_assignment`);
    await q.query(`ALTER TABLE plans DROP COLUMN source_assignment_id`);
    await q.query(`DROP INDEX plan_assignments_tracked_idx`);
    await q.query(`
      ALTER TABLE plan_assignments
        DROP CONSTRAINT plan_assignments_tracked_whole,
        DROP COLUMN updated_at, DROP COLUMN overdue, DROP COLUMN audit_hash, DROP COLUMN audit_seq,
        DROP COLUMN version, DROP COLUMN machine_version, DROP COLUMN state`);
  }
}
