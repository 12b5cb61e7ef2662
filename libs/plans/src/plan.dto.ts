import { ApiProperty, ApiPropertyOptional, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, isUUID, Matches,
  MaxLength, maxLength, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { IsCalendarDate, isCalendarDate, PageInfoDto, PageQueryDto } from '@app/core';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const TEXT = 4000;
const LIST = 200;

export const RECIPIENT_PURPOSES = ['report', 'implement', 'coordinate', 'archive'] as const;
export type RecipientPurpose = (typeof RECIPIENT_PURPOSES)[number];
/** Party forms T/M, K/T, T/L, T/U; state forms TM., KT., Q., TL., TUQ. */
export const SIGNATURE_AUTHORITIES = ['T/M', 'K/T', 'T/L', 'T/U', 'TM.', 'KT.', 'Q.', 'TL.', 'TUQ.'] as const;

/** A parent document outside the system (central and provincial plans, decrees …). */
export class ExternalReferenceDto {
  @ApiProperty({ example: 'KH' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(20)
  type: string;

  @ApiProperty({ example: '02-KH/BTGTU' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100)
  numberAndSymbol: string;

  @ApiPropertyOptional({ example: '2015-12-24' }) @IsOptional() @IsCalendarDate()
  issuedOn?: string;

  @ApiPropertyOptional({ example: 'Ban Tuyên giáo Thành ủy' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(300)
  issuer?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(TEXT)
  title?: string;
}

/** Căn cứ: either a plan in the system (`planId`) or an external reference; exactly one. */
export class BasisDto {
  @ApiPropertyOptional({ format: 'uuid' }) @ValidateIf((o: BasisDto) => o.external === undefined) @IsUUID()
  planId?: string;

  @ApiPropertyOptional({ type: ExternalReferenceDto })
  @ValidateIf((o: BasisDto) => o.planId === undefined) @IsDefined() @ValidateNested() @Type(() => ExternalReferenceDto)
  external?: ExternalReferenceDto;
}

export class PhaseDto {
  @ApiProperty({ example: 'Giai đoạn 1' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(TEXT)
  title: string;

  @ApiPropertyOptional({ example: '2015-12-29' }) @IsOptional() @IsCalendarDate()
  startsOn?: string;

  @ApiPropertyOptional({ example: '2016-02-04' }) @IsOptional() @IsCalendarDate()
  endsOn?: string;

  @ApiPropertyOptional({ description: 'A window that is not a date: "sau Đại hội", "năm 2022 và các năm tiếp theo"' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(500)
  windowText?: string;

  @ApiProperty({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(LIST) @IsString({ each: true }) @MaxLength(TEXT, { each: true })
  items: string[] = [];
}

export class FormDto {
  @ApiProperty({ example: 'Tuyên truyền trên báo chí, trang thông tin điện tử' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(TEXT)
  title: string;

  @ApiProperty({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(LIST) @IsString({ each: true }) @MaxLength(TEXT, { each: true })
  items: string[] = [];
}

export class SubAssignmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  assigneeUnitId: string;

  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(LIST) @IsString({ each: true }) @MaxLength(TEXT, { each: true })
  responsibilities: string[];

  @ApiProperty({ description: 'The assignee must write its own implementing plan' }) @IsOptional() @IsBoolean()
  requiresOwnPlan: boolean = false;

  @ApiPropertyOptional({ example: '2016-02-04' }) @IsOptional() @IsCalendarDate()
  dueOn?: string;
}

export class AssignmentDto extends SubAssignmentDto {
  @ApiPropertyOptional({ type: [SubAssignmentDto], description: 'Units under the assignee that it directs' })
  @IsOptional() @IsArray() @ArrayMaxSize(LIST) @ValidateNested({ each: true }) @Type(() => SubAssignmentDto)
  subAssignments: SubAssignmentDto[] = [];
}

export class ReportDutyDto {
  @ApiProperty({ format: 'uuid', description: 'The unit that collects the reports' }) @IsUUID()
  collectorUnitId: string;

  @ApiProperty({ example: '2016-02-04' }) @IsCalendarDate()
  dueOn: string;

  @ApiProperty({ description: 'Periodic (định kỳ) rather than once' }) @IsOptional() @IsBoolean()
  periodic: boolean = false;
}

export class BudgetDto {
  @ApiProperty({ description: 'The estimate as the document words it' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(TEXT)
  text: string;

  @ApiPropertyOptional({ example: 50000000 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  amount?: number;

  @ApiPropertyOptional({ example: 'VND' }) @IsOptional() @IsString() @MaxLength(3)
  currency?: string;
}

/** Nơi nhận: a unit of the tree or a body named in free text, with why it receives the plan. */
export class RecipientDto {
  @ApiPropertyOptional({ format: 'uuid' }) @ValidateIf((o: RecipientDto) => o.name === undefined) @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ example: 'Ban Tuyên giáo Thành ủy' })
  @ValidateIf((o: RecipientDto) => o.unitId === undefined) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300)
  name?: string;

  @ApiProperty({ enum: RECIPIENT_PURPOSES }) @IsIn(RECIPIENT_PURPOSES)
  purpose: RecipientPurpose;
}

export class SignatureDto {
  @ApiProperty({ enum: SIGNATURE_AUTHORITIES, example: 'T/M' }) @IsIn(SIGNATURE_AUTHORITIES)
  authority: (typeof SIGNATURE_AUTHORITIES)[number];

  @ApiProperty({ example: 'Ban Thường vụ' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300)
  onBehalfOf: string;

  @ApiProperty({ example: 'Phó Bí thư Thường trực' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300)
  signerTitle: string;
}

/** The parts of a plan a drafter writes; every part may be left for later until SUBMIT. */
export class PlanContentDto {
  @ApiPropertyOptional({ example: 'Triển khai công tác thông tin, tuyên truyền' }) @IsOptional()
  @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(TEXT)
  title?: string;

  @ApiPropertyOptional({ example: 'Long Biên' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  place?: string;

  @ApiPropertyOptional({ type: [BasisDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => BasisDto)
  basis?: BasisDto[];

  @ApiPropertyOptional({ type: [String], description: 'Mục đích, yêu cầu' }) @IsOptional() @IsArray() @ArrayMaxSize(LIST)
  @IsString({ each: true }) @MaxLength(TEXT, { each: true })
  purposes?: string[];

  @ApiPropertyOptional({ type: [PhaseDto] }) @IsOptional() @IsArray() @ArrayMaxSize(LIST) @ValidateNested({ each: true }) @Type(() => PhaseDto)
  phases?: PhaseDto[];

  @ApiPropertyOptional({ type: [FormDto] }) @IsOptional() @IsArray() @ArrayMaxSize(LIST) @ValidateNested({ each: true }) @Type(() => FormDto)
  forms?: FormDto[];

  @ApiPropertyOptional({ type: [AssignmentDto] }) @IsOptional() @IsArray() @ArrayMaxSize(LIST) @ValidateNested({ each: true }) @Type(() => AssignmentDto)
  assignments?: AssignmentDto[];

  @ApiPropertyOptional({ type: ReportDutyDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => ReportDutyDto)
  reportDuty?: ReportDutyDto | null;

  @ApiPropertyOptional({ type: BudgetDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => BudgetDto)
  budget?: BudgetDto | null;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(LIST) @IsString({ each: true }) @MaxLength(TEXT, { each: true })
  footnotes?: string[];

  @ApiPropertyOptional({ type: [RecipientDto] }) @IsOptional() @IsArray() @ArrayMaxSize(LIST) @ValidateNested({ each: true }) @Type(() => RecipientDto)
  recipients?: RecipientDto[];
}

export class CreatePlanDto extends PlanContentDto {
  @ApiProperty({ format: 'uuid', description: 'The issuing body; the caller must be its drafter' }) @IsUUID()
  issuerUnitId: string;

  @ApiProperty({ example: 'KH', description: 'A document type code (data): KH, HD, NQ …' }) @IsString() @MaxLength(10)
  type: string;

  @ApiProperty({ example: 'Triển khai công tác thông tin, tuyên truyền' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(TEXT)
  declare title: string;

  /**
   * A plan body read without class-transformer and class-validator (FastReadable): what they would
   * accept and make of it, class for class and key for key, or undefined for anything this is not
   * sure of (a null but for `reportDuty` and `budget`, an unknown field, a wrong type, a broken
   * rule), which then takes the full path, errors and all. For a seed-sized plan the full path
   * was a fifth of POST /plans' CPU.
   */
  static fastRead(body: unknown): CreatePlanDto | undefined {
    const read = readCreatePlan(body);
    return read === NO ? undefined : read;
  }
}

export class UpdatePlanDto extends PlanContentDto {
  @ApiPropertyOptional({ example: 'KH' }) @IsOptional() @IsString() @MaxLength(10)
  type?: string;

  @ApiPropertyOptional({ description: 'When given, the edit is refused (409 STALE_VERSION) unless the plan is at this version' })
  @IsOptional() @IsInt() @Min(1)
  expectedVersion?: number;
}

export const PLAN_EVENT_NAMES = ['SUBMIT', 'RETURN', 'ISSUE', 'START', 'OPEN_REPORTING', 'REVIEW', 'WITHDRAW', 'DISCARD', 'REGISTER'] as const;

/** The signature block as printed on a registered document; its signer is not a user of the system. */
export class PrintedSignatureDto {
  @ApiPropertyOptional({ enum: SIGNATURE_AUTHORITIES, example: 'T/M' }) @IsOptional() @IsIn(SIGNATURE_AUTHORITIES)
  authority?: (typeof SIGNATURE_AUTHORITIES)[number];

  @ApiPropertyOptional({ example: 'BAN THƯỜNG VỤ' }) @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300)
  onBehalfOf?: string;

  @ApiPropertyOptional({ example: 'PHÓ BÍ THƯ THƯỜNG TRỰC' }) @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300)
  signerTitle?: string;

  @ApiPropertyOptional({ example: 'Nguyễn Huy Thắng' }) @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200)
  signerName?: string;
}

/** REGISTER: a document already signed and issued outside the system, as printed. What the copy does not print is left out. */
export class RegistrationDto {
  @ApiPropertyOptional({ example: '17-KH/QU', description: 'As printed; stray spaces and capitals are normalised (17 -KH/QU → 17-KH/QU)' })
  @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100) @Matches(/^\d+\s*[-/]/, { message: 'numberAndSymbol must begin with its number' })
  numberAndSymbol?: string;

  @ApiPropertyOptional({ example: '2015-12-29', description: 'The date printed on the document; not after today' }) @IsOptional() @IsCalendarDate()
  issuedOn?: string;

  @ApiPropertyOptional({ type: PrintedSignatureDto }) @IsOptional() @ValidateNested() @Type(() => PrintedSignatureDto)
  signature?: PrintedSignatureDto;

  @ApiPropertyOptional({ enum: ['issued', 'implementing'], default: 'issued', description: 'implementing: the plan is already being carried out' })
  @IsOptional() @IsIn(['issued', 'implementing'])
  lands?: 'issued' | 'implementing';
}
export type PlanEventName = (typeof PLAN_EVENT_NAMES)[number];

export class PlanEventDto {
  @ApiProperty({ enum: PLAN_EVENT_NAMES }) @IsIn(PLAN_EVENT_NAMES)
  type: PlanEventName;

  @ApiProperty({ description: 'The version the caller saw; another gives 409 STALE_VERSION' }) @IsInt() @Min(1)
  expectedVersion: number;

  @ApiPropertyOptional({ description: 'Required with RETURN' }) @IsOptional() @IsString() @MaxLength(TEXT)
  comment?: string;

  @ApiPropertyOptional({ type: SignatureDto, description: 'Required with ISSUE' })
  @ValidateIf((o: PlanEventDto) => o.type === 'ISSUE' || o.signature !== undefined) @IsDefined() @ValidateNested() @Type(() => SignatureDto)
  signature?: SignatureDto;

  @ApiPropertyOptional({ type: RegistrationDto, description: 'Required with REGISTER' })
  @ValidateIf((o: PlanEventDto) => o.type === 'REGISTER' || o.registration !== undefined) @IsDefined() @ValidateNested() @Type(() => RegistrationDto)
  registration?: RegistrationDto;

  @ApiPropertyOptional({ description: 'Required with REVIEW' }) @IsOptional() @IsString() @MaxLength(TEXT)
  summary?: string;

  @ApiPropertyOptional({ description: 'Required with WITHDRAW' }) @IsOptional() @IsString() @MaxLength(TEXT)
  reason?: string;

  /**
   * The common event bodies (a type without nested parts, a version, at most a comment, summary or
   * reason), read without class-validator: what it would accept, it accepts the same; anything else
   * (ISSUE and REGISTER, unknown or null fields, a long or odd text) is left to it.
   */
  static fastRead(body: unknown): PlanEventDto | undefined {
    if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype) return undefined;
    const fields = body as Record<string, unknown>;
    if (Object.hasOwn(fields, '__proto__')) return undefined;
    for (const key in fields) if (!FAST_EVENT_FIELDS.has(key)) return undefined;
    if (!FAST_EVENT_TYPES.has(fields.type as string)) return undefined;
    const version = fields.expectedVersion;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return undefined;
    // MaxLength counts a surrogate pair as one character: within TEXT UTF-16 units is within TEXT characters.
    for (const key of FAST_EVENT_TEXTS) {
      const text = fields[key];
      if (text !== undefined && (typeof text !== 'string' || text.length > TEXT)) return undefined;
    }
    return Object.assign(new PlanEventDto(), fields);
  }
}

const FAST_EVENT_TEXTS = ['comment', 'summary', 'reason'] as const;
const FAST_EVENT_FIELDS = new Set<string>(['type', 'expectedVersion', ...FAST_EVENT_TEXTS]);
/** Events whose body has no nested part: ISSUE (signature) and REGISTER (registration) take the full path. */
const FAST_EVENT_TYPES = new Set<string>(PLAN_EVENT_NAMES.filter((t) => t !== 'ISSUE' && t !== 'REGISTER'));

export class PlanListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  issuerUnitId?: string;

  @ApiPropertyOptional({ example: 'draft.submitted', description: 'A state (issued) or a parent state (draft matches draft.*); several comma-separated (issued,implementing)' })
  @IsOptional() @Matches(/^[a-z_]+(\.[a-z_]+)?(,[a-z_]+(\.[a-z_]+)?){0,19}$/, { message: 'state must be states separated by commas' })
  state?: string;

  @ApiPropertyOptional({ example: 'KH' }) @IsOptional() @IsString() @MaxLength(10)
  type?: string;

  @ApiPropertyOptional({ example: 2026, description: 'Year of issue (of creation for plans not issued)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1900)
  year?: number;

  @ApiPropertyOptional({ description: 'Searches title and number' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  text?: string;
}

export class AssignmentViewDto extends SubAssignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() assigneeUnitName: string;
  @ApiProperty({ type: () => [AssignmentViewDto] }) subAssignments: AssignmentViewDto[];
}

/** A basis as read: a plan in the system comes with its number, title and state. */
export class BasisViewDto extends BasisDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: '02-KH/BTGTU' }) numberAndSymbol?: string | null;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional({ example: 'issued' }) state?: string;
}

export class ReportDutyViewDto extends ReportDutyDto {
  @ApiProperty() collectorUnitName: string;
}

export class RecipientViewDto extends RecipientDto {
  @ApiPropertyOptional({ nullable: true, type: String }) unitName?: string | null;
}

export class SignatureViewDto extends SignatureDto {
  @ApiProperty() signerName: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The user who signed at ISSUE; absent on a registered document' }) signerUserId?: string;
  @ApiPropertyOptional({ description: 'Printed on a document registered as already issued (REGISTER), not signed in the system' }) registered?: boolean;
}

/** The issued document as stored at ISSUE: its SHA-256 is the one the ISSUE audit entry records. */
export class IssuedDocumentDto {
  @ApiProperty({ example: '3f0a…', description: 'SHA-256 of the PDF bytes, lowercase hex' }) sha256: string;
  @ApiProperty({ description: 'Size of the PDF in bytes' }) size: number;
  @ApiProperty({ description: 'When it was rendered (the instant of ISSUE)' }) renderedAt: string;
  @ApiProperty({ example: '/plans/…/document.pdf' }) pdfUrl: string;
}

/** What the signature block of ISSUE can be prefilled with; a part the server cannot tell is null. */
export class SignatureDefaultsDto {
  @ApiProperty({ enum: SIGNATURE_AUTHORITIES, nullable: true, type: String }) authority: (typeof SIGNATURE_AUTHORITIES)[number] | null;
  @ApiProperty({ nullable: true, type: String }) onBehalfOf: string | null;
  @ApiProperty({ nullable: true, type: String }) signerTitle: string | null;
}

/** The secretary's last RETURN of a draft: what the drafter has to fix. */
export class ReturnNoteDto {
  @ApiProperty() comment: string;
  @ApiProperty({ description: 'Server time' }) at: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who returned it' }) actorName: string | null;
}

/** Another plan named by this one (the plan it amends, or its amendment). */
export class PlanLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: '21-KH/QU' }) numberAndSymbol: string | null;
  @ApiProperty({ example: 'issued' }) state: string;
}

export class IssuedByDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Its name on the day of issue' }) unitName: string | null;
}

@ApiExtraModels(ExternalReferenceDto)
export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The unit that holds the plan now (after a reorganisation, the successor of the unit that issued it)' }) issuerUnitId: string;
  @ApiProperty() issuerUnitName: string;
  @ApiProperty({ type: IssuedByDto, nullable: true, description: 'Once numbered: the unit that issued it, with its name on the day of issue; a handover never changes it' })
  issuedBy: IssuedByDto | null;
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ type: [BasisViewDto], description: `Each: { planId, numberAndSymbol, title, state } or { external: ${getSchemaPath(ExternalReferenceDto)} }` })
  basis: BasisViewDto[];
  @ApiProperty({ type: [String] }) purposes: string[];
  @ApiProperty({ type: [PhaseDto] }) phases: PhaseDto[];
  @ApiProperty({ type: [FormDto] }) forms: FormDto[];
  @ApiProperty({ type: [AssignmentViewDto] }) assignments: AssignmentViewDto[];
  @ApiProperty({ type: ReportDutyViewDto, nullable: true }) reportDuty: ReportDutyViewDto | null;
  @ApiProperty({ type: BudgetDto, nullable: true }) budget: BudgetDto | null;
  @ApiProperty({ type: [String] }) footnotes: string[];
  @ApiProperty({ type: [RecipientViewDto] }) recipients: RecipientViewDto[];
  @ApiProperty({ type: SignatureViewDto, nullable: true }) signature: SignatureViewDto | null;
  @ApiProperty({ example: 'draft.editing', description: 'The dotted path of the machine state' }) state: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'The lifecycle machine version the plan runs on' }) machineVersion: number;
  @ApiProperty({ nullable: true, type: Number }) number: number | null;
  @ApiProperty({ nullable: true, type: String, example: '17-KH/QU' }) numberAndSymbol: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2015-12-29' }) issuedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) issuedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: PlanLinkDto, nullable: true, description: 'For an amendment (sửa đổi, bổ sung): the plan it amends' }) amends: PlanLinkDto | null;
  @ApiProperty({ type: PlanLinkDto, nullable: true, description: 'The amendment of this plan, issued (it superseded this one) or, for the issuer\'s people, in draft' })
  amendedBy: PlanLinkDto | null;
  @ApiProperty({ type: IssuedDocumentDto, nullable: true, description: 'Once issued: the stored PDF and its SHA-256' })
  issuedDocument: IssuedDocumentDto | null;
  @ApiProperty({ type: [String], enum: PLAN_EVENT_NAMES, description: 'The events this caller may send now' }) nextEvents: PlanEventName[];
  @ApiProperty({
    type: SignatureDefaultsDto, nullable: true,
    description: 'When the caller may ISSUE: the signature block prefilled from the caller\'s last signature at this issuer, else the issuer\'s last one (authority and on whose behalf), else the authority of the issuer\'s symbol style',
  })
  signatureDefaults: SignatureDefaultsDto | null;
  @ApiProperty({
    type: ReturnNoteDto, nullable: true,
    description: 'While the plan is a draft that was returned at least once: the last RETURN\'s comment, time and actor (the full history is the auditor\'s)',
  })
  lastReturn: ReturnNoteDto | null;
}

/** A plan as stored, before what depends on the caller (the events it may send, the signature it may prefill) or on its history. */
export type StoredPlanDto = Omit<PlanDto, 'nextEvents' | 'signatureDefaults' | 'lastReturn'>;

export class PlanSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) issuerUnitId: string;
  @ApiProperty() issuerUnitName: string;
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() state: string;
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: String }) numberAndSymbol: string | null;
  @ApiProperty({ nullable: true, type: String }) issuedOn: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: IssuedByDto, nullable: true, description: 'Once numbered: the unit that issued it, with its name on the day of issue (a list shows it beside issuerUnitName where they differ)' })
  issuedBy: IssuedByDto | null;
}

export class PlanPageDto extends PageInfoDto {
  @ApiProperty({ type: [PlanSummaryDto] }) items: PlanSummaryDto[];
}

export class TransitionResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'draft.submitted' }) state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], enum: PLAN_EVENT_NAMES }) nextEvents: PlanEventName[];
}

