import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The one cycle among the tables' foreign keys: an implementing plan points at the assignment it
 * implements (plans.source_assignment_id), and every assignment at its plan. The rows never form
 * a cycle, but a restore that loads table by table cannot satisfy both orders at once. The link
 * becomes DEFERRABLE, still INITIALLY IMMEDIATE — the application sees no difference — so the
 * restore (libs/backup) can check it at commit with `SET CONSTRAINTS ALL DEFERRED`.
 */
export class DeferImplementingPlanSourceLink1764001650000 implements MigrationInterface {
  name = 'DeferImplementingPlanSourceLink1764001650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans ALTER CONSTRAINT plans_source_assignment_id_fkey DEFERRABLE INITIALLY IMMEDIATE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans ALTER CONSTRAINT plans_source_assignment_id_fkey NOT DEFERRABLE`);
  }
}
