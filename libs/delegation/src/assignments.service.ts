import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, Clock, decodeCursor, DEFAULT_PAGE_SIZE, DomainError, ErrorCode, Page, toPage, type AppConfig } from '@app/core';
import { Actor, Permission, Role } from '@app/org';
import { PlansService } from '@app/plans';
import { AuditEntryDto, AuditService, Decision, TransitionRunner } from '@app/transitions';
import { ASSIGNMENT_EVENT_ROLES, AssignmentEvent, AssignmentEventType, assignmentWorkflow } from '@app/workflow';
import { canSeeAssignment, rolesAt } from './assignment-access.js';
import { AssignmentEventDto, AssignmentListQueryDto, AssignmentTransitionDto, TrackedAssignmentDto, USER_ASSIGNMENT_EVENTS, UserAssignmentEvent } from './assignment.dto.js';
import { AssignmentSubject } from './assignment-subject.js';
import { deadlineDay, DeadlineDay, statusOn } from './deadline-day.js';
import { AssignmentRow, AssignmentsRepository, AssignmentView } from './assignments.repository.js';

const GUARD_RULES: Record<string, { rule: string; message: string }> = {
  hasReason: { rule: 'REASON_REQUIRED', message: 'A waiver carries a reason.' },
  validExtension: { rule: 'EXTENSION_INVALID', message: 'An extension carries a reason and a new due date.' },
  ownPlanRequired: { rule: 'OWN_PLAN_NOT_REQUIRED', message: 'This assignment does not ask for an implementing plan.' },
  noOwnPlanRequired: { rule: 'OWN_PLAN_REQUIRED', message: 'This assignment is carried out through the unit\'s own implementing plan.' },
};

/** Where each event is sent from: the assignee's side or the issuer's. */
const SENT_FOR: Record<UserAssignmentEvent, 'assignee' | 'issuer'> = { ACKNOWLEDGE: 'assignee', WAIVE: 'issuer', EXTEND: 'issuer' };

function nextEvents(actor: Actor, a: { state: string; machineVersion: number; assigneeUnitId: string; issuerUnitId: string }): UserAssignmentEvent[] {
  const accepted = new Set<string>(assignmentWorkflow.accepted(a.state, a.machineVersion));
  return USER_ASSIGNMENT_EVENTS.filter((e) => {
    if (!accepted.has(e)) return false;
    const roles = rolesAt(actor, SENT_FOR[e] === 'assignee' ? a.assigneeUnitId : a.issuerUnitId);
    return ASSIGNMENT_EVENT_ROLES[e].some((r) => (roles as string[]).includes(r));
  });
}

function toDto(actor: Actor, view: AssignmentView, today: DeadlineDay): TrackedAssignmentDto {
  return {
    id: view.id,
    plan: view.plan,
    parentAssignmentId: view.parentAssignmentId,
    assigneeUnitId: view.assigneeUnitId,
    assigneeUnitName: view.assigneeUnitName,
    assigneeAtIssue: view.assigneeAtIssue,
    responsibilities: view.responsibilities,
    requiresOwnPlan: view.requiresOwnPlan,
    dueOn: view.dueOn,
    state: view.state,
    overdue: view.overdue,
    deadlineStatus: statusOn(today, view),
    reportedOn: view.reportedOn,
    version: view.version,
    childPlan: view.childPlan,
    nextEvents: nextEvents(actor, view),
  };
}