/** The signer's certificate as a signature report names it. */
export class CertificateSummaryDto {
  @ApiProperty({ example: 'CN=Ban Thường vụ Quận ủy Long Biên (DEMO – không có giá trị pháp lý), O=Ban Thường vụ Quận ủy Long Biên, C=VN' }) subject: string;
  @ApiProperty({ nullable: true, type: String }) commonName: string | null;
  @ApiProperty() issuer: string;
  @ApiProperty({ description: 'Serial number, lowercase hex' }) serialNumber: string;
  @ApiProperty({ description: 'ISO 8601, Vietnam time' }) notBefore: string;
  @ApiProperty({ description: 'ISO 8601, Vietnam time' }) notAfter: string;
}

/** A PDF's (last) signature, checked. */
export class SignatureReportDto {
  @ApiProperty({ description: 'The CMS signature verifies over the signed bytes (message digest, signature, signingCertificateV2)' }) valid: boolean;
  @ApiProperty({ description: 'The signed ranges are the whole file but the signature itself: nothing appended or left out' }) coversWholeDocument: boolean;
  @ApiProperty({ description: "The signer's certificate chains to a configured trust anchor and was valid at the signing time" }) trusted: boolean;
  @ApiProperty({ type: CertificateSummaryDto }) signer: CertificateSummaryDto;
  @ApiProperty({ nullable: true, type: String, example: '2015-12-29T09:30:00+07:00', description: 'The signed signingTime, in Vietnam time' }) signingTime: string | null;
  @ApiProperty({ example: 'SHA-256' }) digestAlgorithm: string;
  @ApiProperty({ example: 'sha256WithRSAEncryption' }) signatureAlgorithm: string;
  @ApiProperty({ nullable: true, type: String, example: 'ETSI.CAdES.detached' }) subFilter: string | null;
  @ApiProperty({ nullable: true, enum: ['B-B'], description: 'PAdES baseline level reached (ETSI.CAdES.detached with signingCertificateV2)' }) pades: 'B-B' | null;
  @ApiProperty() signedBytes: number;
  @ApiProperty() documentBytes: number;
  @ApiProperty({ description: 'Signatures in the file; the report is about the last one' }) signatureCount: number;
  @ApiProperty({ type: [String], example: [], description: 'Failed checks: SIGNATURE_INVALID, NOT_WHOLE_DOCUMENT, BYTE_RANGE_BEYOND_FILE, SIGNING_CERTIFICATE_MISMATCH, UNTRUSTED, SIGNATURE_UNREADABLE' }) problems: string[];
}

