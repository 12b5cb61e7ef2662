import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, DomainError, ErrorCode, localDate, preparedQuery } from '@app/core';
import type { Actor } from '@app/org';
import { Decision, SYSTEM_ACTOR, SYSTEM_ROLE, TransitionRunner } from '@app/transitions';
import { PLAN_EVENT_ROLES, planCompleteness, PlanEvent, PlanEventType, planWorkflow, SETTLED_ASSIGNMENT_STATES, StepResult } from '@app/workflow';
import { readSymbol } from '@app/import';
import { allocateNumber, formatNumberAndSymbol, numberingPeriod, registerNumber } from './numbering.js';
import { rolesAtIssuer } from './plan-access.js';
import { PlanDocumentsService } from './plan-documents.service.js';
import { PLAN_EVENT_NAMES, PlanEventDto, PlanEventName, TransitionResultDto } from './plan.dto.js';
import { PlanSubject } from './plan-subject.js';
import { PlanRow } from './plans.repository.js';

interface Rule {
  rule: string;
  message: string;
}

/** Rules named by a refusing guard, as GUARD_FAILED reports them. */
const GUARD_RULES: Record<string, Rule> = {
  hasComment: { rule: 'COMMENT_REQUIRED', message: 'A plan is returned with a comment.' },
  parentsLive: { rule: 'PARENT_NOT_LIVE', message: 'A plan it is based on is not issued, implementing or reporting.' },
  amendedLive: { rule: 'AMENDED_PLAN_NOT_LIVE', message: 'The plan it amends is no longer issued, implementing or reporting.' },
  assignmentsSettled: { rule: 'ASSIGNMENTS_OPEN', message: 'Every tracked assignment is accepted or waived before the plan is reviewed.' },
  hasSummary: { rule: 'SUMMARY_REQUIRED', message: 'A review carries a summary.' },
  hasReason: { rule: 'REASON_REQUIRED', message: 'A withdrawal carries a reason.' },
  namesAmendment: { rule: 'AMENDMENT_REQUIRED', message: 'A plan is superseded by a named amendment.' },
  registrationRecorded: {
    rule: 'REGISTRATION_INCOMPLETE',
    message: 'A registration records the number, the date (not after today) or the signer printed on the document.',
  },
};

const USER_EVENTS = new Set<string>(PLAN_EVENT_NAMES);
const isUserEvent = (type: PlanEventType): type is PlanEventName => USER_EVENTS.has(type);
const SETTLED = new Set<string>(SETTLED_ASSIGNMENT_STATES);

/** What the caller may send now; an amendment is issued, never registered (it would supersede a plan in force). */
export function nextEventsFor(actor: Actor, issuerUnitId: string, state: string, machineVersion: number, amendment = false): PlanEventName[] {
  const roles: string[] = rolesAtIssuer(actor, issuerUnitId);
  return planWorkflow
    .accepted(state, machineVersion)
    .filter(isUserEvent)
    .filter((e) => PLAN_EVENT_ROLES[e].some((r) => roles.includes(r)))
    .filter((e) => !(amendment && e === 'REGISTER'));
}

/** A refused step as the API's error; `failures` are the rules SUBMIT's completeness found. */
function refusal(result: Exclude<StepResult, { ok: true }>, type: PlanEventType, failures: Rule[]): DomainError {
  if (result.reason === 'EVENT_NOT_ALLOWED') {
    return new DomainError(ErrorCode.EVENT_NOT_ALLOWED, `A plan in state ${result.state} does not accept ${type}`, {
      state: result.state,
      allowed: result.allowed.filter(isUserEvent),
    });
  }
  const rules = result.guard === 'planComplete' || result.guard === 'assignmentsSettled' ? failures : [GUARD_RULES[result.guard] ?? { rule: result.guard, message: 'Refused' }];
  return new DomainError(ErrorCode.GUARD_FAILED, `${type} refused: ${rules.map((r) => r.rule).join(', ')}`, { guard: result.guard, rules });
}

/** Lifecycle events of plans: who may send them, what the machine says, and their effects. */
@Injectable()
export class PlanEventsService {
  constructor(
    private readonly runner: TransitionRunner,
    private readonly subject: PlanSubject,
    private readonly clock: Clock,
    private readonly documents: PlanDocumentsService,
  ) {}