/** Tracked assignments: what units must do, and the moves of their own machine. */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assignments: AssignmentsRepository,
    private readonly subject: AssignmentSubject,
    private readonly runner: TransitionRunner,
    private readonly plans: PlansService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private today(): DeadlineDay {
    return deadlineDay(this.clock, this.config);
  }

  async get(actor: Actor, id: string): Promise<TrackedAssignmentDto> {
    return toDto(actor, await this.visible(this.db.manager, actor, id), this.today());
  }

  /** A plan's tracked assignments: all of them for the issuing side, only its own for an assignee. */
  async forPlan(actor: Actor, planId: string): Promise<TrackedAssignmentDto[]> {
    await this.plans.assertVisible(this.db.manager, actor, planId);
    const rows = await this.assignments.forPlan(this.db.manager, planId);
    const today = this.today();
    return rows.filter((r) => canSeeAssignment(actor, r)).map((r) => toDto(actor, r, today));
  }

  /** Assignments of every unit the caller acts for. */
  async mine(actor: Actor, query: AssignmentListQueryDto): Promise<Page<TrackedAssignmentDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const units = [...new Set(actor.memberships.map((m) => m.unitId).filter((u): u is string => u !== null))];
    const today = this.today();
    const rows = await this.assignments.forUnits(this.db.manager, units, {
      state: query.state, overdue: query.overdue, dueBefore: query.dueBefore, limit: limit + 1, after: decodeCursor(query.cursor, ['date', 'uuid']),
    });
    return toPage(rows, limit, (r) => toDto(actor, r, today), (r) => [r.dueOn ?? 'infinity', r.id]);
  }

  /** Every audited step of the assignment, for auditors of its assignee or of its plan's issuer. */
  async history(actor: Actor, id: string): Promise<AuditEntryDto[]> {
    const view = await this.visible(this.db.manager, actor, id);
    const audits = [{ id: view.assigneeUnitId, path: view.assigneePath }, { id: view.plan.issuerUnitId, path: view.issuerPath }];
    if (!audits.some((unit) => actor.can(Permission.AuditRead, unit))) throw DomainError.forbidden('You do not audit this assignment\'s unit or its plan\'s issuer');
    return (await this.audit.history(id)).map(AuditEntryDto.from);
  }

  send(actor: Actor, id: string, dto: AssignmentEventDto, idempotencyKey?: string, requestId?: string): Promise<AssignmentTransitionDto> {
    return this.runner.run({
      kind: this.subject,
      id,
      actor,
      expectedVersion: dto.expectedVersion,
      idempotencyKey,
      requestId,
      decide: async (_tx, row) => {
        const unitId = SENT_FOR[dto.type] === 'assignee' ? row.assigneeUnitId : row.issuerUnitId;
        const role = rolesAt(actor, unitId).find((r) => (ASSIGNMENT_EVENT_ROLES[dto.type] as string[]).includes(r));
        if (!role) throw DomainError.forbidden(`${dto.type} is sent by a ${ASSIGNMENT_EVENT_ROLES[dto.type].join(' or ')} of the ${SENT_FOR[dto.type]}`);
        const event: AssignmentEvent =
          dto.type === 'ACKNOWLEDGE' ? { type: 'ACKNOWLEDGE' }
          : dto.type === 'WAIVE' ? { type: 'WAIVE', reason: dto.reason ?? '' }
          : { type: 'EXTEND', reason: dto.reason ?? '', dueOn: dto.dueOn ?? '' };
        const decision = step(row, event, { role, unitId, comment: dto.reason ?? null });
        if (dto.type === 'EXTEND') {
          decision.payload = { dueOn: { before: row.dueOn, after: dto.dueOn } };
          decision.set = { ...decision.set, due_on: dto.dueOn, overdue: false };
        }
        return decision;
      },
      respond: (row, next) => ({
        id,
        state: next.state,
        version: next.version,
        overdue: dto.type === 'EXTEND' ? false : row.overdue,
        nextEvents: nextEvents(actor, { ...row, state: next.state, machineVersion: assignmentWorkflow.currentVersion }),
      }),
    });
  }

  /**
   * The assignee's drafter starts its implementing plan: a draft prefilled from the parent
   * (basis, purposes, phases, forms, an earlier report deadline, the parent's issuer as the
   * recipient for report), and the assignment moves to `planning`, in one transaction.
   */
  async startChildPlan(actor: Actor, id: string, requestId?: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const row = await this.subject.lock(tx, id);
      if (!row || !(await this.subject.visible(tx, actor, row))) throw DomainError.notFound('Assignment');
      if (!actor.memberships.some((m) => m.role === Role.Drafter && m.unitId === row.assigneeUnitId)) {
        throw DomainError.forbidden('The implementing plan is drafted by a drafter of the assignee unit');
      }
      const [parent] = await tx.query(
        `SELECT p.id, p.type, p.title, p.place, p.purposes, p.phases, p.forms, p.issuer_unit_id AS "issuerUnitId",
                to_char(p.report_due_on, 'YYYY-MM-DD') AS "reportDueOn"
         FROM plans p WHERE p.id = $1`,
        [row.planId],
      );
      const deadline = [row.dueOn, parent.reportDueOn].filter((d): d is string => d !== null).sort()[0];
      const childId = await this.plans.createWithin(
        tx,
        actor,
        {
          issuerUnitId: row.assigneeUnitId,
          type: 'KH',
          title: `Thực hiện ${parent.title}`,
          place: parent.place ?? undefined,
          basis: [{ planId: parent.id }],
          purposes: parent.purposes,
          phases: parent.phases,
          forms: parent.forms,
          assignments: [],
          reportDuty: deadline ? { collectorUnitId: row.assigneeUnitId, dueOn: shiftDays(deadline, -this.config.childReportLeadDays), periodic: false } : null,
          recipients: [{ unitId: parent.issuerUnitId, purpose: 'report' }],
        },
        { requestId, sourceAssignmentId: id },
      );
      await this.runner.within(tx, {
        kind: this.subject,
        id,
        actor,
        requestId,
        decide: async (_tx, locked) => {
          const decision = step(locked, { type: 'CHILD_DRAFTED', requiresOwnPlan: locked.requiresOwnPlan }, { role: Role.Drafter, unitId: locked.assigneeUnitId });
          decision.payload = { childPlanId: childId };
          return decision;
        },
        respond: () => undefined,
      });
      return childId;
    });
  }

  private async visible(tx: EntityManager, actor: Actor, id: string): Promise<AssignmentView> {
    const view = await this.assignments.view(tx, id);
    if (!view || !canSeeAssignment(actor, view)) throw DomainError.notFound('Assignment');
    return view;
  }
}

/** Runs the assignment machine; a refusal becomes the API's error. */
export function step(row: AssignmentRow, event: AssignmentEvent, by: { role: string; unitId: string; comment?: string | null }): Decision {
  const result = assignmentWorkflow.step(row.state, event, row.machineVersion);
  if (!result.ok && result.reason === 'EVENT_NOT_ALLOWED') {
    throw new DomainError(ErrorCode.EVENT_NOT_ALLOWED, `An assignment in state ${result.state} does not accept ${event.type}`, {
      state: result.state,
      allowed: result.allowed.filter((e: AssignmentEventType) => (USER_ASSIGNMENT_EVENTS as readonly string[]).includes(e)),
    });
  }
  if (!result.ok) {
    const rule = GUARD_RULES[result.guard] ?? { rule: result.guard, message: 'Refused' };
    throw new DomainError(ErrorCode.GUARD_FAILED, `${event.type} refused: ${rule.rule}`, { guard: result.guard, rules: [rule] });
  }
  return { event: event.type, toState: result.to, role: by.role, unitId: by.unitId, comment: by.comment ?? null, set: { machine_version: result.version } };
}

function shiftDays(date: string, days: number): string {
  const shifted = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}