/** The issued document's bytes against the SHA-256 its ISSUE audit entry recorded. */
export class DocumentChecksumDto {
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 in the ISSUE audit entry' }) recorded: string | null;
  @ApiProperty({ description: 'SHA-256 of the stored bytes, computed now' }) stored: string;
  @ApiProperty() matches: boolean;
}

/** GET /plans/:id/signature: the issued PDF's signature, checked, for a person to read. */
export class PlanSignatureDto extends SignatureReportDto {
  @ApiProperty({ description: 'The stored PDF carries a signature at all (plans issued before signing was introduced do not)' }) signed: boolean;
  @ApiProperty({ type: DocumentChecksumDto }) sha256: DocumentChecksumDto;
}

export class DocumentMatchDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: '17-KH/QU' }) numberAndSymbol: string;
}

/** POST /documents/verify: is this copy one we issued, and what does its signature say? */
export class DocumentVerificationDto {
  @ApiProperty({ type: DocumentMatchDto, nullable: true, description: 'The issued plan whose stored bytes are exactly these (one the caller may see); null otherwise' }) match: DocumentMatchDto | null;
  @ApiProperty({ type: SignatureReportDto, nullable: true, description: 'The last signature in the file, checked; null when it has none' }) signature: SignatureReportDto | null;
  @ApiProperty({ description: 'SHA-256 of the uploaded bytes' }) sha256: string;
}

