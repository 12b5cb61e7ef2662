import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy, ValidateNested,
} from 'class-validator';
import { REPORT_EVENT_TYPES, type ReportEventType } from '@app/workflow';
import { UnitAtTimeDto } from '@app/org';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A narrative section; long, as district reports are, but bounded. */
const NARRATIVE = 50_000;
const INDICATOR_CODE = /^[a-z][a-z0-9_]*$/;
/** Far above any count a report gives, well inside what a double holds exactly. */
export const MAX_INDICATOR_VALUE = 1e12;
const MAX_INDICATORS = 100;
/** type/subtype as RFC 6838 allows, parameters excluded. */
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

export type IndicatorValues = Record<string, number>;

function isIndicatorValues(value: unknown): value is IndicatorValues {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_INDICATORS &&
    entries.every(([code, n]) => INDICATOR_CODE.test(code) && code.length <= 64 && typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_INDICATOR_VALUE)
  );
}

/** An object from indicator code to a number from 0 to 10¹²; which codes exist is the catalogue's business (checked by the service). */
function IsIndicatorValues(): PropertyDecorator {
  return ValidateBy({
    name: 'isIndicatorValues',
    validator: {
      validate: isIndicatorValues,
      defaultMessage: () => `indicators must be an object of at most ${MAX_INDICATORS} indicator codes (snake_case), each to a number from 0 to ${MAX_INDICATOR_VALUE}`,
    },
  });
}

/** One entry of the catalogue (danh mục chỉ tiêu). */
export class IndicatorDto {
  @ApiProperty({ example: 'speaker_conferences' }) code: string;
  @ApiProperty({ example: 'Hội nghị báo cáo viên', description: 'What is counted, in Vietnamese' }) name: string;
  @ApiProperty({ example: 'hội nghị', description: 'The counting word written after the number' }) unit: string;
  @ApiProperty() position: number;
}

/** An attached file as the report lists it; the file itself is uploaded first with POST /reports/:id/files, which answers this. */
export class AttachmentDto {
  @ApiProperty({ example: 'bao-cao-ket-qua.pdf' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(255)
  name: string;

  @ApiProperty({ example: 182_044, description: 'Bytes' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  size: number;

  @ApiProperty({ example: 'application/pdf' }) @IsString() @Matches(CONTENT_TYPE, { message: 'contentType must be a media type such as application/pdf' })
  contentType: string;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the file, lowercase hex' })
  @IsString() @Matches(/^[0-9a-f]{64}$/, { message: 'checksum must be a SHA-256 in lowercase hex (64 characters)' })
  checksum: string;
}

/** The parts of a report its unit writes; each may be left for later (SUBMIT requires `results`). `null` clears a section. */
export class ReportContentDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Kết quả đạt được: the results achieved' })
  @IsOptional() @IsString() @MaxLength(NARRATIVE)
  results?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Hạn chế và nguyên nhân: limitations and their causes' })
  @IsOptional() @IsString() @MaxLength(NARRATIVE)
  limitations?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Bài học kinh nghiệm: lessons' })
  @IsOptional() @IsString() @MaxLength(NARRATIVE)
  lessons?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Kiến nghị, đề xuất: recommendations' })
  @IsOptional() @IsString() @MaxLength(NARRATIVE)
  recommendations?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0 },
    example: { speaker_conferences: 3, attendees: 450 },
    description: 'Indicator code (GET /indicators) → value. Replaces the whole set when given.',
  })
  @IsOptional() @IsIndicatorValues()
  indicators?: IndicatorValues;

  @ApiPropertyOptional({ type: [AttachmentDto], description: 'Replaces the whole list when given' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export class CreateReportDto extends ReportContentDto {}

export class CreateReportQueryDto {
  @ApiPropertyOptional({
    description:
      'Report upward in one action: prefill from the accepted reports on the unit\'s reviewed implementing plan (indicators summed, narratives listed); ' +
      'indicators and sections given in the body are added on top',
  })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsIn([true, false], { message: 'rollUp must be true or false' })
  rollUp?: boolean;
}

export class UpdateReportDto extends ReportContentDto {
  @ApiProperty({ description: 'The version the caller saw; another gives 409 STALE_VERSION' }) @IsInt() @Min(1)
  expectedVersion: number;
}

export class ReportEventDto {
  @ApiProperty({ enum: REPORT_EVENT_TYPES }) @IsIn(REPORT_EVENT_TYPES)
  type: ReportEventType;

  @ApiProperty({ description: 'The version the caller saw; another gives 409 STALE_VERSION' }) @IsInt() @Min(1)
  expectedVersion: number;

  @ApiPropertyOptional({ description: 'Required with RETURN: what to revise' }) @IsOptional() @IsString() @MaxLength(4000)
  comment?: string;
}

export class ReportPlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) numberAndSymbol: string | null;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'uuid' }) issuerUnitId: string;
  @ApiProperty() issuerUnitName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The monitoring unit of the plan\'s report duty' })
  collectorUnitId: string | null;
  @ApiProperty({ type: UnitAtTimeDto, nullable: true, description: 'Once numbered: the unit that issued it, with its name on the day of issue (shown beside issuerUnitName where they differ)' })
  issuedBy: UnitAtTimeDto | null;
}

export class ChildTotalsDto {
  @ApiProperty({ format: 'uuid', description: 'The unit\'s own implementing plan' }) childPlanId: string;
  @ApiProperty() childPlanState: string;
  @ApiProperty({ description: 'Accepted reports on its assignments' }) reports: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Their indicators summed' })
  indicators: IndicatorValues;
}

/** The reviewer's word on the last return, for the unit revising the report. */
export class ReportReturnDto {
  @ApiProperty({ description: 'What to revise' }) comment: string;
  @ApiProperty({ description: 'When it was returned (ISO instant)' }) at: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who returned it' }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The unit they returned it for' }) actorUnitName: string | null;
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty({ type: ReportPlanDto, description: 'The plan the assignment belongs to' }) plan: ReportPlanDto;
  @ApiProperty({ format: 'uuid', description: 'The reporting (assignee) unit' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({
    type: UnitAtTimeDto, nullable: true,
    description: 'Once submitted: the unit that submitted it, with its name on the day of submission (differs from unitId/unitName after a rename or a handover); null before',
  })
  unitAtSubmission: UnitAtTimeDto | null;
  @ApiProperty({ example: 'draft' }) state: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'The report machine version it runs on' }) machineVersion: number;
  @ApiProperty({ nullable: true, type: String }) results: string | null;
  @ApiProperty({ nullable: true, type: String }) limitations: string | null;
  @ApiProperty({ nullable: true, type: String }) lessons: string | null;
  @ApiProperty({ nullable: true, type: String }) recommendations: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Indicator code → value, in catalogue order' })
  indicators: IndicatorValues;
  @ApiProperty({ type: [AttachmentDto] }) attachments: AttachmentDto[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({
    type: ChildTotalsDto,
    nullable: true,
    description: 'When the unit has its own implementing plan: the sums of the accepted reports on it (what a roll-up starts from)',
  })
  childTotals: ChildTotalsDto | null;
  @ApiProperty({ type: ReportReturnDto, nullable: true, description: 'The comment of the last RETURN, null when the report was never returned' })
  lastReturn: ReportReturnDto | null;
  @ApiProperty({ type: [String], enum: REPORT_EVENT_TYPES, description: 'The events this caller may send now' }) nextEvents: ReportEventType[];
}

export class ReportTransitionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], enum: REPORT_EVENT_TYPES }) nextEvents: ReportEventType[];
}
