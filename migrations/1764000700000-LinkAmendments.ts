import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An amendment (sửa đổi, bổ sung) points at the plan it amends: a relational link, indexed,
 * with at most one amendment of a plan in progress or issued at a time (a discarded draft
 * may be replaced). A superseded plan hands its place as a unit's implementing plan to its
 * amendment, so it leaves the one-child-per-assignment index as withdrawn plans do.
 */
export class LinkAmendments1764000700000 implements MigrationInterface {
  name = 'LinkAmendments1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans ADD COLUMN amends_plan_id uuid REFERENCES plans (id), ADD CONSTRAINT plans_amends_other CHECK (amends_plan_id <> id)`);
    await q.query(`CREATE UNIQUE INDEX plans_one_amendment ON plans (amends_plan_id) WHERE amends_plan_id IS NOT NULL AND state <> 'discarded'`);
    await q.query(`DROP INDEX plans_one_child_per_assignment`);
    await q.query(`CREATE UNIQUE INDEX plans_one_child_per_assignment ON plans (source_assignment_id)
      WHERE source_assignment_id IS NOT NULL AND state NOT IN ('discarded', 'withdrawn', 'superseded')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX plans_one_child_per_assignment`);
    await q.query(`CREATE UNIQUE INDEX plans_one_child_per_assignment ON plans (source_assignment_id)
      WHERE source_assignment_id IS NOT NULL AND state NOT IN ('discarded', 'withdrawn')`);
    await q.query(`DROP INDEX plans_one_amendment`);
    await q.query(`ALTER TABLE plans DROP CONSTRAINT plans_amends_other, DROP COLUMN amends_plan_id`);
  }
}
