import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, DomainError, ErrorCode } from '@app/core';
import type { Actor } from '@app/org';
import { Decision, SYSTEM_ACTOR, SYSTEM_ROLE, TransitionRunner } from '@app/transitions';
import { PLAN_EVENT_ROLES, planCompleteness, PlanEvent, planWorkflow } from '@app/workflow';
import { allocateNumber, formatNumberAndSymbol, localDate, numberingPeriod } from './numbering.js';
import { rolesAtIssuer } from './plan-access.js';
import { PlanEventDto, PlanEventName, TransitionResultDto } from './plan.dto.js';
import { PlanSubject } from './plan-subject.js';
import { PlanRow } from './plans.repository.js';

/** Rules named by a refusing guard, as GUARD_FAILED reports them. */
const GUARD_RULES: Record<string, { rule: string; message: string }> = {
  hasComment: { rule: 'COMMENT_REQUIRED', message: 'A plan is returned with a comment.' },
  parentsLive: { rule: 'PARENT_NOT_LIVE', message: 'A plan it is based on is not issued, implementing or reporting.' },
  hasSummary: { rule: 'SUMMARY_REQUIRED', message: 'A review carries a summary.' },
  hasReason: { rule: 'REASON_REQUIRED', message: 'A withdrawal carries a reason.' },
};

export function nextEventsFor(actor: Actor, issuerUnitId: string, state: string, machineVersion: number): PlanEventName[] {
  const roles = rolesAtIssuer(actor, issuerUnitId);
  return planWorkflow.accepted(state, machineVersion).filter((e) => PLAN_EVENT_ROLES[e].some((r) => roles.includes(r)));
}

/** Lifecycle events of plans: who may send them, what the machine says, and their effects. */
@Injectable()
export class PlanEventsService {
  constructor(
    private readonly runner: TransitionRunner,
    private readonly subject: PlanSubject,
    private readonly clock: Clock,
  ) {}

  send(actor: Actor, id: string, dto: PlanEventDto, idempotencyKey?: string, requestId?: string): Promise<TransitionResultDto> {
    return this.runner.run({
      kind: this.subject,
      id,
      actor,
      expectedVersion: dto.expectedVersion,
      idempotencyKey,
      requestId,
      decide: (tx, row) => this.decide(tx, actor, row, dto),
      respond: (row, next) => ({ id, state: next.state, version: next.version, nextEvents: nextEventsFor(actor, row.issuerUnitId, next.state, planWorkflow.currentVersion) }),
    });
  }

  /**
   * A time event the server sends when a plan's date comes (START on its first phase's start
   * date, OPEN_REPORTING when its report window opens), inside the caller's transaction: the
   * same machine and effects, recorded as the system actor for the issuer.
   */
  sendAsSystem(tx: EntityManager, id: string, type: 'START' | 'OPEN_REPORTING'): Promise<TransitionResultDto> {
    return this.runner.within(tx, {
      kind: this.subject,
      id,
      actor: SYSTEM_ACTOR,
      decide: (t, row) => this.decide(t, SYSTEM_ACTOR, row, Object.assign(new PlanEventDto(), { type }), SYSTEM_ROLE),
      respond: (_row, next) => ({ id, state: next.state, version: next.version, nextEvents: [] }),
    });
  }

  /** `systemRole`: the step is the server's own (no role at the issuer to check). */
  private async decide(tx: EntityManager, actor: Actor, row: PlanRow, dto: PlanEventDto, systemRole?: string): Promise<Decision> {
    const role = systemRole ?? rolesAtIssuer(actor, row.issuerUnitId).find((r) => PLAN_EVENT_ROLES[dto.type].includes(r));
    if (!role) throw DomainError.forbidden(`${dto.type} is sent by a ${PLAN_EVENT_ROLES[dto.type].join(' or ')} of the issuer`);

    const { event, failures } = await this.toEvent(tx, row, dto);
    const result = planWorkflow.step(row.state, event, row.machineVersion);
    if (!result.ok && result.reason === 'EVENT_NOT_ALLOWED') {
      throw new DomainError(ErrorCode.EVENT_NOT_ALLOWED, `A plan in state ${result.state} does not accept ${dto.type}`, {
        state: result.state,
        allowed: result.allowed,
      });
    }
    if (!result.ok) {
      const rules = result.guard === 'planComplete' ? failures : [GUARD_RULES[result.guard] ?? { rule: result.guard, message: 'Refused' }];
      throw new DomainError(ErrorCode.GUARD_FAILED, `${dto.type} refused: ${rules.map((r) => r.rule).join(', ')}`, { guard: result.guard, rules });
    }

    const decision: Decision = {
      event: dto.type,
      toState: result.to,
      role,
      unitId: row.issuerUnitId,
      comment: dto.comment ?? dto.reason ?? dto.summary ?? null,
      set: { machine_version: result.version },
    };
    if (dto.type === 'ISSUE') return this.issue(tx, actor, row, dto, decision);
    if (dto.type === 'REVIEW') decision.payload = { summary: dto.summary };
    return decision;
  }

