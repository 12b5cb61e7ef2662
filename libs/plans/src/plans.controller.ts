import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors, DomainError, ErrorCode, Page, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { AuditEntryDto, historyResponse } from '@app/transitions';
import { PlanEventsService } from './plan-events.service.js';
import { CreatePlanDto, PlanDto, PlanEventDto, PlanListQueryDto, PlanPageDto, PlanSummaryDto, TransitionResultDto, UpdatePlanDto } from './plan.dto.js';
import { PlanAuditService } from './plan-audit.service.js';
import { PlansService } from './plans.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, STALE_VERSION, EVENT_NOT_ALLOWED, GUARD_FAILED } = ErrorCode;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(req: FastifyRequest): string | undefined {
  const id = (req as FastifyRequest & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

@ApiTags('plans')
@ApiErrors(UNAUTHENTICATED)
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly events: PlanEventsService,
    private readonly audit: PlanAuditService,
  ) {}

  @Post()
  @RequirePermission(Permission.PlanDraft, 'Create a draft plan of a unit the caller drafts for')
  @ApiCreatedResponse({ type: PlanDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto, @Req() req: FastifyRequest): Promise<PlanDto> {
    return this.plans.create(actor, dto, requestIdOf(req));
  }

  @Get()
  @RequirePermission(Permission.PlanRead, 'Plans the caller may see, newest first, with filters')
  @ApiOkResponse({ type: PlanPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN)
  list(@CurrentActor() actor: Actor, @Query() query: PlanListQueryDto): Promise<Page<PlanSummaryDto>> {
    return this.plans.list(actor, query);
  }

  @Get(':id')
  @RequirePermission(Permission.PlanRead, 'One plan with its state, version, number and the events the caller may send now')
  @ApiOkResponse({ type: PlanDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<PlanDto> {
    return this.plans.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.PlanDraft, 'Edit a draft (editing or returned); every edit is audited')
  @ApiOkResponse({ type: PlanDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT, STALE_VERSION)
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdatePlanDto, @Req() req: FastifyRequest): Promise<PlanDto> {
    return this.plans.update(actor, id, dto, requestIdOf(req));
  }

  @Post(':id/amendments')
  @RequirePermission(Permission.PlanDraft, 'Start an amendment (sửa đổi, bổ sung) of an issued, implementing or reporting plan: a draft copied from it; issuing it supersedes the plan')
  @ApiCreatedResponse({ type: PlanDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  amend(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Req() req: FastifyRequest): Promise<PlanDto> {
    return this.plans.amend(actor, id, requestIdOf(req));
  }

  @Post(':id/events')
  @HttpCode(200)
  @RequirePermission(Permission.PlanTransition, 'Send a lifecycle event (SUBMIT, RETURN, ISSUE, START, OPEN_REPORTING, REVIEW, WITHDRAW, DISCARD)')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried command with the same key returns the first result' })
  @ApiOkResponse({ type: TransitionResultDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT, STALE_VERSION, EVENT_NOT_ALLOWED, GUARD_FAILED)
  send(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: PlanEventDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<TransitionResultDto> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw DomainError.validation('Invalid Idempotency-Key', [{ field: 'Idempotency-Key', messages: ['1–128 of letters, digits, . _ : -'] }]);
    }
    return this.events.send(actor, id, dto, key, requestIdOf(req));
  }

  @Get(':id/history')
  @RequirePermission(Permission.AuditRead, 'Every audited step of the plan, in order, with actors (JSON, or CSV/JSON download with ?format=)')
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
    const entries = await this.audit.history(actor, id);
    // A download is named for the plan's number once it has one ("Lịch sử 17-KH-QU.csv"; filename* keeps the marks).
    const number = format ? (await this.plans.get(actor, id)).numberAndSymbol : null;
    return historyResponse(entries, format, number ? `Lịch sử ${number.replace(/\//g, '-')}` : `plan-${id}-history`, res);
  }
}