// ---------------------------------------------------------------------------------------------
// CreatePlanDto.fastRead: each reader mirrors its property's decorators above, returning what
// class-transformer would set (trimmed where @Transform(trim) says, a new array for a list, an
// instance for a nested class) or NO where class-validator might refuse it.

const NO = Symbol('not read');
type Reader = (value: unknown) => unknown;

/** MaxLength counts a surrogate pair (and a presentation selector) as less than its UTF-16 units: within `max` units is within `max`. */
const fits = (text: string, max: number) => text.length <= max || maxLength(text, max);

function text(max: number, options: { trim?: boolean; notEmpty?: boolean } = {}): Reader {
  return (value) => {
    if (typeof value !== 'string') return NO;
    const v = options.trim ? value.trim() : value;
    return (options.notEmpty && v === '') || !fits(v, max) ? NO : v;
  };
}

const uuid: Reader = (value) => (typeof value === 'string' && isUUID(value) ? value : NO);
const date: Reader = (value) => (isCalendarDate(value) ? value : NO);
const bool: Reader = (value) => (typeof value === 'boolean' ? value : NO);
const oneOf = (values: readonly string[]): Reader => (value) => (typeof value === 'string' && values.includes(value) ? value : NO);
const nonNegative: Reader = (value) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : NO);

