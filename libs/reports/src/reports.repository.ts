import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, preparedQuery } from '@app/core';
import { issuedBySql, type UnitAtTimeDto, unitAtTimeSql, vietnamDay } from '@app/org';
import type { SubjectRow } from '@app/transitions';
import type { AttachmentDto, ChildTotalsDto, IndicatorDto, IndicatorValues, ReportPlanDto } from './report.dto.js';
import type { ReportPlace } from './report-access.js';
import type { ChildNarrative, Narrative } from './roll-up.js';

/** The report row as the transition path locks it, with what its rules need about the assignment and the units. */
export interface ReportRow extends SubjectRow, ReportPlace {
  machineVersion: number;
  assignmentId: string;
  planId: string;
  results: string | null;
  assignmentState: string;
  assignmentMachineVersion: number;
  requiresOwnPlan: boolean;
}

const LOCK = `
  SELECT r.id, r.state, r.version, r.audit_seq AS "auditSeq", r.audit_hash AS "auditHash", r.machine_version AS "machineVersion",
         r.assignment_id AS "assignmentId", r.unit_id AS "unitId", ru.path::text AS "unitPath", a.plan_id AS "planId",
         p.issuer_unit_id AS "issuerUnitId", iu.path::text AS "issuerPath",
         p.report_collector_unit_id AS "collectorUnitId", cu.path::text AS "collectorPath", r.results,
         a.state AS "assignmentState", a.machine_version AS "assignmentMachineVersion", a.requires_own_plan AS "requiresOwnPlan"
  FROM reports r
  JOIN units ru ON ru.id = r.unit_id
  JOIN plan_assignments a ON a.id = r.assignment_id
  JOIN plans p ON p.id = a.plan_id
  JOIN units iu ON iu.id = p.issuer_unit_id
  LEFT JOIN units cu ON cu.id = p.report_collector_unit_id
  WHERE r.id = $1
  FOR UPDATE OF r`;

/** Indicator values of a report as a JSON object in catalogue order (json keeps key order, jsonb would not). */
const INDICATORS_OF = (report: string) => `(SELECT coalesce(json_object_agg(ri.indicator_code, ri.value::float8 ORDER BY i.position, i.code), '{}')
  FROM report_indicators ri JOIN indicators i ON i.code = ri.indicator_code WHERE ri.report_id = ${report})`;

const VIEW = `
  SELECT r.id, r.assignment_id AS "assignmentId", r.unit_id AS "unitId", ru.name AS "unitName", ru.path::text AS "unitPath",
         r.state, r.version, r.machine_version AS "machineVersion", r.results, r.limitations, r.lessons, r.recommendations,
         r.attachments, r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.submitted_at AS "submittedAt", r.decided_at AS "decidedAt",
         p.issuer_unit_id AS "issuerUnitId", iu.path::text AS "issuerPath",
         p.report_collector_unit_id AS "collectorUnitId", cu.path::text AS "collectorPath",
         json_build_object('id', p.id, 'title', p.title, 'numberAndSymbol', p.number_and_symbol, 'state', p.state,
                           'issuerUnitId', p.issuer_unit_id, 'issuerUnitName', iu.name, 'collectorUnitId', p.report_collector_unit_id,
                           'issuedBy', ${issuedBySql('p')}) AS plan,
         CASE WHEN r.submitted_at IS NULL THEN NULL ELSE ${unitAtTimeSql('r.id', 'r.unit_id', vietnamDay('r.submitted_at'), 'r.submitted_at')} END AS "unitAtSubmission",
         ${INDICATORS_OF('r.id')} AS indicators
  FROM reports r
  JOIN units ru ON ru.id = r.unit_id
  JOIN plan_assignments a ON a.id = r.assignment_id
  JOIN plans p ON p.id = a.plan_id
  JOIN units iu ON iu.id = p.issuer_unit_id
  LEFT JOIN units cu ON cu.id = p.report_collector_unit_id`;