  private async toEvent(tx: EntityManager, row: PlanRow, dto: PlanEventDto): Promise<{ event: PlanEvent; failures: { rule: string; message: string }[] }> {
    switch (dto.type) {
      case 'SUBMIT': {
        const failures = planCompleteness(await this.facts(tx, row));
        return { event: { type: 'SUBMIT', failures: failures.map((f) => f.rule) }, failures };
      }
      case 'RETURN':
        return { event: { type: 'RETURN', comment: dto.comment ?? '' }, failures: [] };
      case 'ISSUE': {
        const parents: { state: string }[] = await tx.query(
          `SELECT l.state FROM plan_basis b JOIN plans l ON l.id = b.linked_plan_id WHERE b.plan_id = $1`,
          [row.id],
        );
        return { event: { type: 'ISSUE', parentStates: parents.map((p) => p.state), signature: dto.signature ?? {} }, failures: [] };
      }
      case 'REVIEW':
        return { event: { type: 'REVIEW', summary: dto.summary ?? '' }, failures: [] };
      case 'WITHDRAW':
        return { event: { type: 'WITHDRAW', reason: dto.reason ?? '' }, failures: [] };
      case 'START':
      case 'OPEN_REPORTING':
      case 'DISCARD':
        return { event: { type: dto.type }, failures: [] };
    }
  }

  /** What SUBMIT's completeness rules look at; an assignee must lie below the issuer (a sub-assignee below its assignee). */
  private async facts(tx: EntityManager, row: PlanRow) {
    const assignments: { path: string; parentPath: string | null }[] = await tx.query(
      `SELECT u.path::text AS path, pu.path::text AS "parentPath"
       FROM plan_assignments a JOIN units u ON u.id = a.assignee_unit_id
       LEFT JOIN plan_assignments pa ON pa.id = a.parent_assignment_id LEFT JOIN units pu ON pu.id = pa.assignee_unit_id
       WHERE a.plan_id = $1`,
      [row.id],
    );
    const below = (path: string, ancestor: string) => path.startsWith(`${ancestor}.`);
    return {
      purposes: row.purposes,
      phases: row.phases.map((p) => ({ startsOn: p.startsOn ?? null, endsOn: p.endsOn ?? null, windowText: p.windowText ?? null })),
      assignments: assignments.map((a) => ({
        assigneeInScope: below(a.path, row.issuerPath) && (a.parentPath === null || below(a.path, a.parentPath)),
      })),
      reportDuty: row.reportDueOn ? { dueOn: row.reportDueOn } : null,
      recipients: row.recipientCount,
    };
  }

  /** ISSUE signs the plan, dates it and gives it the next number of its issuer. */
  private async issue(tx: EntityManager, actor: Actor, row: PlanRow, dto: PlanEventDto, decision: Decision): Promise<Decision> {
    const signature = { ...dto.signature!, signerName: actor.displayName, signerUserId: actor.userId };
    const issuedAt = this.clock.now();
    const issuedOn = localDate(issuedAt);
    const period = numberingPeriod(row, issuedOn);
    const number = await allocateNumber(tx, row, row.type, period);
    const numberAndSymbol = formatNumberAndSymbol(row.issuerSymbolStyle, number, row.type, row.issuerShortName);
    return {
      ...decision,
      onBehalfOf: signature.onBehalfOf,
      payload: { number, numberAndSymbol, numberingPeriod: period, issuedOn, signature },
      set: {
        ...decision.set,
        number,
        number_and_symbol: numberAndSymbol,
        numbering_period: period,
        issued_on: issuedOn,
        issued_at: issuedAt,
        signature: JSON.stringify(signature),
      },
    };
  }
}
