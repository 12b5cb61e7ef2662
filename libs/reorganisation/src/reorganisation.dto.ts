import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Allow } from 'class-validator';

/**
 * `POST /reorganisations`. The changes are a tagged union (merge, split, dissolve, rename,
 * move): their fields are checked by `parseChanges`, which names each bad field the way the
 * validation pipe does (400 VALIDATION_FAILED).
 */
export class ReorganisationRequestDto {
  @ApiProperty({ example: '2025-07-01', description: 'The first day of the new structure (YYYY-MM-DD); a later day than today schedules it' })
  @Allow()
  effectiveOn: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [
      { kind: 'merge', from: ['…', '…'], into: { name: 'Đảng ủy phường Bồ Đề', shortName: 'ĐUP', kind: 'grassroots_committee', parentId: '…', symbolStyle: 'party', key: 'bo-de' } },
      { kind: 'move', unitId: '…', parentId: { key: 'bo-de' } },
      { kind: 'dissolve', unitId: '…', successorId: '…' },
      { kind: 'split', unitId: '…', into: ['…', '…'], map: { '<open item id>': 0 } },
      { kind: 'rename', unitId: '…', name: 'Ban Tuyên giáo và Dân vận Thành ủy', shortName: 'BTGDVTU' },
      { kind: 'move', unitId: '…', parentId: '…' },
    ],
    description:
      'merge {from, into: unitId | new unit}, dissolve {unitId, successorId}, split {unitId, into, map: item id → index of into}, rename {unitId, name, shortName?}, move {unitId, parentId}. ' +
      'A new unit {name, shortName, kind, parentId, symbolStyle, key?} may carry a key chosen by the client; a later change of the same request names it by {"key": …} wherever a successor or a parent (new unit\'s parentId, move\'s parentId) is given',
  })
  @Allow()
  changes: unknown[];
}

export class ReorganiseQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: check and list what it would touch, change nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

class TouchedDto {
  @ApiProperty() units: number;
  @ApiProperty() memberships: number;
  @ApiProperty() assignments: number;
  @ApiProperty() plans: number;
  @ApiProperty() reports: number;
  @ApiProperty({ description: 'Notifications sent to successors (one per handed-over assignment, plan and report), and unread or undelivered ones readdressed from a dissolved unit to its successor' }) notifications: number;
}

class ReorganisedUnitsDto {
  @ApiProperty({ type: [String], description: 'Ids of the units created (empty in a preview)' }) created: string[];
  @ApiProperty({ type: [String] }) dissolved: string[];
  @ApiProperty({ type: [String] }) renamed: string[];
  @ApiProperty({ type: [String] }) moved: string[];
}

class HandoverDto {
  @ApiProperty({ enum: ['assignment', 'plan', 'report', 'membership'] }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fromUnitId: string;
  @ApiProperty({ format: 'uuid', description: 'In a preview, a unit the reorganisation would create has a provisional id' }) toUnitId: string;
  @ApiProperty({ description: "How it reads: the plan's title (an assignment's, a report's plan), or the member's name" }) title: string;
  @ApiProperty({ nullable: true, type: String, description: "An assignment's responsibilities, a plan's number and symbol, a member's role" }) detail: string | null;
}

class MovedNotificationDto {
  @ApiProperty({ description: 'The notification\'s id; for a message not yet delivered, the outbox message\'s id' }) id: string;
  @ApiProperty({ description: 'false: a message not yet delivered to anyone' }) delivered: boolean;
  @ApiProperty({ format: 'uuid' }) fromUnitId: string;
  @ApiProperty({ format: 'uuid', description: 'In a preview, a unit the reorganisation would create has a provisional id' }) toUnitId: string;
}

export class ReorganisationResultDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a preview' }) id: string | null;
  @ApiProperty({ enum: ['applied', 'scheduled', 'preview'] }) state: string;
  @ApiProperty() effectiveOn: string;
  @ApiProperty({ type: TouchedDto }) touched: TouchedDto;
  @ApiProperty({ type: ReorganisedUnitsDto }) units: ReorganisedUnitsDto;
  @ApiProperty({ type: [HandoverDto] }) handovers: HandoverDto[];
  @ApiProperty({ type: [String], description: 'Plans whose open assignees would fall outside the issuer\'s scope: they need an amendment' }) amendmentsNeeded: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Unit id → name after the change, for every unit named in units and handovers (a preview\'s provisional ids included)',
  })
  unitNames: Record<string, string>;
  @ApiProperty({ type: [MovedNotificationDto], description: 'Unread notifications and undelivered messages addressed to a dissolved unit, readdressed to its successor (counted in touched.notifications)' })
  movedNotifications: MovedNotificationDto[];
}

export class OpenItemDto {
  @ApiProperty({ enum: ['assignment', 'plan', 'report', 'membership'] }) type: string;
  @ApiProperty({ format: 'uuid', description: 'The id a split maps (`map: { id: successorIndex }`)' }) id: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ description: "The plan's title (an assignment's, a report's plan), or the member's name" }) title: string;
  @ApiProperty({ nullable: true, type: String, description: "An assignment's responsibilities, a plan's number and symbol, a member's role" }) detail: string | null;
  @ApiProperty({ description: 'Its state (an assignment\'s tracked state, a plan\'s, a report\'s; current for a membership)' }) state: string;
  @ApiProperty({ nullable: true, type: String, description: 'An assignment\'s or report\'s due day' }) dueOn: string | null;
}

export class OpenItemsDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ type: [OpenItemDto], description: 'Memberships, plans, assignments, reports: what a split, dissolve or merge of the unit hands over' }) items: OpenItemDto[];
}

export class ReorganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['scheduled', 'applied', 'cancelled', 'failed'] }) state: string;
  @ApiProperty() effectiveOn: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) changes: unknown[];
  @ApiProperty({ type: TouchedDto, nullable: true }) touched: TouchedDto | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: 'Why a scheduled one was refused on its day' }) failure: unknown;
}