export interface ReportView extends ReportPlace, Narrative {
  id: string;
  assignmentId: string;
  unitName: string;
  state: string;
  version: number;
  machineVersion: number;
  attachments: AttachmentDto[];
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  plan: ReportPlanDto;
  unitAtSubmission: UnitAtTimeDto | null;
  indicators: IndicatorValues;
}

/** What a report's unit writes: the parts given are replaced, the others stay. */
export type ReportContent = Partial<Narrative> & { indicators?: IndicatorValues; attachments?: AttachmentDto[] };

/** The unit's implementing plan drafted from the assignment (a discarded or withdrawn one does not count). */
const CHILD_PLAN = `SELECT c.id, c.state FROM plans c WHERE c.source_assignment_id = $1 AND c.state NOT IN ('discarded', 'withdrawn')
  ORDER BY c.created_at DESC LIMIT 1`;

/** Reads and writes reports; the transition path's row lock is here too. */
@Injectable()
export class ReportsRepository {
  lock(tx: EntityManager, id: string): Promise<ReportRow | undefined> {
    return preparedQuery<ReportRow>(tx, LOCK, [id]).then((rows) => rows[0]);
  }

  async view(tx: EntityManager, id: string): Promise<ReportView | undefined> {
    const [row]: ReportView[] = await tx.query(`${VIEW} WHERE r.id = $1`, [id]);
    return row;
  }

  async idForAssignment(tx: EntityManager, assignmentId: string): Promise<string | undefined> {
    const [row]: { id: string }[] = await tx.query('SELECT id FROM reports WHERE assignment_id = $1', [assignmentId]);
    return row?.id;
  }

  indicators(tx: EntityManager): Promise<IndicatorDto[]> {
    return tx.query('SELECT code, name, unit, position FROM indicators WHERE active ORDER BY position, code');
  }

  /** Every code must be an active indicator of the catalogue: an unknown one is a 400 naming it. */
  async assertIndicators(tx: EntityManager, values: IndicatorValues | undefined): Promise<void> {
    const codes = Object.keys(values ?? {});
    if (codes.length === 0) return;
    const found: { code: string }[] = await tx.query('SELECT code FROM indicators WHERE active AND code = ANY($1::text[])', [codes]);
    const known = new Set(found.map((i) => i.code));
    const unknown = codes.filter((code) => !known.has(code));
    if (unknown.length) {
      throw DomainError.validation('Unknown indicators', unknown.map((code) => ({ field: `indicators.${code}`, messages: ['no such indicator in the catalogue'] })));
    }
  }

  async insert(tx: EntityManager, row: { assignmentId: string; unitId: string; machineVersion: number; createdBy: string; at: Date }): Promise<string> {
    const [{ id }]: { id: string }[] = await tx.query(
      `INSERT INTO reports (assignment_id, unit_id, state, machine_version, version, created_by, created_at, updated_at)
       VALUES ($1, $2, 'draft', $3, 1, $4, $5, $5) RETURNING id`,
      [row.assignmentId, row.unitId, row.machineVersion, row.createdBy, row.at],
    );
    return id;
  }