  send(actor: Actor, id: string, dto: PlanEventDto, idempotencyKey?: string, requestId?: string): Promise<TransitionResultDto> {
    return this.runner.run({
      kind: this.subject,
      id,
      actor,
      expectedVersion: dto.expectedVersion,
      idempotencyKey,
      requestId,
      decide: (tx, row) => this.decide(tx, actor, row, dto, requestId),
      respond: (row, next) => ({ id, state: next.state, version: next.version, nextEvents: nextEventsFor(actor, row.issuerUnitId, next.state, planWorkflow.currentVersion, row.amendsPlanId !== null) }),
    });
  }

  /**
   * A time event the server sends when a plan's date comes (START on its first phase's start
   * date, OPEN_REPORTING when its report window opens), inside the caller's transaction.
   */
  async sendAsSystem(tx: EntityManager, id: string, type: 'START' | 'OPEN_REPORTING'): Promise<TransitionResultDto> {
    const next = await this.systemStep(tx, id, { type });
    return { id, state: next.state, version: next.version, nextEvents: [] };
  }

  /**
   * A step the server takes on its own inside the caller's transaction (time events,
   * SUPERSEDE when an amendment is issued, DISCARD of a draft whose parent was withdrawn):
   * the same runner, the same machine, audited as the system acting for the plan's issuer.
   */
  systemStep(tx: EntityManager, id: string, event: PlanEvent, note: { comment?: string | null; payload?: Record<string, unknown>; requestId?: string } = {}): Promise<{ state: string; version: number }> {
    return this.runner.within(tx, {
      kind: this.subject,
      id,
      actor: SYSTEM_ACTOR,
      requestId: note.requestId,
      decide: async (_tx, row) => {
        if (!PLAN_EVENT_ROLES[event.type].includes(SYSTEM_ROLE)) throw new Error(`${event.type} is not sent by the system`);
        const result = planWorkflow.step(row.state, event, row.machineVersion);
        if (!result.ok) throw refusal(result, event.type, []);
        return {
          event: event.type,
          toState: result.to,
          role: SYSTEM_ROLE,
          unitId: row.issuerUnitId,
          comment: note.comment ?? null,
          payload: note.payload,
          set: { machine_version: result.version },
        };
      },
      respond: (_row, next) => next,
    });
  }

  private async decide(tx: EntityManager, actor: Actor, row: PlanRow, dto: PlanEventDto, requestId?: string): Promise<Decision> {
    const role = rolesAtIssuer(actor, row.issuerUnitId).find((r) => PLAN_EVENT_ROLES[dto.type].includes(r));
    if (!role) throw DomainError.forbidden(`${dto.type} is sent by a ${PLAN_EVENT_ROLES[dto.type].join(' or ')} of the issuer`);

    const { event, failures } = await this.toEvent(tx, row, dto);
    const result = planWorkflow.step(row.state, event, row.machineVersion);
    if (!result.ok) throw refusal(result, dto.type, failures);

    const decision: Decision = {
      event: dto.type,
      toState: result.to,
      role,
      unitId: row.issuerUnitId,
      comment: dto.comment ?? dto.reason ?? dto.summary ?? null,
      set: { machine_version: result.version },
    };
    if (dto.type === 'ISSUE') return this.issue(tx, actor, row, dto, decision, requestId);
    if (dto.type === 'REGISTER') return this.register(tx, row, dto, decision);
    if (dto.type === 'REVIEW') decision.payload = { summary: dto.summary };
    return decision;
  }

