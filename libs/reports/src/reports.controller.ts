import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors, DomainError, ErrorCode, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { AuditEntryDto, historyResponse } from '@app/transitions';
import { CreateReportDto, CreateReportQueryDto, IndicatorDto, ReportDto, ReportEventDto, ReportTransitionDto, UpdateReportDto } from './report.dto.js';
import { ReportEventsService } from './report-events.service.js';
import { ReportsService } from './reports.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, STALE_VERSION, EVENT_NOT_ALLOWED, GUARD_FAILED } = ErrorCode;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(req: FastifyRequest): string | undefined {
  const id = (req as FastifyRequest & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

@ApiTags('reports')
@ApiErrors(UNAUTHENTICATED)
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly events: ReportEventsService,
  ) {}

  @Get('indicators')
  @RequirePermission(Permission.Self, 'The indicator catalogue (danh mục chỉ tiêu) reports count in, in display order')
  @ApiOkResponse({ type: [IndicatorDto] })
  indicators(): Promise<IndicatorDto[]> {
    return this.reports.indicators();
  }

  @Post('assignments/:id/reports')
  @RequirePermission(
    Permission.PlanRead,
    'Start the report on an assignment (the assignee\'s drafter, secretary or unit officer); ?rollUp=true prefills it from the unit\'s reviewed implementing plan',
  )
  @ApiCreatedResponse({ type: ReportDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: CreateReportQueryDto,
    @Body() dto: CreateReportDto,
    @Req() req: FastifyRequest,
  ): Promise<ReportDto> {
    const reportId = await this.reports.create(actor, id, dto, query.rollUp === true, requestIdOf(req));
    return this.reports.get(actor, reportId);
  }

  @Get('assignments/:id/report')
  @RequirePermission(Permission.PlanRead, 'The report on an assignment, for those who may see the report')
  @ApiOkResponse({ type: ReportDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  forAssignment(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ReportDto> {
    return this.reports.forAssignment(actor, id);
  }

  @Get('reports/:id')
  @RequirePermission(Permission.PlanRead, 'One report with its state, version, indicators, attachments and the events the caller may send')
  @ApiOkResponse({ type: ReportDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ReportDto> {
    return this.reports.get(actor, id);
  }

  @Patch('reports/:id')
  @RequirePermission(Permission.PlanRead, 'Edit a draft or returned report (the assignee\'s drafter, secretary or unit officer); every edit is audited')
  @ApiOkResponse({ type: ReportDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT, STALE_VERSION)
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateReportDto, @Req() req: FastifyRequest): Promise<ReportDto> {
    return this.reports.update(actor, id, dto, requestIdOf(req));
  }

  @Post('reports/:id/events')
  @HttpCode(200)
  @RequirePermission(
    Permission.PlanRead,
    'SUBMIT (the assignee\'s drafter, secretary or unit officer); ACCEPT or RETURN (a secretary or monitor of the report duty\'s monitoring unit or of the issuer)',
  )
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried command with the same key returns the first result' })
  @ApiOkResponse({ type: ReportTransitionDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT, STALE_VERSION, EVENT_NOT_ALLOWED, GUARD_FAILED)
  send(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReportEventDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<ReportTransitionDto> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw DomainError.validation('Invalid Idempotency-Key', [{ field: 'Idempotency-Key', messages: ['1–128 of letters, digits, . _ : -'] }]);
    }
    return this.events.send(actor, id, dto, key, requestIdOf(req));
  }

  @Get('reports/:id/history')
  @RequirePermission(Permission.AuditRead, 'Every audited step of the report: creation, each edit with what changed, each submission as sent, each decision (JSON, or CSV/JSON download with ?format=)')
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
    return historyResponse(await this.reports.history(actor, id), format, `report-${id}-history`, res);
  }
}
