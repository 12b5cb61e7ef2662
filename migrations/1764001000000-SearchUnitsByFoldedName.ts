import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People pick units by typing part of a name, often without Vietnamese marks ("bo de" for
 * "Bồ Đề"). `fold_text` lowers case and strips marks (unaccent maps đ to d); it is declared
 * IMMUTABLE so an index can use it, which holds while the unaccent dictionary is not edited.
 * A trigram index on the folded name and short name serves `LIKE '%…%'` at any position.
 */
export class SearchUnitsByFoldedName1764001000000 implements MigrationInterface {
  name = 'SearchUnitsByFoldedName1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE FUNCTION fold_text(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1))`);
    await q.query(`CREATE INDEX units_folded_name_trgm ON units USING gin (fold_text(name || ' ' || short_name) gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX units_folded_name_trgm`);
    await q.query(`DROP FUNCTION fold_text(text)`);
    await q.query(`DROP EXTENSION pg_trgm`);
    await q.query(`DROP EXTENSION unaccent`);
  }
}