function strings(maxItems: number, max: number): Reader {
  return (value) => {
    if (!Array.isArray(value) || value.length > maxItems) return NO;
    for (const item of value) if (typeof item !== 'string' || !fits(item, max)) return NO;
    return value.slice();
  };
}

function list(maxItems: number, read: Reader): Reader {
  return (value) => {
    if (!Array.isArray(value) || value.length > maxItems) return NO;
    const out: unknown[] = [];
    for (const item of value) {
      const r = read(item);
      if (r === NO) return NO;
      out.push(r);
    }
    return out;
  };
}

const nullable = (read: Reader): Reader => (value) => (value === null ? null : read(value));

/**
 * An instance of `type` from a plain object: every key must be one of `fields` (whitelisting with
 * unknown fields refused), each read as its reader says; `required` keys must be there; `check`
 * sees the instance (the cross-field rules: ValidateIf).
 */
function instance<T extends object>(type: new () => T, fields: Record<string, Reader>, required: string[], check?: (o: T) => boolean): Reader {
  return (value) => {
    if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return NO;
    const out = new type() as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      const read = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (!read) return NO;
      const r = read((value as Record<string, unknown>)[key]);
      if (r === NO) return NO;
      out[key] = r;
    }
    for (const key of required) if (!Object.hasOwn(value, key)) return NO;
    return check && !check(out as T) ? NO : out;
  };
}

