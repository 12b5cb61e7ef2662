import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorCode, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { OpenItemsDto, ReorganisationDto, ReorganisationRequestDto, ReorganisationResultDto, ReorganiseQueryDto } from './reorganisation.dto.js';
import { ReorganisationsService } from './reorganisations.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, REORGANISATION_INVALID } = ErrorCode;

@ApiTags('reorganisations')
@ApiErrors(UNAUTHENTICATED)
@Controller('reorganisations')
export class ReorganisationsController {
  constructor(private readonly reorganisations: ReorganisationsService) {}

  @Post()
  @RequirePermission(Permission.Reorganise, 'Merge, split, dissolve, rename or move units as one operation: applied now, scheduled for a later day, or previewed (?dryRun=true)')
  @ApiCreatedResponse({ type: ReorganisationResultDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT, REORGANISATION_INVALID)
  create(@CurrentActor() actor: Actor, @Query() query: ReorganiseQueryDto, @Body() body: ReorganisationRequestDto): Promise<ReorganisationResultDto> {
    return this.reorganisations.submit(actor, body, query.dryRun === 'true');
  }

  @Get(':id')
  @RequirePermission(Permission.UnitRead, 'One reorganisation: its changes, state and what it touched (units it names must be in the caller\'s scope)')
  @ApiOkResponse({ type: ReorganisationDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ReorganisationDto> {
    return this.reorganisations.get(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission(Permission.Reorganise, 'Cancel a scheduled reorganisation before its day')
  @ApiOkResponse({ type: ReorganisationDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  async cancel(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ReorganisationDto> {
    await this.reorganisations.cancel(actor, id);
    return this.reorganisations.get(actor, id);
  }
}

@ApiTags('reorganisations')
@ApiErrors(UNAUTHENTICATED)
@Controller('units')
export class UnitOpenItemsController {
  constructor(private readonly reorganisations: ReorganisationsService) {}

  @Get(':id/open-items')
  @RequirePermission(Permission.Reorganise, 'The open work of a unit (memberships, plans, assignments, reports) that a split, dissolve or merge would hand over: what a split maps to successors')
  @ApiOkResponse({ type: OpenItemsDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  openItems(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<OpenItemsDto> {
    return this.reorganisations.openItems(actor, id);
  }
}
