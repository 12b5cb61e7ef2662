import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/core';
import { Actor, Permission, Role } from '@app/org';
import type { WorkflowRole } from '@app/workflow';
import type { StoredPlanDto } from './plan.dto.js';
import type { PlansRepository } from './plans.repository.js';

export interface PlanIssuer {
  id: string;
  issuerUnitId: string;
  issuerPath: string;
  issued: boolean;
}

/**
 * Who sees a plan: the people of its issuer (and admins, monitors and auditors above it);
 * once issued, also the people of the units it assigns work to, is addressed to, or names
 * to collect its reports.
 */
export async function canSeePlan(tx: EntityManager, actor: Actor, plan: PlanIssuer): Promise<boolean> {
  if (actor.can(Permission.PlanRead, { id: plan.issuerUnitId, path: plan.issuerPath })) return true;
  if (!plan.issued) return false;
  const scope = actor.scopeRoots(Permission.PlanRead);
  if (scope === null) return true;
  const [row] = await tx.query(
    `SELECT 1 FROM (
       SELECT assignee_unit_id AS unit_id FROM plan_assignments WHERE plan_id = $1
       UNION SELECT unit_id FROM plan_recipients WHERE plan_id = $1 AND unit_id IS NOT NULL
       UNION SELECT report_collector_unit_id FROM plans WHERE id = $1 AND report_collector_unit_id IS NOT NULL) t
     JOIN units u ON u.id = t.unit_id
     WHERE u.path <@ ANY($2::ltree[]) OR u.id = ANY($3::uuid[]) LIMIT 1`,
    [plan.id, scope.subtrees, scope.units],
  );
  return row !== undefined;
}

/** Which of these plans the actor may see (the rule of canSeePlan, for each). */
export async function visiblePlanIds(tx: EntityManager, actor: Actor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const plans: PlanIssuer[] = await tx.query(
    `SELECT p.id, p.issuer_unit_id AS "issuerUnitId", u.path::text AS "issuerPath", p.issued_at IS NOT NULL AS issued
     FROM plans p JOIN units u ON u.id = p.issuer_unit_id WHERE p.id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  const visible = new Set<string>();
  // One after another: inside a transaction they share one connection.
  for (const plan of plans) if (await canSeePlan(tx, actor, plan)) visible.add(plan.id);
  return visible;
}

/**
 * A basis naming a plan the reader may not see shows its id only: a draft of another unit
 * must not show its title or state on the plan that cites it.
 */
export async function withVisibleBasis<T extends Pick<StoredPlanDto, 'basis'>>(tx: EntityManager, actor: Actor, plan: T): Promise<T> {
  const linked = plan.basis.flatMap((b) => (b.planId ? [b.planId] : []));
  if (linked.length === 0) return plan;
  const visible = await visiblePlanIds(tx, actor, linked);
  if (linked.every((id) => visible.has(id))) return plan;
  return { ...plan, basis: plan.basis.map((b) => (b.planId && !visible.has(b.planId) ? { planId: b.planId, numberAndSymbol: null } : b)) };
}

/** A plan the actor may see, with its issuer's tree path; NOT_FOUND otherwise. */
export async function loadVisiblePlan(
  tx: EntityManager,
  plans: PlansRepository,
  actor: Actor,
  id: string,
): Promise<{ plan: StoredPlanDto; issuerPath: string }> {
  const loaded = await plans.loadWithIssuerPath(tx, id);
  if (!loaded || !(await canSeePlan(tx, actor, { id, issuerUnitId: loaded.plan.issuerUnitId, issuerPath: loaded.issuerPath, issued: loaded.plan.issuedAt !== null }))) {
    throw DomainError.notFound('Plan');
  }
  return loaded;
}

/** NOT_FOUND unless the actor may see the plan: the access check alone, without reading the plan's parts. */
export async function assertPlanVisible(tx: EntityManager, actor: Actor, id: string): Promise<void> {
  const [issuer]: PlanIssuer[] = await tx.query(
    `SELECT p.id, p.issuer_unit_id AS "issuerUnitId", u.path::text AS "issuerPath", p.issued_at IS NOT NULL AS issued
     FROM plans p JOIN units u ON u.id = p.issuer_unit_id WHERE p.id = $1`,
    [id],
  );
  if (!issuer || !(await canSeePlan(tx, actor, issuer))) throw DomainError.notFound('Plan');
}

/** The roles the actor holds at the issuer itself: lifecycle events are sent "as a secretary of the issuer". */
export function rolesAtIssuer(actor: Actor, issuerUnitId: string): WorkflowRole[] {
  return actor.memberships.filter((m) => m.unitId === issuerUnitId).map((m) => m.role as Role as WorkflowRole);
}
