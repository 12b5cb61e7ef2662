import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/core';
import { issuedBySql, unitAtTimeSql, vietnamDay } from '@app/org';
import { reportedOn } from './report-day.js';
import type { SubjectRow } from '@app/transitions';
import type { TrackedAssignmentDto } from './assignment.dto.js';

/** A tracked assignment as the transition path locks it, with both units' places in the tree. */
export interface AssignmentRow extends SubjectRow {
  planId: string;
  machineVersion: number;
  assigneeUnitId: string;
  assigneePath: string;
  issuerUnitId: string;
  issuerPath: string;
  collectorUnitId: string | null;
  collectorPath: string | null;
  requiresOwnPlan: boolean;
  dueOn: string | null;
  overdue: boolean;
}

const LOCK = `
  SELECT a.id, a.state, a.version, a.audit_seq AS "auditSeq", a.audit_hash AS "auditHash", a.plan_id AS "planId",
         a.machine_version AS "machineVersion", a.assignee_unit_id AS "assigneeUnitId", au.path::text AS "assigneePath",
         p.issuer_unit_id AS "issuerUnitId", iu.path::text AS "issuerPath", a.requires_own_plan AS "requiresOwnPlan",
         p.report_collector_unit_id AS "collectorUnitId", cu.path::text AS "collectorPath",
         to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", a.overdue
  FROM plan_assignments a
  JOIN units au ON au.id = a.assignee_unit_id
  JOIN plans p ON p.id = a.plan_id
  JOIN units iu ON iu.id = p.issuer_unit_id
  LEFT JOIN units cu ON cu.id = p.report_collector_unit_id
  WHERE a.id = $1 AND a.state IS NOT NULL
  FOR UPDATE OF a`;

export type AssignmentView = Omit<TrackedAssignmentDto, 'nextEvents' | 'deadlineStatus'> & {
  machineVersion: number;
  /** The plan's issuer, beside `plan.issuerUnitId`: the row is then what the access rules take. */
  issuerUnitId: string;
  issuerPath: string;
  assigneePath: string;
  collectorUnitId: string | null;
  collectorPath: string | null;
};

const VIEW = `
  SELECT a.id, a.parent_assignment_id AS "parentAssignmentId", a.assignee_unit_id AS "assigneeUnitId", au.name AS "assigneeUnitName",
         au.path::text AS "assigneePath", a.responsibilities, a.requires_own_plan AS "requiresOwnPlan",
         to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", a.state, a.overdue, a.version, a.machine_version AS "machineVersion",
         p.issuer_unit_id AS "issuerUnitId", iu.path::text AS "issuerPath", p.report_collector_unit_id AS "collectorUnitId", cu.path::text AS "collectorPath",
         json_build_object('id', p.id, 'title', p.title, 'numberAndSymbol', p.number_and_symbol, 'state', p.state,
                           'issuerUnitId', p.issuer_unit_id, 'issuerUnitName', iu.name, 'issuedBy', ${issuedBySql('p')}) AS plan,
         ${unitAtTimeSql('a.id', 'a.assignee_unit_id', `COALESCE(p.issued_on, ${vietnamDay('p.issued_at')}, ${vietnamDay('p.created_at')})`)} AS "assigneeAtIssue",
         (SELECT json_build_object('id', c.id, 'state', c.state, 'numberAndSymbol', c.number_and_symbol)
          FROM plans c WHERE c.source_assignment_id = a.id ORDER BY c.created_at DESC LIMIT 1) AS "childPlan",
         (SELECT ${reportedOn('r')} FROM reports r WHERE r.assignment_id = a.id) AS "reportedOn"
  FROM plan_assignments a
  JOIN units au ON au.id = a.assignee_unit_id
  JOIN plans p ON p.id = a.plan_id
  JOIN units iu ON iu.id = p.issuer_unit_id
  LEFT JOIN units cu ON cu.id = p.report_collector_unit_id`;

@Injectable()
export class AssignmentsRepository {
  async lock(tx: EntityManager, id: string): Promise<AssignmentRow | undefined> {
    const [row] = await preparedQuery<AssignmentRow>(tx, LOCK, [id]);
    if (row) return row;
    // Waiting for the lock while an amendment carried the row over to itself, PostgreSQL rechecks
    // the join against the old plan's row and drops it (READ COMMITTED). The lock is ours now:
    // a new statement reads the row as committed. A row that does not exist costs a second look.
    const [again] = await preparedQuery<AssignmentRow>(tx, LOCK, [id]);
    return again;
  }

  async view(tx: EntityManager, id: string): Promise<AssignmentView | undefined> {
    const [row] = await preparedQuery<AssignmentView>(tx, `${VIEW} WHERE a.id = $1 AND a.state IS NOT NULL`, [id]);
    return row;
  }

  views(tx: EntityManager, ids: string[]): Promise<AssignmentView[]> {
    return tx.query(`${VIEW} WHERE a.id = ANY($1::uuid[]) AND a.state IS NOT NULL`, [ids]);
  }

  forPlan(tx: EntityManager, planId: string): Promise<AssignmentView[]> {
    return preparedQuery<AssignmentView>(tx, `${VIEW} WHERE a.plan_id = $1 AND a.state IS NOT NULL ORDER BY a.position`, [planId]);
  }

  /** Tracked assignments of the given units, soonest due first; keyset on (due_on, id). */
  forUnits(
    tx: EntityManager,
    unitIds: string[],
    filter: { state?: string; overdue?: boolean; dueBefore?: string; limit: number; after?: unknown[] },
  ): Promise<AssignmentView[]> {
    return tx.query(
      `${VIEW}
       WHERE a.state IS NOT NULL AND a.assignee_unit_id = ANY($1::uuid[])
         AND ($2::text IS NULL OR a.state = $2)
         AND ($3::boolean IS NULL OR a.overdue = $3)
         AND ($4::date IS NULL OR a.due_on < $4)
         AND ($6::text IS NULL OR (COALESCE(a.due_on, 'infinity'::date), a.id) > ($6::date, $7::uuid))
       ORDER BY COALESCE(a.due_on, 'infinity'::date), a.id LIMIT $5`,
      [unitIds, filter.state ?? null, filter.overdue ?? null, filter.dueBefore ?? null, filter.limit, filter.after?.[0] ?? null, filter.after?.[1] ?? null],
    );
  }
}
