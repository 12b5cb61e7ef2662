import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, DomainError, ErrorCode } from '@app/core';
import type { Actor } from '@app/org';
import { Decision, TransitionRunner } from '@app/transitions';
import {
  assignmentWorkflow, REPORT_EVENT_ROLES, REPORT_EVENT_SIDES, reportCompleteness, ReportEvent, reportWorkflow, type ReportCompletenessFailure,
} from '@app/workflow';
import { nextReportEvents, senderFor } from './report-access.js';
import { ReportEventDto, ReportTransitionDto } from './report.dto.js';
import { ReportSubject } from './report-subject.js';
import { ReportRow, ReportsRepository } from './reports.repository.js';

const GUARD_RULES: Record<string, { rule: string; message: string }> = {
  hasComment: { rule: 'COMMENT_REQUIRED', message: 'A report is returned with a comment saying what to revise.' },
};

const SIDE_NAMES = { assignee: 'the assignee unit', monitor: 'the monitoring unit named in the report duty, or of the issuer' } as const;

/** Lifecycle events of reports: who may send them, what the machine says; their effects on the assignment are in ReportEffects. */
@Injectable()
export class ReportEventsService {
  constructor(
    private readonly runner: TransitionRunner,
    private readonly subject: ReportSubject,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  send(actor: Actor, id: string, dto: ReportEventDto, idempotencyKey?: string, requestId?: string): Promise<ReportTransitionDto> {
    return this.runner.run({
      kind: this.subject,
      id,
      actor,
      expectedVersion: dto.expectedVersion,
      idempotencyKey,
      requestId,
      decide: (tx, row) => this.decide(tx, actor, row, dto),
      respond: (row, next) => ({ id, state: next.state, version: next.version, nextEvents: nextReportEvents(actor, row, next.state, reportWorkflow.currentVersion) }),
    });
  }

  private async decide(tx: EntityManager, actor: Actor, row: ReportRow, dto: ReportEventDto): Promise<Decision> {
    const by = senderFor(actor, row, dto.type);
    if (!by) throw DomainError.forbidden(`${dto.type} is sent by a ${REPORT_EVENT_ROLES[dto.type].join(' or ')} of ${SIDE_NAMES[REPORT_EVENT_SIDES[dto.type]]}`);

    let failures: ReportCompletenessFailure[] = [];
    let event: ReportEvent;
    switch (dto.type) {
      case 'SUBMIT': {
        const ready = assignmentWorkflow.step(row.assignmentState, { type: 'REPORT_SUBMITTED', requiresOwnPlan: row.requiresOwnPlan }, row.assignmentMachineVersion).ok;
        failures = reportCompleteness({ results: row.results, assignmentReady: ready });
        event = { type: 'SUBMIT', failures: failures.map((f) => f.rule) };
        break;
      }
      case 'RETURN':
        event = { type: 'RETURN', comment: dto.comment ?? '' };
        break;
      case 'ACCEPT':
        event = { type: 'ACCEPT' };
        break;
    }
    const result = reportWorkflow.step(row.state, event, row.machineVersion);
    if (!result.ok && result.reason === 'EVENT_NOT_ALLOWED') {
      throw new DomainError(ErrorCode.EVENT_NOT_ALLOWED, `A report in state ${result.state} does not accept ${dto.type}`, { state: result.state, allowed: result.allowed });
    }
    if (!result.ok) {
      const rules = result.guard === 'reportComplete' ? failures : [GUARD_RULES[result.guard] ?? { rule: result.guard, message: 'Refused' }];
      throw new DomainError(ErrorCode.GUARD_FAILED, `${dto.type} refused: ${rules.map((r) => r.rule).join(', ')}`, { guard: result.guard, rules });
    }
    if (dto.type !== 'SUBMIT' && row.assignmentState === 'waived') {
      throw DomainError.conflict('The assignment was waived: its report is no longer decided', { reason: 'ASSIGNMENT_CLOSED', state: row.assignmentState });
    }

    const now = this.clock.now();
    const decision: Decision = {
      event: dto.type,
      toState: result.to,
      role: by.role,
      unitId: by.unitId,
      comment: dto.comment ?? null,
      set: { machine_version: result.version },
    };
    if (dto.type === 'SUBMIT') {
      // What was sent, as sent: a later return and revision leaves this version readable in the trail.
      const submitted = (await this.reports.view(tx, row.id))!;
      decision.payload = {
        content: {
          results: submitted.results, limitations: submitted.limitations, lessons: submitted.lessons, recommendations: submitted.recommendations,
          indicators: submitted.indicators, attachments: submitted.attachments,
        },
      };
      decision.set = { ...decision.set, submitted_at: now, decided_at: null };
    } else {
      decision.set = { ...decision.set, decided_at: now };
    }
    return decision;
  }
}
