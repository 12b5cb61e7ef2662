import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ApiErrors, DomainError, ErrorCode, Page, PageQueryDto } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { AuditEntryDto, AuditPageDto, PlanVerifyResult, VerifyResultDto } from '@app/transitions';
import { PlanAuditService } from './plan-audit.service.js';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Entries acted for this unit or any unit below it' }) @IsOptional() @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  actorUserId?: string;

  @ApiPropertyOptional({ example: 'ISSUE' }) @IsOptional() @IsString() @Matches(/^[A-Z_]+$/) @MaxLength(40)
  event?: string;

  @ApiPropertyOptional({ description: 'From this instant (inclusive), ISO 8601' }) @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant, ISO 8601' }) @IsOptional() @IsISO8601({ strict: true })
  to?: string;
}

class VerifyQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @ValidateIf((o: VerifyQueryDto) => o.unitId === undefined) @IsUUID()
  planId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Every plan issued by this unit or a unit below it' })
  @ValidateIf((o: VerifyQueryDto) => o.planId === undefined) @IsUUID()
  unitId?: string;
}

@ApiTags('audit')
@ApiErrors(ErrorCode.UNAUTHENTICATED)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: PlanAuditService) {}

  @Get()
  @RequirePermission(Permission.AuditRead, 'Search the audit trail of the caller\'s subtree by unit subtree, actor, event and time')
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND)
  search(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    return this.audit.search(actor, query);
  }

  @Get('verify')
  @RequirePermission(Permission.AuditRead, 'Recompute the hash chains of a plan (?planId=) or of every plan of a unit subtree (?unitId=), with their tracked assignments and reports')
  @ApiOkResponse({ type: VerifyResultDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND)
  verify(@CurrentActor() actor: Actor, @Query() query: VerifyQueryDto): Promise<PlanVerifyResult> {
    if (query.planId && query.unitId) throw DomainError.validation('Give planId or unitId, not both', [{ field: 'planId', messages: ['not with unitId'] }]);
    return this.audit.verify(actor, query);
  }
}