  private async toEvent(tx: EntityManager, row: PlanRow, dto: PlanEventDto): Promise<{ event: PlanEvent; failures: Rule[] }> {
    switch (dto.type) {
      case 'SUBMIT': {
        const failures = planCompleteness(await this.facts(tx, row));
        return { event: { type: 'SUBMIT', failures: failures.map((f) => f.rule) }, failures };
      }
      case 'RETURN':
        return { event: { type: 'RETURN', comment: dto.comment ?? '' }, failures: [] };
      case 'ISSUE': {
        // A cited plan since superseded stands for its amendment: follow the chain to the plan in force.
        const parents: { state: string }[] = await tx.query(
          `WITH RECURSIVE chain AS (
             SELECT b.position, l.id, l.state, 0 AS depth FROM plan_basis b JOIN plans l ON l.id = b.linked_plan_id WHERE b.plan_id = $1
             UNION ALL
             SELECT c.position, a.id, a.state, c.depth + 1 FROM chain c
             JOIN plans a ON a.amends_plan_id = c.id AND a.issued_at IS NOT NULL WHERE c.state = 'superseded')
           SELECT DISTINCT ON (position) state FROM chain ORDER BY position, depth DESC`,
          [row.id],
        );
        // Locked: the amended plan must not be withdrawn or superseded while this one supersedes it.
        const [amended]: { state: string }[] = row.amendsPlanId ? await tx.query('SELECT state FROM plans WHERE id = $1 FOR UPDATE', [row.amendsPlanId]) : [];
        const event: PlanEvent = { type: 'ISSUE', parentStates: parents.map((p) => p.state), amendedState: amended?.state ?? null, signature: dto.signature ?? {} };
        return { event, failures: [] };
      }
      case 'REVIEW': {
        const tracked: { state: string }[] = await tx.query('SELECT state FROM plan_assignments WHERE plan_id = $1 AND state IS NOT NULL', [row.id]);
        const open = tracked.filter((a) => !SETTLED.has(a.state)).length;
        const failure = { ...GUARD_RULES.assignmentsSettled, message: `${open} of ${tracked.length} tracked assignments are neither accepted nor waived.` };
        return { event: { type: 'REVIEW', summary: dto.summary ?? '', assignmentStates: tracked.map((a) => a.state) }, failures: [failure] };
      }
      case 'WITHDRAW':
        return { event: { type: 'WITHDRAW', reason: dto.reason ?? '' }, failures: [] };
      case 'REGISTER': {
        const r = dto.registration!;
        const event: PlanEvent = {
          type: 'REGISTER',
          numberAndSymbol: r.numberAndSymbol ?? null,
          issuedOn: r.issuedOn ?? null,
          signerName: r.signature?.signerName ?? null,
          today: localDate(this.clock.now()),
          lands: r.lands ?? 'issued',
        };
        return { event, failures: [] };
      }
      case 'START':
      case 'OPEN_REPORTING':
      case 'DISCARD':
        return { event: { type: dto.type }, failures: [] };
    }
  }

  /**
   * What SUBMIT's completeness rules look at, in one statement (the lock reads none of it); an
   * assignee must lie below the issuer (a sub-assignee below its assignee).
   */
  private async facts(tx: EntityManager, row: PlanRow) {
    const [plan] = await preparedQuery<{
      purposes: string[];
      phases: { startsOn?: string; endsOn?: string; windowText?: string }[];
      reportDueOn: string | null;
      recipients: number;
      assignments: { path: string; parentPath: string | null }[];
    }>(
      tx,
      `SELECT p.purposes, p.phases, to_char(p.report_due_on, 'YYYY-MM-DD') AS "reportDueOn",
              (SELECT count(*)::int FROM plan_recipients r WHERE r.plan_id = p.id) AS recipients,
              COALESCE((SELECT json_agg(json_build_object('path', u.path::text, 'parentPath', pu.path::text))
                FROM plan_assignments a JOIN units u ON u.id = a.assignee_unit_id
                LEFT JOIN plan_assignments pa ON pa.id = a.parent_assignment_id LEFT JOIN units pu ON pu.id = pa.assignee_unit_id
                WHERE a.plan_id = p.id), '[]'::json) AS assignments
       FROM plans p WHERE p.id = $1`,
      [row.id],
    );
    const below = (path: string, ancestor: string) => path.startsWith(`${ancestor}.`);
    return {
      purposes: plan.purposes,
      phases: plan.phases.map((p) => ({ startsOn: p.startsOn ?? null, endsOn: p.endsOn ?? null, windowText: p.windowText ?? null })),
      assignments: plan.assignments.map((a) => ({
        assigneeInScope: below(a.path, row.issuerPath) && (a.parentPath === null || below(a.path, a.parentPath)),
      })),
      reportDuty: plan.reportDueOn ? { dueOn: plan.reportDueOn } : null,
      recipients: plan.recipients,
    };
  }

