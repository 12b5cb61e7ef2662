import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorCode, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { CascadeDto, CascadeNodePageDto, CascadeNodesQueryDto, CascadeQueryDto } from './cascade.dto.js';
import { CascadeService } from './cascade.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND } = ErrorCode;
const WHO = 'the issuer\'s and the monitoring unit\'s people and those above them see all of it; an assignee its own part';

@ApiTags('assignments')
@ApiErrors(UNAUTHENTICATED, VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
@Controller('plans/:id/cascade')
export class CascadeController {
  constructor(private readonly cascades: CascadeService) {}

  @Get()
  @RequirePermission(Permission.PlanRead, `The tree under a plan, every level, with states, figures and totals: ${WHO}`)
  @ApiOkResponse({ type: CascadeDto })
  tree(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: CascadeQueryDto): Promise<CascadeDto> {
    return this.cascades.tree(actor, id, query);
  }

  @Get('nodes')
  @RequirePermission(Permission.PlanRead, `The same nodes flat, depth-first and paged, each with its depth and parent: ${WHO}`)
  @ApiOkResponse({ type: CascadeNodePageDto })
  nodes(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: CascadeNodesQueryDto): Promise<CascadeNodePageDto> {
    return this.cascades.nodes(actor, id, query);
  }
}
