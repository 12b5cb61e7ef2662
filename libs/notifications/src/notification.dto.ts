import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '@app/core';
import { NOTIFICATION_TYPES, type NotificationType } from '@app/transitions';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread ones (true) or only read ones (false)' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type: NotificationType;
  @ApiProperty({ format: 'uuid', description: 'The unit it was addressed to (one the caller acts for)' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ example: 'assignment', description: 'What it is about: plan, assignment, report' }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ type: Object, example: { planId: '…', dueOn: '2016-02-04', offsetDays: -3 } }) payload: Record<string, unknown>;
  @ApiProperty({ description: 'When the step that caused it happened' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
}

export class NotificationPageDto extends PageInfoDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ description: 'Unread notifications of the caller, whatever the filter' }) unreadCount: number;
}

export class ReadAllResultDto {
  @ApiProperty({ description: 'How many were unread and are now read' }) marked: number;
}
