import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cascade under a plan is read as one indexed range, not a walk per level: each tracked
 * assignment gets `cascade_path`, an ltree of labels from the top of its cascade down — the
 * path of the assignment its plan carries out (`plans.source_assignment_id`) followed by a
 * label of its own. Labels are a sequence's values padded to 12 digits, so a plan's
 * assignments, tracked in document order, sort in that order, and the subtree of a path P is
 * exactly the btree range [P, P || '0') (as units' paths are read). The path never changes:
 * an amendment carries an assignment over as the same row, under the same source assignment.
 * Existing tracked assignments are backfilled from the plan links.
 */
export class MaterialiseCascadePaths1764000800000 implements MigrationInterface {
  name = 'MaterialiseCascadePaths1764000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE plan_assignments_cascade_label_seq`);
    await q.query(`ALTER TABLE plan_assignments ADD COLUMN cascade_path ltree`);
    await q.query(`
      UPDATE plan_assignments a SET cascade_path = text2ltree(lpad(nextval('plan_assignments_cascade_label_seq')::text, 12, '0'))
      FROM (SELECT id FROM plan_assignments WHERE state IS NOT NULL ORDER BY plan_id, position) o WHERE a.id = o.id`);
    await q.query(`
      WITH RECURSIVE node AS (
        SELECT a.id, a.cascade_path AS path FROM plan_assignments a JOIN plans p ON p.id = a.plan_id
        WHERE a.state IS NOT NULL AND p.source_assignment_id IS NULL
        UNION ALL
        SELECT a.id, node.path || a.cascade_path FROM node
        JOIN plans p ON p.source_assignment_id = node.id
        JOIN plan_assignments a ON a.plan_id = p.id AND a.state IS NOT NULL)
      UPDATE plan_assignments a SET cascade_path = node.path FROM node WHERE a.id = node.id`);
    await q.query(`ALTER TABLE plan_assignments ADD CONSTRAINT plan_assignments_tracked_in_cascade CHECK ((state IS NULL) = (cascade_path IS NULL))`);
    await q.query(`CREATE UNIQUE INDEX plan_assignments_cascade_path_key ON plan_assignments (cascade_path)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX plan_assignments_cascade_path_key`);
    await q.query(`ALTER TABLE plan_assignments DROP CONSTRAINT plan_assignments_tracked_in_cascade, DROP COLUMN cascade_path`);
    await q.query(`DROP SEQUENCE plan_assignments_cascade_label_seq`);
  }
}
