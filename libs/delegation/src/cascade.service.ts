import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, decodeCursor, DEFAULT_PAGE_SIZE, DomainError, Page, toPage, type AppConfig } from '@app/core';
import { Actor, Permission } from '@app/org';
import { PlansService } from '@app/plans';
import {
  CascadeDto, CascadeFlatNodeDto, CascadeNodeDto, CascadeNodesQueryDto, CascadeQueryDto, CascadeScope, CascadeTotalsDto, CascadeTreeNodeDto,
} from './cascade.dto.js';
import { CascadeFilter, CascadeListedNode, CascadePlace, CascadeRead, CascadeRepository, CascadeSlice } from './cascade.repository.js';
import { deadlineDay, DeadlineDay, statusOn } from './deadline-day.js';

function nodeDto({ path: _path, parentId: _parentId, reportedOn, ...node }: CascadeListedNode, day: DeadlineDay): CascadeNodeDto {
  return { ...node, deadlineStatus: statusOn(day, { ...node, reportedOn }) };
}

/** The totals with the completion counts: each group's status computed once, by the same function as each node's. */
function totalsDto({ totals, deadlines }: CascadeRead, day: DeadlineDay): CascadeTotalsDto {
  const byDeadline: CascadeTotalsDto['byDeadline'] = {};
  for (const group of deadlines) {
    const status = statusOn(day, { state: group.state, dueOn: group.dueOn, reportedOn: group.doneOn });
    if (status !== null) byDeadline[status] = (byDeadline[status] ?? 0) + group.n;
  }
  return { ...totals, byDeadline };
}

/** The listed nodes, depth-first, as a tree: a listed node's parent is listed too (it is on the path to it). */
function nest(nodes: CascadeListedNode[], day: DeadlineDay): CascadeTreeNodeDto[] {
  const byId = new Map<string, CascadeTreeNodeDto>();
  const roots: CascadeTreeNodeDto[] = [];
  for (const node of nodes) {
    const dto: CascadeTreeNodeDto = { ...nodeDto(node, day), children: [] };
    byId.set(node.id, dto);
    const parent = node.parentId === null ? undefined : byId.get(node.parentId);
    (parent?.children ?? roots).push(dto);
  }
  return roots;
}

/**
 * The cascade view: the tree under a plan, its totals and figures computed by PostgreSQL in one
 * statement (cascade.repository.ts says what belongs, how figures add up and what filters do);
 * only the listed nodes reach Node. The whole tree of a large cascade is large (about 20 MB for
 * 50,000 nodes): `maxDepth` or the flat form read a part of it, with the same totals.
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
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async tree(actor: Actor, planId: string, query: CascadeQueryDto): Promise<CascadeDto> {
    const { place, scope, cascade } = await this.read(actor, planId, query);
    const day = deadlineDay(this.clock, this.config);
    return {
      plan: {
        id: place.id, title: place.title, numberAndSymbol: place.numberAndSymbol, state: place.state,
        issuerUnitId: place.issuerUnitId, issuerUnitName: place.issuerUnitName, issuedBy: place.issuedBy,
      },
      scope,
      totals: totalsDto(cascade, day),
      listed: cascade.nodes.length,
      nodes: nest(cascade.nodes, day),
    };
  }

  /** The same nodes flat, depth-first, paged by cascade path: a page reads its own nodes, not the rest. */
  async nodes(actor: Actor, planId: string, query: CascadeNodesQueryDto): Promise<Page<CascadeFlatNodeDto> & { scope: CascadeScope; totals: CascadeTotalsDto }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, ['ltree'])?.[0];
    const { scope, cascade } = await this.read(actor, planId, query, { after: after === undefined ? undefined : String(after), limit });
    const day = deadlineDay(this.clock, this.config);
    const page = toPage(cascade.nodes, limit, (n) => ({ ...nodeDto(n, day), parentId: n.parentId }), (n) => [n.path]);
    return { ...page, scope, totals: totalsDto(cascade, day) };
  }

  private async read(actor: Actor, planId: string, filter: CascadeFilter, slice?: CascadeSlice): Promise<{ place: CascadePlace; scope: CascadeScope; cascade: CascadeRead }> {
    await this.plans.assertVisible(this.db.manager, actor, planId);
    if (filter.unitKind !== undefined && !(await this.cascades.unitKindExists(this.db.manager, filter.unitKind))) {
      throw DomainError.validation('Unknown unit kind', [{ field: 'unitKind', messages: ['is not a unit kind (GET /unit-kinds)'] }]);
    }
    const place = (await this.cascades.place(this.db.manager, planId))!;
    const whole =
      actor.can(Permission.PlanRead, { id: place.issuerUnitId, path: place.issuerPath }) ||
      (place.collectorUnitId !== null && place.collectorPath !== null && actor.can(Permission.PlanRead, { id: place.collectorUnitId, path: place.collectorPath }));
    const cascade = await this.cascades.read(this.db.manager, planId, whole ? null : actor.scopeRoots(Permission.PlanRead), filter, slice);
    if (!whole && cascade.totals.nodes === 0) {
      throw DomainError.forbidden('The cascade is shown to the plan\'s issuer and monitoring unit, and to each assignee for its own part');
    }
    if (!cascade.anchored) throw DomainError.notFound('Cascade node');
    return { place, scope: whole ? 'whole' : 'branch', cascade };
  }
}