  /**
   * ISSUE signs the plan, dates it and gives it the next number of its issuer, and renders
   * the issued PDF, whose SHA-256 the audit entry records (the bytes are stored). An amendment
   * supersedes the plan it amends in the same transaction, and takes its place as the
   * implementing plan of the assignment that one carried out.
   */
  private async issue(tx: EntityManager, actor: Actor, row: PlanRow, dto: PlanEventDto, decision: Decision, requestId?: string): Promise<Decision> {
    const signature = { ...dto.signature!, signerName: actor.displayName, signerUserId: actor.userId };
    const issuedAt = this.clock.now();
    const issuedOn = localDate(issuedAt);
    const period = numberingPeriod(row, issuedOn);
    const prepared = await this.documents.prepareIssue(tx, row.id, { issuedOn, issuedAt, signature });
    const number = await allocateNumber(tx, row, row.type, period);
    const numberAndSymbol = formatNumberAndSymbol(row.issuerSymbolStyle, number, row.type, row.issuerShortName);
    const amended = row.amendsPlanId ? await this.supersede(tx, row, numberAndSymbol, requestId) : undefined;
    const document = await this.documents.issue(tx, row.id, prepared, numberAndSymbol, issuedAt);
    return {
      ...decision,
      onBehalfOf: signature.onBehalfOf,
      payload: { number, numberAndSymbol, numberingPeriod: period, issuedOn, signature, document: { format: 'pdf', ...document } },
      set: {
        ...decision.set,
        number,
        number_and_symbol: numberAndSymbol,
        numbering_period: period,
        issued_on: issuedOn,
        issued_at: issuedAt,
        signature: JSON.stringify(signature),
        ...(amended?.sourceAssignmentId ? { source_assignment_id: amended.sourceAssignmentId } : {}),
      },
    };
  }

  /**
   * REGISTER keeps what the document was printed with: its number and symbol (normalised,
   * never a new one), its date and its signer, and files the number in the register of the
   * period it was issued in. Nothing is rendered: the original is the paper one. An
   * amendment cannot be registered (it would supersede a plan in force without an issue).
   */
  private async register(tx: EntityManager, row: PlanRow, dto: PlanEventDto, decision: Decision): Promise<Decision> {
    if (row.amendsPlanId) throw DomainError.validation('An amendment is issued, not registered', [{ field: 'type', messages: ['AMENDMENT_NOT_REGISTERED'] }]);
    const r = dto.registration!;
    const symbol = r.numberAndSymbol ? readSymbol(r.numberAndSymbol) : undefined;
    if (r.numberAndSymbol && !symbol) throw DomainError.validation('The number and symbol cannot be read', [{ field: 'registration.numberAndSymbol', messages: ['UNREADABLE_SYMBOL'] }]);
    const numberAndSymbol = symbol?.numberAndSymbol ?? null;
    const number = symbol ? Number(numberAndSymbol!.match(/^\d+/)![0]) : null;
    const issuedOn = r.issuedOn ?? null;
    const period = issuedOn ? numberingPeriod(row, issuedOn) : null;
    if (number !== null && period !== null && (await registerNumber(tx, row, row.id, row.type, period, number)) === 'taken') {
      throw new DomainError(ErrorCode.NUMBER_TAKEN, `${numberAndSymbol} is already held by another plan of this issuer in ${period}`, { numberAndSymbol, numberingPeriod: period });
    }
    const printed = r.signature ?? {};
    const signature = { ...printed, registered: true };
    return {
      ...decision,
      onBehalfOf: printed.onBehalfOf,
      payload: { registered: true, lands: r.lands ?? 'issued', number, numberAndSymbol, numberingPeriod: period, issuedOn, signature },
      set: {
        ...decision.set,
        number,
        number_and_symbol: numberAndSymbol,
        numbering_period: period,
        issued_on: issuedOn,
        // When it entered the system as issued: what makes it visible to the units it assigns.
        issued_at: this.clock.now(),
        signature: JSON.stringify(signature),
      },
    };
  }

  private async supersede(tx: EntityManager, amendment: PlanRow, numberAndSymbol: string, requestId?: string): Promise<{ sourceAssignmentId: string | null }> {
    const amendedId = amendment.amendsPlanId!;
    await this.systemStep(tx, amendedId, { type: 'SUPERSEDE', amendmentId: amendment.id }, { payload: { amendedBy: amendment.id, numberAndSymbol }, requestId });
    const [amended]: { sourceAssignmentId: string | null }[] = await tx.query('SELECT source_assignment_id AS "sourceAssignmentId" FROM plans WHERE id = $1', [amendedId]);
    return amended;
  }
}
