import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageInfoDto } from '@app/core';

/** Urge (đôn đốc) units about their assignments, with one message to all of them. */
export class SendRemindersDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 200 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', { each: true })
  assignmentIds: string[];

  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'Đề nghị đồng chí khẩn trương gửi báo cáo trước ngày 04/02.' })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1)
  @MaxLength(2000)
  message: string;
}

export class SentReminderDto {
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty({ format: 'uuid' }) reminderId: string;
}

export class SendRemindersResultDto {
  @ApiProperty({ type: [SentReminderDto] }) sent: SentReminderDto[];
}

export class ReminderDto {
  @ApiProperty({ description: 'Automatic (the deadline sweep) or manual (sent by a person)', enum: ['automatic', 'manual'] }) kind: 'automatic' | 'manual';
  @ApiProperty({ format: 'date-time' }) sentAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Manual: the message' }) message: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Manual: who sent it' }) senderName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Manual: the unit it was sent for' }) senderUnitName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2016-02-04', description: 'Automatic: the due date it was about' }) dueOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Automatic: days from the due date (negative before it)' }) offsetDays: number | null;
}

export class ReminderPageDto extends PageInfoDto {
  @ApiProperty({ type: [ReminderDto] }) items: ReminderDto[];
}
