import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorCode, Page, UuidParam } from '@app/core';
import { CurrentActor, RequirePermission } from '../access/access.decorators.js';
import { Actor } from '../access/actor.js';
import { Permission } from '../access/permission.js';
import { ChildrenQueryDto, CreateUnitDto, MoveUnitDto, SubtreeQueryDto, TopLevelQueryDto, UnitAsOfQueryDto, UnitDto, UnitPageDto, UnitSearchQueryDto, UpdateUnitDto } from './unit.dto.js';
import { UnitsService } from './units.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT } = ErrorCode;

@ApiTags('units')
@ApiErrors(UNAUTHENTICATED)
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @RequirePermission(Permission.UnitRead, 'The top-level units of the caller\'s scope; ?asOf=YYYY-MM-DD: as they were that day')
  @ApiOkResponse({ type: UnitPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN)
  topLevel(@CurrentActor() actor: Actor, @Query() page: TopLevelQueryDto): Promise<Page<UnitDto>> {
    return this.units.topLevel(actor, page);
  }

  @Get('search')
  @RequirePermission(Permission.UnitRead, 'Units of the caller\'s scope by part of their name, ignoring case and marks; ?asOf=YYYY-MM-DD: by their names that day')
  @ApiOkResponse({ type: UnitPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  search(@CurrentActor() actor: Actor, @Query() query: UnitSearchQueryDto): Promise<Page<UnitDto>> {
    return this.units.search(actor, query);
  }

  @Post()
  @RequirePermission(Permission.UnitManage, 'Create a unit under a parent the caller administers')
  @ApiCreatedResponse({ type: UnitDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto): Promise<UnitDto> {
    return this.units.create(actor, dto);
  }

  @Get(':id')
  @RequirePermission(Permission.UnitRead, 'One unit; ?asOf=YYYY-MM-DD: as it was that day')
  @ApiOkResponse({ type: UnitDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: UnitAsOfQueryDto): Promise<UnitDto> {
    return this.units.get(actor, id, query.asOf);
  }

  @Patch(':id')
  @RequirePermission(Permission.UnitManage, 'Rename, re-classify, deactivate or reactivate a unit')
  @ApiOkResponse({ type: UnitDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateUnitDto): Promise<UnitDto> {
    return this.units.update(actor, id, dto);
  }

  @Post(':id/move')
  @HttpCode(200)
  @RequirePermission(Permission.UnitManage, 'Move a unit with its whole branch under another parent')
  @ApiOkResponse({ type: UnitDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  move(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: MoveUnitDto): Promise<UnitDto> {
    return this.units.move(actor, id, dto);
  }

  @Get(':id/children')
  @RequirePermission(Permission.UnitRead, 'The units directly below, by name; ?asOf=YYYY-MM-DD: as they were that day')
  @ApiOkResponse({ type: UnitPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  children(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() page: ChildrenQueryDto): Promise<Page<UnitDto>> {
    return this.units.children(actor, id, page);
  }

  @Get(':id/ancestors')
  @RequirePermission(Permission.UnitRead, 'The units above, from the top-level unit down to the parent (one page)')
  @ApiOkResponse({ type: UnitPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  ancestors(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<Page<UnitDto>> {
    return this.units.ancestors(actor, id);
  }

  @Get(':id/subtree')
  @RequirePermission(Permission.UnitRead, 'The unit and every unit below it, depth-first; ?asOf=YYYY-MM-DD: the branch as it was that day')
  @ApiOkResponse({ type: UnitPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  subtree(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() page: SubtreeQueryDto): Promise<Page<UnitDto>> {
    return this.units.subtree(actor, id, page);
  }
}
