import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cascade view now reads each node's due date too (its deadline status), which the
 * covering index on `cascade_path` lacked: a 51,000-row branch went back to fetching every row
 * from the table (22,957 buffers, about 50 ms more for the root summary). The index carries
 * `due_on` beside (id, state, overdue), so the branch is read from the index alone again.
 */
export class CoverCascadeDueDates1764001030000 implements MigrationInterface {
  name = 'CoverCascadeDueDates1764001030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX plan_assignments_cascade_path_key`);
    await q.query(`CREATE UNIQUE INDEX plan_assignments_cascade_path_key ON plan_assignments (cascade_path) INCLUDE (id, state, overdue, due_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX plan_assignments_cascade_path_key`);
    await q.query(`CREATE UNIQUE INDEX plan_assignments_cascade_path_key ON plan_assignments (cascade_path) INCLUDE (id, state, overdue)`);
  }
}
