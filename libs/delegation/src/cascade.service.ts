import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, DomainError, Page, toPage } from '@app/core';
import { Actor, Permission } from '@app/org';
import { PlansService } from '@app/plans';
import { buildCascade, Cascade, CascadeFilter, CascadeNode } from './cascade-tree.js';
import {
  CascadeDto, CascadeFlatNodeDto, CascadeNodeDto, CascadeNodesQueryDto, CascadeQueryDto, CascadeScope, CascadeTotalsDto, CascadeTreeNodeDto,
} from './cascade.dto.js';
import { CascadePlace, CascadeRepository } from './cascade.repository.js';

function nodeDto(n: CascadeNode): CascadeNodeDto {
  const r = n.row;
  return {
    id: r.id,
    depth: r.depth,
    parentAssignmentId: r.parentAssignmentId,
    unit: { id: r.unitId, name: r.unitName, shortName: r.unitShortName, kind: r.unitKind },
    state: r.state,
    overdue: r.overdue,
    dueOn: r.dueOn,
    childPlan: r.childPlanId === null ? null : { id: r.childPlanId, state: r.childPlanState!, numberAndSymbol: r.childPlanNumber },
    report: r.reportId === null ? null : { id: r.reportId, state: r.reportState! },
    indicators: n.indicators,
    matches: n.matches,
  };
}

function treeDto(n: CascadeNode): CascadeTreeNodeDto {
  return { ...nodeDto(n), children: n.children.map(treeDto) };
}

/**
 * The cascade view: the whole tree under a plan, read as one indexed range and put together
 * in memory (cascade-tree.ts says what belongs, how figures add up and what filters do).
 *
 * Who sees it: the people of the plan's issuer and of the monitoring unit named in its report
 * duty, and admins, monitors and auditors above either, see all of it (`whole`). Someone
 * who sees the plan only as an assignee (or above one) sees the part under the assignments
 * of the units it reaches (`branch`): a ward's people see their ward's part of the district's
 * plan, never another ward's. Anyone else who sees the plan (a recipient for information)
 * has no part of it: 403. A plan the caller does not see: 404.
 */
@Injectable()
export class CascadeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cascades: CascadeRepository,
    private readonly plans: PlansService,
  ) {}

  async tree(actor: Actor, planId: string, query: CascadeQueryDto): Promise<CascadeDto> {
    const { place, scope, cascade } = await this.read(actor, planId, query);
    return {
      plan: {
        id: place.id, title: place.title, numberAndSymbol: place.numberAndSymbol, state: place.state,
        issuerUnitId: place.issuerUnitId, issuerUnitName: place.issuerUnitName,
      },
      scope,
      totals: cascade.totals,
      listed: cascade.listed.length,
      nodes: cascade.roots.map(treeDto),
    };
  }

  /** The same nodes flat, depth-first, paged by cascade path. */
  async nodes(actor: Actor, planId: string, query: CascadeNodesQueryDto): Promise<Page<CascadeFlatNodeDto> & { scope: CascadeScope; totals: CascadeTotalsDto }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 1)?.[0];
    const { scope, cascade } = await this.read(actor, planId, query);
    const listed = cascade.listed;
    // Paths are fixed-width labels joined by '.', so their text order is the depth-first order they were read in.
    const start = after === undefined ? 0 : listed.findIndex((n) => n.row.path > String(after));
    const rows = start < 0 ? [] : listed.slice(start, start + limit + 1);
    const page = toPage(rows, limit, (n) => ({ ...nodeDto(n), parentId: n.parent?.row.id ?? null }), (n) => [n.row.path]);
    return { ...page, scope, totals: cascade.totals };
  }

  private async read(actor: Actor, planId: string, filter: CascadeFilter): Promise<{ place: CascadePlace; scope: CascadeScope; cascade: Cascade }> {
    await this.plans.visiblePlan(this.db.manager, actor, planId);
    if (filter.unitKind !== undefined && !(await this.cascades.unitKindExists(this.db.manager, filter.unitKind))) {
      throw DomainError.validation('Unknown unit kind', [{ field: 'unitKind', messages: ['is not a unit kind (GET /unit-kinds)'] }]);
    }
    const place = (await this.cascades.place(this.db.manager, planId))!;
    const whole =
      actor.can(Permission.PlanRead, { id: place.issuerUnitId, path: place.issuerPath }) ||
      (place.collectorUnitId !== null && place.collectorPath !== null && actor.can(Permission.PlanRead, { id: place.collectorUnitId, path: place.collectorPath }));
    const rows = await this.cascades.nodes(this.db.manager, planId, whole ? null : actor.scopeRoots(Permission.PlanRead));
    const cascade = buildCascade(rows, whole, filter);
    if (!whole && cascade.totals.nodes === 0) {
      throw DomainError.forbidden('The cascade is shown to the plan\'s issuer and monitoring unit, and to each assignee for its own part');
    }
    return { place, scope: whole ? 'whole' : 'branch', cascade };
  }
}
