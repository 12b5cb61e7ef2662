import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '@app/core';
import { UnitAtTimeDto } from '@app/org';
import { DEADLINE_STATUSES, type DeadlineStatus } from '@app/workflow';
import { ChildPlanDto } from './assignment.dto.js';

export class CascadeQueryDto {
  @ApiPropertyOptional({ description: 'true: only overdue nodes and the path to them; false or absent: no filter' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'List nodes down to this depth (the plan\'s own assignments are depth 1); figures still count everything below' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  maxDepth?: number;

  @ApiPropertyOptional({ example: 'grassroots_committee', description: 'Only nodes whose unit is of this kind (GET /unit-kinds) and the path to them' })
  @IsOptional() @Matches(/^[a-z][a-z_]{0,63}$/)
  unitKind?: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 100, example: 'bo de', description: 'Only nodes whose unit\'s name or short name holds this (case and Vietnamese marks ignored) and the path to them' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @MinLength(2) @MaxLength(100)
  unitName?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'List only the nodes below this node of the cascade (its `id`); `maxDepth` then counts from it, so `maxDepth=1` gives its children. '
      + 'A node the caller does not see in this cascade: 404',
  })
  @IsOptional() @IsUUID()
  under?: string;
}

export class CascadeNodesQueryDto extends IntersectionType(PageQueryDto, CascadeQueryDto) {}

export class CascadeUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() shortName: string;
  @ApiProperty({ example: 'party_committee' }) kind: string;
}

export class CascadeReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'accepted' }) state: string;
}

const INDICATORS = { type: 'object', additionalProperties: { type: 'number' }, example: { attendees: 480, news_articles: 17 } } as const;

export class CascadeNodeDto {
  @ApiProperty({ format: 'uuid', description: 'The tracked assignment' }) id: string;
  @ApiProperty({ description: '1: an assignment of the plan itself; 2: of an implementing plan of one of those; …' }) depth: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'For a sub-assignment: the assignment of the same plan it belongs to' })
  parentAssignmentId: string | null;
  @ApiProperty({ type: CascadeUnitDto }) unit: CascadeUnitDto;
  @ApiProperty({
    type: UnitAtTimeDto,
    description: 'The assignee as the plan assigned it, with its name on the day of issue: shown beside `unit` where they differ (a rename, or a reorganisation handed the assignment over)',
  })
  assigneeAtIssue: UnitAtTimeDto;
  @ApiProperty({ example: 'implementing' }) state: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2016-02-04' }) dueOn: string | null;
  @ApiProperty({
    enum: DEADLINE_STATUSES, enumName: 'DeadlineStatus', nullable: true,
    description: 'The same status as the tracked assignment\'s (GET /assignments/:id); null when waived or cancelled',
  })
  deadlineStatus: DeadlineStatus | null;
  @ApiProperty({ type: ChildPlanDto, nullable: true, description: 'The unit\'s implementing plan in force' }) childPlan: ChildPlanDto | null;
  @ApiProperty({ type: CascadeReportDto, nullable: true }) report: CascadeReportDto | null;
  @ApiProperty({ ...INDICATORS, description: 'The branch\'s figures: the accepted report\'s indicators (which already hold the branch), else the sum of the children\'s' })
  indicators: Record<string, number>;
  @ApiProperty({ description: 'Matches the filters (false: listed only as the path to a node that does)' }) matches: boolean;
  @ApiProperty({
    description: 'Its children that the same filters list, whether `maxDepth` or the page lists them or not: '
      + 'a client showing the top levels knows which nodes open, and fetches their children with `under`',
  })
  childCount: number;
}

export class CascadeTreeNodeDto extends CascadeNodeDto {
  @ApiProperty({ type: () => [CascadeTreeNodeDto] }) children: CascadeTreeNodeDto[];
}

export class CascadeFlatNodeDto extends CascadeNodeDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The node above (the assignment whose implementing plan made this one); null at the top of what the caller sees' })
  parentId: string | null;
}

export class CascadeTotalsDto {
  @ApiProperty({ description: 'Nodes the caller sees, whatever the filters' }) nodes: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { implementing: 12, accepted: 30 } }) byState: Record<string, number>;
  @ApiProperty() overdue: number;
  @ApiProperty({
    type: 'object', additionalProperties: { type: 'integer' }, example: { done_on_time: 30, done_late: 4, overdue: 7 },
    description: 'Nodes by deadline status (the completion counts); waived and cancelled nodes have none',
  })
  byDeadline: Partial<Record<DeadlineStatus, number>>;
  @ApiProperty({ ...INDICATORS, description: 'The sum of the top nodes\' figures: each branch counted once' }) indicators: Record<string, number>;
}

export class CascadePlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) numberAndSymbol: string | null;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'uuid' }) issuerUnitId: string;
  @ApiProperty() issuerUnitName: string;
  @ApiProperty({ type: UnitAtTimeDto, nullable: true, description: 'Once numbered: the unit that issued it, with its name on the day of issue (shown beside issuerUnitName where they differ)' })
  issuedBy: UnitAtTimeDto | null;
}

/** `whole`: the issuing side; `branch`: an assignee, shown the part under its own assignments. */
export const CASCADE_SCOPES = ['whole', 'branch'] as const;
export type CascadeScope = (typeof CASCADE_SCOPES)[number];

export class CascadeDto {
  @ApiProperty({ type: CascadePlanDto }) plan: CascadePlanDto;
  @ApiProperty({ enum: CASCADE_SCOPES }) scope: CascadeScope;
  @ApiProperty({ type: CascadeTotalsDto }) totals: CascadeTotalsDto;
  @ApiProperty({ description: 'Nodes listed after the filters' }) listed: number;
  @ApiProperty({ type: [CascadeTreeNodeDto] }) nodes: CascadeTreeNodeDto[];
}

export class CascadeNodePageDto extends PageInfoDto {
  @ApiProperty({ enum: CASCADE_SCOPES }) scope: CascadeScope;
  @ApiProperty({ type: CascadeTotalsDto }) totals: CascadeTotalsDto;
  @ApiProperty({ type: [CascadeFlatNodeDto] }) items: CascadeFlatNodeDto[];
}
