import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, Page } from '@app/core';
import { Actor, Permission, UnitsService } from '@app/org';
import { AuditEntryDto, AuditService, PlanVerifyResult } from '@app/transitions';
import { canSeePlan } from './plan-access.js';

export interface AuditQuery {
  unitId?: string;
  actorUserId?: string;
  event?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** The auditor's view (Ủy ban Kiểm tra): history, search and verification, within the auditor's subtree. */
@Injectable()
export class PlanAuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
  ) {}

  async history(actor: Actor, planId: string): Promise<AuditEntryDto[]> {
    await this.auditablePlan(actor, planId);
    return (await this.audit.history(planId)).map(AuditEntryDto.from);
  }

  async search(actor: Actor, query: AuditQuery): Promise<Page<AuditEntryDto>> {
    const unitPath = query.unitId ? (await this.units.visible(actor, query.unitId)).path : undefined;
    const page = await this.audit.search({
      scope: actor.scopeRoots(Permission.AuditRead),
      unitPath,
      actorUserId: query.actorUserId,
      event: query.event,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(AuditEntryDto.from), nextCursor: page.nextCursor };
  }

  /** Verifies one plan's chain, or the chains of every plan issued by units of a subtree. */
  /**
   * Every chain that belongs to the plans: each plan's own, its tracked assignments' and their
   * reports', so an auditor checking a plan also checks what its units did under it.
   */
  async verify(actor: Actor, target: { planId?: string; unitId?: string }): Promise<PlanVerifyResult> {
    let planIds: string[];
    if (target.planId) {
      await this.auditablePlan(actor, target.planId);
      planIds = [target.planId];
    } else {
      const unit = await this.units.visible(actor, target.unitId!);
      if (!actor.can(Permission.AuditRead, unit)) throw DomainError.forbidden('You do not audit this unit');
      const plans: { id: string }[] = await this.db.query(
        `SELECT p.id FROM plans p JOIN units u ON u.id = p.issuer_unit_id WHERE u.path <@ $1::ltree ORDER BY p.id`,
        [unit.path],
      );
      planIds = plans.map((p) => p.id);
    }
    const subjects: { id: string; planId: string }[] = await this.db.query(
      `SELECT id, id AS "planId" FROM plans WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT a.id, a.plan_id FROM plan_assignments a WHERE a.plan_id = ANY($1::uuid[]) AND a.audit_seq > 0
       UNION ALL
       SELECT r.id, a.plan_id FROM reports r JOIN plan_assignments a ON a.id = r.assignment_id WHERE a.plan_id = ANY($1::uuid[])`,
      [planIds],
    );
    const planOf = new Map(subjects.map((s) => [s.id, s.planId]));
    const result = await this.audit.verify(subjects.map((s) => s.id));
    return { ...result, broken: result.broken.map((b) => ({ ...b, planId: planOf.get(b.subjectId)! })) };
  }

  private async auditablePlan(actor: Actor, planId: string): Promise<void> {
    const [plan]: { issuerUnitId: string; issuerPath: string; issued: boolean }[] = await this.db.query(
      `SELECT p.issuer_unit_id AS "issuerUnitId", u.path::text AS "issuerPath", p.issued_at IS NOT NULL AS issued
       FROM plans p JOIN units u ON u.id = p.issuer_unit_id WHERE p.id = $1`,
      [planId],
    );
    if (!plan || !(await canSeePlan(this.db.manager, actor, { id: planId, ...plan }))) throw DomainError.notFound('Plan');
    if (!actor.can(Permission.AuditRead, { id: plan.issuerUnitId, path: plan.issuerPath })) throw DomainError.forbidden('You do not audit this plan\'s issuer');
  }
}
