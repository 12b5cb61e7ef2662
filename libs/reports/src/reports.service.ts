import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError } from '@app/core';
import { AssignmentSubject } from '@app/delegation';
import type { Actor } from '@app/org';
import { AuditEntryDto, AuditService, AuditTrail, TransitionRunner } from '@app/transitions';
import { EDITABLE_REPORT_STATES, FINAL_ASSIGNMENT_STATES, reportWorkflow } from '@app/workflow';
import { canAuditReport, canSeeReport, nextReportEvents, writerRole } from './report-access.js';
import { CreateReportDto, IndicatorDto, ReportDto, UpdateReportDto } from './report.dto.js';
import { ReportFilesService } from './report-files.service.js';
import { ReportSubject } from './report-subject.js';
import { ReportContent, ReportsRepository, ReportView } from './reports.repository.js';
import { NARRATIVE_SECTIONS, rollUp } from './roll-up.js';

const EDITABLE = new Set<string>(EDITABLE_REPORT_STATES);
const CLOSED_ASSIGNMENT = new Set<string>(FINAL_ASSIGNMENT_STATES);
const CONTENT_FIELDS = [...NARRATIVE_SECTIONS, 'indicators', 'attachments'] as const;

function contentOf(dto: CreateReportDto | UpdateReportDto): ReportContent {
  const content: ReportContent = {};
  for (const field of CONTENT_FIELDS) if (dto[field] !== undefined) Object.assign(content, { [field]: dto[field] });
  return JSON.parse(JSON.stringify(content)) as ReportContent;
}

