import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsCalendarDate, PageInfoDto, PageQueryDto } from '@app/core';
import { UnitAtTimeDto } from '@app/org';
import { DEADLINE_STATUSES, type DeadlineStatus } from '@app/workflow';

/** The events a person sends; the others follow from the child plan and the report. */
export const USER_ASSIGNMENT_EVENTS = ['ACKNOWLEDGE', 'WAIVE', 'EXTEND'] as const;
export type UserAssignmentEvent = (typeof USER_ASSIGNMENT_EVENTS)[number];

export class AssignmentEventDto {
  @ApiProperty({ enum: USER_ASSIGNMENT_EVENTS }) @IsIn(USER_ASSIGNMENT_EVENTS)
  type: UserAssignmentEvent;

  @ApiProperty() @IsInt() @Min(1)
  expectedVersion: number;

  @ApiPropertyOptional({ description: 'Required with WAIVE and EXTEND' }) @IsOptional() @IsString() @MaxLength(4000)
  reason?: string;

  @ApiPropertyOptional({ example: '2016-03-01', description: 'The new due date, required with EXTEND' })
  @ValidateIf((o: AssignmentEventDto) => o.type === 'EXTEND' || o.dueOn !== undefined) @IsCalendarDate()
  dueOn?: string;
}

export class AssignmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'assigned' }) @IsOptional() @Matches(/^[a-z_]+$/)
  state?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ example: '2016-02-04', description: 'Due before this date' }) @IsOptional() @IsCalendarDate()
  dueBefore?: string;
}

export class AssignmentPlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) numberAndSymbol: string | null;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'uuid' }) issuerUnitId: string;
  @ApiProperty() issuerUnitName: string;
  @ApiProperty({ type: UnitAtTimeDto, nullable: true, description: 'Once numbered: the unit that issued it, with its name on the day of issue (shown beside issuerUnitName where they differ)' })
  issuedBy: UnitAtTimeDto | null;
}

export class ChildPlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: String }) numberAndSymbol: string | null;
}

export class TrackedAssignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: AssignmentPlanDto }) plan: AssignmentPlanDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'For a sub-assignment: the assignment it belongs to' })
  parentAssignmentId: string | null;
  @ApiProperty({ format: 'uuid' }) assigneeUnitId: string;
  @ApiProperty() assigneeUnitName: string;
  @ApiProperty({
    type: UnitAtTimeDto,
    description: 'The assignee as the plan assigned it, with its name on the day of issue: differs from assigneeUnitId/assigneeUnitName after a rename or a reorganisation handed the assignment over',
  })
  assigneeAtIssue: UnitAtTimeDto;
  @ApiProperty({ type: [String] }) responsibilities: string[];
  @ApiProperty() requiresOwnPlan: boolean;
  @ApiProperty({ nullable: true, type: String }) dueOn: string | null;
  @ApiProperty({ example: 'assigned' }) state: string;
  @ApiProperty({ description: 'The due date passed without a report' }) overdue: boolean;
  @ApiProperty({
    enum: DEADLINE_STATUSES, enumName: 'DeadlineStatus', nullable: true,
    description: 'As of today in Vietnam: not_yet_due (not taken up), in_progress, due_soon (within DUE_SOON_WORKING_DAYS working days), overdue, done_on_time, done_late (report submitted after the due date); null when waived or cancelled',
  })
  deadlineStatus: DeadlineStatus | null;
  @ApiProperty({ nullable: true, type: String, example: '2016-02-03', description: 'The day (in Vietnam) the report was last submitted' }) reportedOn: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: ChildPlanDto, nullable: true }) childPlan: ChildPlanDto | null;
  @ApiProperty({ type: [String], enum: USER_ASSIGNMENT_EVENTS, description: 'The events this caller may send now' })
  nextEvents: UserAssignmentEvent[];
}

export class AssignmentPageDto extends PageInfoDto {
  @ApiProperty({ type: [TrackedAssignmentDto] }) items: TrackedAssignmentDto[];
}

export class AssignmentTransitionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() state: string;
  @ApiProperty() version: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: [String], enum: USER_ASSIGNMENT_EVENTS }) nextEvents: UserAssignmentEvent[];
}

export class ChildPlanQueryDto {
  @ApiPropertyOptional({ example: 'KH' }) @IsOptional() @IsString() @MaxLength(10)
  type?: string;
}

