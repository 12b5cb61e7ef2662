import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors, DomainError, ErrorCode, Page, PageQueryDto, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { PlanDto, PlansService } from '@app/plans';
import { AuditEntryDto, historyResponse } from '@app/transitions';
import { AssignmentEventDto, AssignmentListQueryDto, AssignmentPageDto, AssignmentTransitionDto, TrackedAssignmentDto } from './assignment.dto.js';
import { AssignmentsService } from './assignments.service.js';
import { ReminderDto, ReminderPageDto, SendRemindersDto, SendRemindersResultDto } from './reminder.dto.js';
import { RemindersService } from './reminders.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, STALE_VERSION, EVENT_NOT_ALLOWED, GUARD_FAILED } = ErrorCode;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(req: FastifyRequest): string | undefined {
  const id = (req as FastifyRequest & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

@ApiTags('assignments')
@ApiErrors(UNAUTHENTICATED)
@Controller()
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly plans: PlansService,
    private readonly reminders: RemindersService,
  ) {}

  @Post('assignments/reminders')
  @RequirePermission(Permission.PlanRead, 'Urge (đôn đốc) the assignees of open assignments with a message: a secretary or monitor of the plan\'s issuer or report collector; all or none')
  @ApiCreatedResponse({ type: SendRemindersResultDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  sendReminders(@CurrentActor() actor: Actor, @Body() dto: SendRemindersDto): Promise<SendRemindersResultDto> {
    return this.reminders.send(actor, dto);
  }

  @Get('assignments/:id/history')
  @RequirePermission(Permission.AuditRead, 'Every audited step of the assignment, in order, with actors (JSON, or CSV/JSON download with ?format=)')
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'json'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: [AuditEntryDto] })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  async history(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AuditEntryDto[] | string> {
    return historyResponse(await this.assignments.history(actor, id), format, `assignment-${id}-history`, res);
  }

  @Get('assignments/:id/reminders')
  @RequirePermission(Permission.PlanRead, 'The reminders an assignment\'s unit received, sent by hand or by the deadline sweep, newest first')
  @ApiOkResponse({ type: ReminderPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  reminderHistory(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() page: PageQueryDto): Promise<Page<ReminderDto>> {
    return this.reminders.list(actor, id, page);
  }

  @Get('plans/:id/assignments')
  @RequirePermission(Permission.PlanRead, 'A plan\'s tracked assignments: all for its issuing side, its own for an assignee')
  @ApiOkResponse({ type: [TrackedAssignmentDto] })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  forPlan(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<TrackedAssignmentDto[]> {
    return this.assignments.forPlan(actor, id);
  }

  @Get('me/assignments')
  @RequirePermission(Permission.PlanRead, 'Assignments of every unit the caller acts for, soonest due first')
  @ApiOkResponse({ type: AssignmentPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN)
  mine(@CurrentActor() actor: Actor, @Query() query: AssignmentListQueryDto): Promise<Page<TrackedAssignmentDto>> {
    return this.assignments.mine(actor, query);
  }

  @Get('assignments/:id')
  @RequirePermission(Permission.PlanRead, 'One tracked assignment with its plan, state, overdue flag and the events the caller may send')
  @ApiOkResponse({ type: TrackedAssignmentDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<TrackedAssignmentDto> {
    return this.assignments.get(actor, id);
  }

  @Post('assignments/:id/events')
  @HttpCode(200)
  @RequirePermission(Permission.PlanRead, 'ACKNOWLEDGE (the assignee\'s drafter, secretary or unit officer); WAIVE or EXTEND (the issuer\'s secretary or monitor)')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: AssignmentTransitionDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT, STALE_VERSION, EVENT_NOT_ALLOWED, GUARD_FAILED)
  send(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: AssignmentEventDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<AssignmentTransitionDto> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw DomainError.validation('Invalid Idempotency-Key', [{ field: 'Idempotency-Key', messages: ['1–128 of letters, digits, . _ : -'] }]);
    }
    return this.assignments.send(actor, id, dto, key, requestIdOf(req));
  }

  @Post('assignments/:id/child-plan')
  @RequirePermission(Permission.PlanDraft, 'Start the assignee\'s implementing plan: a draft prefilled from the parent plan')
  @ApiCreatedResponse({ type: PlanDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT, EVENT_NOT_ALLOWED, GUARD_FAILED)
  async childPlan(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Req() req: FastifyRequest): Promise<PlanDto> {
    const planId = await this.assignments.startChildPlan(actor, id, requestIdOf(req));
    return this.plans.get(actor, planId);
  }
}