  /** Writes the given parts; `indicators` and `attachments` replace the whole set. */
  async writeContent(tx: EntityManager, id: string, content: ReportContent): Promise<void> {
    const columns: [string, unknown][] = [];
    for (const section of ['results', 'limitations', 'lessons', 'recommendations'] as const) {
      if (content[section] !== undefined) columns.push([section, content[section]]);
    }
    if (content.attachments !== undefined) columns.push(['attachments', JSON.stringify(content.attachments)]);
    if (columns.length) {
      await tx.query(`UPDATE reports SET ${columns.map(([c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...columns.map(([, v]) => v)]);
    }
    if (content.indicators !== undefined) {
      const entries = Object.entries(content.indicators);
      await tx.query('DELETE FROM report_indicators WHERE report_id = $1', [id]);
      await tx.query(
        `INSERT INTO report_indicators (report_id, indicator_code, value)
         SELECT $1, t.code, t.value FROM unnest($2::text[], $3::numeric[]) AS t(code, value)`,
        [id, entries.map(([code]) => code), entries.map(([, value]) => value)],
      );
    }
  }

  /**
   * The sums of the accepted reports on the assignments of the unit's implementing plan,
   * in one query; null when the unit has no implementing plan.
   */
  async childTotals(tx: EntityManager, assignmentId: string): Promise<ChildTotalsDto | null> {
    const [row]: ChildTotalsDto[] = await tx.query(
      `WITH child AS (${CHILD_PLAN}),
            accepted AS (SELECT cr.id FROM child JOIN plan_assignments ca ON ca.plan_id = child.id
                         JOIN reports cr ON cr.assignment_id = ca.id AND cr.state = 'accepted')
       SELECT child.id AS "childPlanId", child.state AS "childPlanState",
              (SELECT count(*)::int FROM accepted) AS reports,
              (SELECT coalesce(json_object_agg(s.code, s.total ORDER BY s.position, s.code), '{}') FROM (
                 SELECT ri.indicator_code AS code, i.position, sum(ri.value)::float8 AS total
                 FROM accepted JOIN report_indicators ri ON ri.report_id = accepted.id JOIN indicators i ON i.code = ri.indicator_code
                 GROUP BY ri.indicator_code, i.position) s) AS indicators
       FROM child`,
      [assignmentId],
    );
    return row ?? null;
  }

  /** The last RETURN in the report's audit chain, with who returned it and for which unit. */
  async lastReturn(tx: EntityManager, id: string): Promise<{ comment: string; at: Date; actorName: string | null; actorUnitName: string | null } | undefined> {
    const [row]: { comment: string; at: Date; actorName: string | null; actorUnitName: string | null }[] = await tx.query(
      `SELECT e.comment, e.at, us.display_name AS "actorName", u.name AS "actorUnitName"
       FROM audit_entries e LEFT JOIN users us ON us.id = e.actor_user_id LEFT JOIN units u ON u.id = e.actor_unit_id
       WHERE e.subject_id = $1 AND e.event = 'RETURN' ORDER BY e.seq DESC LIMIT 1`,
      [id],
    );
    return row;
  }

  /** The unit's implementing plan, if any. */
  async childPlan(tx: EntityManager, assignmentId: string): Promise<{ id: string; state: string } | undefined> {
    const [row]: { id: string; state: string }[] = await tx.query(CHILD_PLAN, [assignmentId]);
    return row;
  }

  /** The accepted reports on a plan's assignments, in the plan's order, with their reporting units' names. */
  acceptedNarratives(tx: EntityManager, planId: string): Promise<(ChildNarrative & { reportId: string; unitId: string; indicators: IndicatorValues })[]> {
    return tx.query(
      `SELECT r.id AS "reportId", r.unit_id AS "unitId", u.name AS "unitName", r.results, r.limitations, r.lessons, r.recommendations,
              ${INDICATORS_OF('r.id')} AS indicators
       FROM plan_assignments a JOIN reports r ON r.assignment_id = a.id AND r.state = 'accepted' JOIN units u ON u.id = r.unit_id
       WHERE a.plan_id = $1 ORDER BY a.position`,
      [planId],
    );
  }

  /** Where the assignment's report would sit, for the visibility check before a report exists. */
  async placeOfAssignment(tx: EntityManager, assignmentId: string): Promise<Pick<ReportPlace, 'collectorUnitId' | 'collectorPath'>> {
    const [row]: Pick<ReportPlace, 'collectorUnitId' | 'collectorPath'>[] = await tx.query(
      `SELECT p.report_collector_unit_id AS "collectorUnitId", cu.path::text AS "collectorPath"
       FROM plan_assignments a JOIN plans p ON p.id = a.plan_id LEFT JOIN units cu ON cu.id = p.report_collector_unit_id
       WHERE a.id = $1`,
      [assignmentId],
    );
    return row;
  }
}
