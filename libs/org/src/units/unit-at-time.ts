import { ApiProperty } from '@nestjs/swagger';

/**
 * A unit as a list names it at a past moment (issue, submission): its id then and its name in
 * the period holding that day. Lists show it beside the current unit where they differ.
 */
export class UnitAtTimeDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Its name on that day (null if no period of the unit holds the day)' }) unitName: string | null;
}

/** The Vietnam day of an instant, in SQL. */
export const vietnamDay = (instant: string): string => `(${instant} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/**
 * SQL for `{ unitId, unitName }` of the unit a subject was with on `day`: the unit it left at its
 * first HANDOVER on or after `since` (a reorganisation moved it), else the unit it is with now.
 * Handovers are audit entries of the subject (primary key (subject_id, seq)): a probe per row.
 */
export function unitAtTimeSql(subjectId: string, currentUnitId: string, day: string, since?: string): string {
  const after = since ? ` AND e.at >= ${since}` : '';
  return `(SELECT json_build_object('unitId', x.id, 'unitName', unit_name_on(x.id, ${day})) FROM (SELECT COALESCE(
     (SELECT (e.payload->>'fromUnitId')::uuid FROM audit_entries e WHERE e.subject_id = ${subjectId} AND e.event = 'HANDOVER'${after} ORDER BY e.seq LIMIT 1),
     ${currentUnitId}) AS id) x)`;
}

/**
 * The same unit as a join for statements over many rows (the cascade's nodes): `alias.from_unit_id`
 * is the unit the subject left at its first HANDOVER, null if none. A lateral join and a plain
 * join on the periods cost about half the nested subqueries of `unitAtTimeSql` per row.
 */
export function handedFromJoin(subjectId: string, alias: string): string {
  return `LEFT JOIN LATERAL (SELECT (e.payload->>'fromUnitId')::uuid AS from_unit_id FROM audit_entries e
    WHERE e.subject_id = ${subjectId} AND e.event = 'HANDOVER' ORDER BY e.seq LIMIT 1) ${alias} ON true`;
}

/** SQL for a plan's `issuedBy`: the unit that issued it with its name on the day of issue; null before issue. */
export function issuedBySql(plan: string): string {
  return `CASE WHEN ${plan}.issued_by_unit_id IS NULL THEN NULL ELSE json_build_object('unitId', ${plan}.issued_by_unit_id, 'unitName',
    unit_name_on(${plan}.issued_by_unit_id, COALESCE(${plan}.issued_on, ${vietnamDay(`${plan}.issued_at`)}, 'infinity'))) END`;
}