/** Implementation reports: written by the assignee unit, decided by the side that receives them. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsRepository,
    private readonly subject: ReportSubject,
    private readonly assignments: AssignmentSubject,
    private readonly runner: TransitionRunner,
    private readonly audit: AuditTrail,
    private readonly auditService: AuditService,
    private readonly clock: Clock,
    private readonly files: ReportFilesService,
  ) {}

  indicators(): Promise<IndicatorDto[]> {
    return this.reports.indicators(this.db.manager);
  }

  /**
   * The assignee's writer starts the report on its assignment: the draft and the first link
   * of its audit chain, in one transaction holding the assignment's row lock (so one
   * report per assignment, whatever the concurrency). With `rollUp`, the draft is
   * prefilled from the accepted reports on the unit's reviewed implementing plan.
   */
  async create(actor: Actor, assignmentId: string, dto: CreateReportDto, rollUpChildren: boolean, requestId?: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const assignment = await this.assignments.lock(tx, assignmentId);
      const place = assignment && {
        unitId: assignment.assigneeUnitId, unitPath: assignment.assigneePath, issuerUnitId: assignment.issuerUnitId, issuerPath: assignment.issuerPath,
        ...(await this.reports.placeOfAssignment(tx, assignmentId)),
      };
      if (!assignment || !place || !canSeeReport(actor, place)) throw DomainError.notFound('Assignment');
      const role = writerRole(actor, place);
      if (!role) throw DomainError.forbidden('A report is written by a drafter, secretary or unit officer of the assignee unit');
      if (CLOSED_ASSIGNMENT.has(assignment.state)) {
        throw DomainError.conflict(`The assignment is ${assignment.state}: it takes no report`, { reason: 'ASSIGNMENT_CLOSED', state: assignment.state });
      }
      const existing = await this.reports.idForAssignment(tx, assignmentId);
      if (existing) throw DomainError.conflict('The assignment has a report already; edit it', { reason: 'REPORT_EXISTS', reportId: existing });
      await this.reports.assertIndicators(tx, dto.indicators);
      if (dto.attachments) await this.files.assertUploaded(tx, null, dto.attachments, []);

      let content = contentOf(dto);
      let rolledUp: Record<string, unknown> | undefined;
      if (rollUpChildren) ({ content, rolledUp } = await this.rollUp(tx, assignmentId, content));

      const at = this.clock.now();
      const id = await this.reports.insert(tx, { assignmentId, unitId: assignment.assigneeUnitId, machineVersion: reportWorkflow.currentVersion, createdBy: actor.userId, at });
      await this.reports.writeContent(tx, id, content);
      const entry = await this.audit.append(tx, {
        subjectType: 'report', subjectId: id, seq: 1, at, actorUserId: actor.userId, actorRole: role, actorUnitId: assignment.assigneeUnitId,
        onBehalfOf: null, event: 'CREATE', fromState: null, toState: 'draft', comment: null,
        payload: { assignmentId, content, ...(rolledUp ? { rollUp: rolledUp } : {}) }, requestId: requestId ?? null, prevHash: null,
      });
      await tx.query('UPDATE reports SET audit_seq = 1, audit_hash = $2 WHERE id = $1', [id, entry.hash]);
      return id;
    });
  }

  /** The children's sums and narratives, with the unit's own content on top; the audit entry keeps what was summed. */
  private async rollUp(tx: EntityManager, assignmentId: string, own: ReportContent) {
    const child = await this.reports.childPlan(tx, assignmentId);
    if (!child) throw DomainError.conflict('The unit has no implementing plan to roll up', { reason: 'NO_IMPLEMENTING_PLAN' });
    if (child.state !== 'reviewed') {
      throw DomainError.conflict('The unit\'s implementing plan is not reviewed yet', { reason: 'IMPLEMENTING_PLAN_NOT_REVIEWED', childPlanId: child.id, state: child.state });
    }
    const children = await this.reports.acceptedNarratives(tx, child.id);
    const totals = (await this.reports.childTotals(tx, assignmentId))!;
    const content: ReportContent = { ...own, ...rollUp(children, totals.indicators, own) };
    const rolledUp = {
      childPlanId: child.id,
      children: children.map((c) => ({ reportId: c.reportId, unitId: c.unitId, indicators: c.indicators })),
      sums: totals.indicators,
    };
    return { content, rolledUp };
  }

  /** Edits a draft or returned report; the audit entry records each changed part, before and after. */
  async update(actor: Actor, id: string, dto: UpdateReportDto, requestId?: string): Promise<ReportDto> {
    const content = contentOf(dto);
    await this.runner.run({
      kind: this.subject,
      id,
      actor,
      expectedVersion: dto.expectedVersion,
      requestId,
      respond: () => undefined,
      decide: async (tx, row) => {
        const role = writerRole(actor, row);
        if (!role) throw DomainError.forbidden('A report is edited by a drafter, secretary or unit officer of the assignee unit');
        if (!EDITABLE.has(row.state)) throw DomainError.conflict(`A report in state ${row.state} cannot be edited`, { reason: 'NOT_EDITABLE', state: row.state });
        await this.reports.assertIndicators(tx, content.indicators);
        const before = (await this.reports.view(tx, id))!;
        if (content.attachments) await this.files.assertUploaded(tx, id, content.attachments, before.attachments);
        await this.reports.writeContent(tx, id, content);
        const after = (await this.reports.view(tx, id))!;
        const changes: Record<string, { before: unknown; after: unknown }> = {};
        for (const field of CONTENT_FIELDS) {
          if (content[field] !== undefined && JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
            changes[field] = { before: before[field], after: after[field] };
          }
        }
        return { event: 'EDIT', toState: row.state, role, unitId: row.unitId, payload: { changes } };
      },
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<ReportDto> {
    const view = await this.reports.view(this.db.manager, id);
    if (!view || !canSeeReport(actor, view)) throw DomainError.notFound('Report');
    return this.toDto(actor, view);
  }

  /** The report on an assignment; 404 when there is none or the caller may not see it. */
  async forAssignment(actor: Actor, assignmentId: string): Promise<ReportDto> {
    const id = await this.reports.idForAssignment(this.db.manager, assignmentId);
    if (!id) throw DomainError.notFound('Report');
    return this.get(actor, id);
  }

  /** Every audited step of the report (its creation, each edit with what changed, each decision), for auditors. */
  async history(actor: Actor, id: string): Promise<AuditEntryDto[]> {
    const view = await this.reports.view(this.db.manager, id);
    if (!view || !canSeeReport(actor, view)) throw DomainError.notFound('Report');
    if (!canAuditReport(actor, view)) throw DomainError.forbidden('You do not audit this report\'s unit or its plan\'s issuer');
    return (await this.auditService.history(id)).map(AuditEntryDto.from);
  }

  private async toDto(actor: Actor, view: ReportView): Promise<ReportDto> {
    const [childTotals, lastReturn] = await Promise.all([
      this.reports.childTotals(this.db.manager, view.assignmentId),
      this.reports.lastReturn(this.db.manager, view.id),
    ]);
    return {
      id: view.id,
      assignmentId: view.assignmentId,
      plan: view.plan,
      unitId: view.unitId,
      unitName: view.unitName,
      unitAtSubmission: view.unitAtSubmission,
      state: view.state,
      version: view.version,
      machineVersion: view.machineVersion,
      results: view.results,
      limitations: view.limitations,
      lessons: view.lessons,
      recommendations: view.recommendations,
      indicators: view.indicators,
      attachments: view.attachments,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
      submittedAt: view.submittedAt?.toISOString() ?? null,
      decidedAt: view.decidedAt?.toISOString() ?? null,
      childTotals,
      lastReturn: lastReturn ? { ...lastReturn, at: lastReturn.at.toISOString() } : null,
      nextEvents: nextReportEvents(actor, view, view.state, view.machineVersion),
    };
  }
}
