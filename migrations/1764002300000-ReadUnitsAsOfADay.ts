import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists of units as of a day, and lists that show a unit's name at the time:
 * - `unit_name_on(unit, day)`: the name of the period holding the day (null if the unit did not
 *   exist then), for "the name at the time" beside the current one in plan, assignment, report
 *   and cascade lists;
 * - `unit_path_on(unit, day)`: the unit's path of labels in the tree as it was that day (its
 *   periods' parents, not `units.path`, which is today's), null if it or an ancestor did not
 *   exist then: the depth and depth-first order of `?asOf=` lists;
 * - the tree as of a day walks periods by parent: `unit_periods_parent_idx` serves it; the
 *   top-level units of a day need periods without a parent;
 * - a reorganisation readdresses the unread notifications of the units it dissolves: found by unit.
 */
export class ReadUnitsAsOfADay1764002300000 implements MigrationInterface {
  name = 'ReadUnitsAsOfADay1764002300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION unit_name_on(unit uuid, day date) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT name FROM unit_periods WHERE unit_id = unit AND valid_from <= day AND day <= valid_to ORDER BY valid_from DESC LIMIT 1
      $$`);
    await q.query(`
      CREATE FUNCTION unit_path_on(unit uuid, day date) RETURNS ltree LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH RECURSIVE up (unit_id, parent_id, labels, steps) AS (
          SELECT p.unit_id, p.parent_id, u.label::text, 1 FROM unit_periods p JOIN units u ON u.id = p.unit_id
          WHERE p.unit_id = unit AND p.valid_from <= day AND day <= p.valid_to
          UNION ALL
          SELECT p.unit_id, p.parent_id, u.label::text || '.' || up.labels, up.steps + 1
          FROM up JOIN unit_periods p ON p.unit_id = up.parent_id AND p.valid_from <= day AND day <= p.valid_to
          JOIN units u ON u.id = p.unit_id
          WHERE up.steps < 256
        )
        SELECT labels::ltree FROM up WHERE parent_id IS NULL LIMIT 1
      $$`);
    await q.query(`CREATE INDEX unit_periods_top_level_idx ON unit_periods (name, unit_id) WHERE parent_id IS NULL`);
    await q.query(`CREATE INDEX notifications_unread_unit_idx ON notifications (unit_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_unread_unit_idx`);
    await q.query(`DROP INDEX unit_periods_top_level_idx`);
    await q.query(`DROP FUNCTION unit_path_on(uuid, date)`);
    await q.query(`DROP FUNCTION unit_name_on(uuid, date)`);
  }
}