const readExternal = instance(ExternalReferenceDto, {
  type: text(20, { trim: true, notEmpty: true }),
  numberAndSymbol: text(100, { trim: true, notEmpty: true }),
  issuedOn: date,
  issuer: text(300, { trim: true }),
  title: text(TEXT, { trim: true }),
}, ['type', 'numberAndSymbol']);
// Exactly one of the two: with both, neither rule runs (ValidateIf) and the references check answers.
const readBasis = instance(BasisDto, { planId: uuid, external: readExternal }, [], (b) => (b.planId === undefined) !== (b.external === undefined));
const readPhase = instance(PhaseDto, {
  title: text(TEXT, { trim: true, notEmpty: true }),
  startsOn: date,
  endsOn: date,
  windowText: text(500, { trim: true }),
  items: strings(LIST, TEXT),
}, ['title']);
const readForm = instance(FormDto, { title: text(TEXT, { trim: true, notEmpty: true }), items: strings(LIST, TEXT) }, ['title']);
const subAssignmentFields = { assigneeUnitId: uuid, responsibilities: strings(LIST, TEXT), requiresOwnPlan: bool, dueOn: date };
const readSubAssignment = instance(SubAssignmentDto, subAssignmentFields, ['assigneeUnitId', 'responsibilities']);
const readAssignment = instance(AssignmentDto, { ...subAssignmentFields, subAssignments: list(LIST, readSubAssignment) }, ['assigneeUnitId', 'responsibilities']);
const readReportDuty = instance(ReportDutyDto, { collectorUnitId: uuid, dueOn: date, periodic: bool }, ['collectorUnitId', 'dueOn']);
const readBudget = instance(BudgetDto, { text: text(TEXT, { trim: true, notEmpty: true }), amount: nonNegative, currency: text(3) }, ['text']);
const readRecipient = instance(RecipientDto, {
  unitId: uuid,
  name: text(300, { trim: true, notEmpty: true }),
  purpose: oneOf(RECIPIENT_PURPOSES),
}, ['purpose'], (r) => (r.unitId === undefined) !== (r.name === undefined));
const readCreatePlan = instance(CreatePlanDto, {
  issuerUnitId: uuid,
  type: text(10),
  title: text(TEXT, { trim: true, notEmpty: true }),
  place: text(200, { trim: true }),
  basis: list(50, readBasis),
  purposes: strings(LIST, TEXT),
  phases: list(LIST, readPhase),
  forms: list(LIST, readForm),
  assignments: list(LIST, readAssignment),
  reportDuty: nullable(readReportDuty),
  budget: nullable(readBudget),
  footnotes: strings(LIST, TEXT),
  recipients: list(LIST, readRecipient),
}, ['issuerUnitId', 'type', 'title']) as (value: unknown) => CreatePlanDto | typeof NO;
