import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, isoFromUtcText, PageInfoDto, PageQueryDto } from '@app/core';
import type { SymbolStyle, UnitRow } from './unit.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const SYMBOL_STYLES: SymbolStyle[] = ['party', 'state'];
/** Letters of any script (Đ in ĐUK), digits and a few joiners; no slash or dash, which separate symbol parts. */
const SHORT_NAME = /^[\p{L}\p{N}]+$/u;

export class CreateUnitDto {
  @ApiProperty({ example: 'Quận ủy Long Biên' })
  @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'QU', description: 'Abbreviation used in document symbols' })
  @Transform(trim) @IsString() @Matches(SHORT_NAME, { message: 'shortName must be letters and digits only' }) @MaxLength(30)
  shortName: string;

  @ApiProperty({ example: 'party_committee', description: 'A unit kind code (kinds are data)' })
  @IsString() @Matches(/^[a-z][a-z_]*$/) @MaxLength(60)
  kind: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a top-level unit' })
  @ValidateIf((_, v) => v !== null) @IsUUID()
  parentId: string | null;

  @ApiProperty({ enum: SYMBOL_STYLES, description: 'party: 17-KH/QU; state: 17/KH-BQLKKT' })
  @IsIn(SYMBOL_STYLES)
  symbolStyle: SymbolStyle;
}

/** Rename, re-classify, deactivate (`active: false`) or reactivate a unit. */
export class UpdateUnitDto {
  @ApiPropertyOptional() @IsOptional()
  @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300)
  name?: string;

  @ApiPropertyOptional() @IsOptional()
  @Transform(trim) @IsString() @Matches(SHORT_NAME, { message: 'shortName must be letters and digits only' }) @MaxLength(30)
  shortName?: string;

  @ApiPropertyOptional() @IsOptional()
  @IsString() @Matches(/^[a-z][a-z_]*$/) @MaxLength(60)
  kind?: string;

  @ApiPropertyOptional({ enum: SYMBOL_STYLES }) @IsOptional()
  @IsIn(SYMBOL_STYLES)
  symbolStyle?: SymbolStyle;

  @ApiPropertyOptional({ description: 'false deactivates; refused while active units remain below' }) @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class MoveUnitDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The new parent; null makes the unit top-level' })
  @ValidateIf((_, v) => v !== null) @IsUUID()
  parentId: string | null;
}

export class UnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() shortName: string;
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ enum: SYMBOL_STYLES }) symbolStyle: SymbolStyle;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: '1 for a top-level unit' }) depth: number;
  @ApiProperty({ description: 'Units lie below it, active or not (GET /units/:id/children lists them)' }) hasChildren: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String, example: '2025-07-01', description: 'First day the unit exists; null: since before the records' }) validFrom: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2025-06-30', description: 'Last day the unit exists (dissolved or merged the next day); null: open-ended' }) validTo: string | null;

  /** From a row as UnitsService reads it. */
  static from(unit: UnitRow): UnitDto {
    return {
      id: unit.id,
      name: unit.name,
      shortName: unit.shortName,
      kind: unit.kind,
      parentId: unit.parentId,
      symbolStyle: unit.symbolStyle,
      active: unit.active,
      depth: unit.depth,
      hasChildren: unit.hasChildren,
      createdAt: isoFromUtcText(unit.createdAt),
      updatedAt: isoFromUtcText(unit.updatedAt),
      validFrom: unit.validFrom,
      validTo: unit.validTo,
    };
  }
}

export class UnitAsOfQueryDto {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'The unit as it was that day (name, short name, kind and parent of that period)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class ChildrenQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'The units below it as they were that day (the tree as of a date); a cursor holds its day' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class TopLevelQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'The top-level units of the caller\'s scope as they were that day (units that did not exist then are left out); a cursor holds its day' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class UnitPageDto extends PageInfoDto {
  @ApiProperty({ type: [UnitDto] }) items: UnitDto[];
}

/**
 * A tree view loads a whole branch at once: subtree pages go up to 5,000 units (a mid-level
 * branch is ~2,000). Not a subclass of PageQueryDto: class-validator would apply its @Max(500) too.
 */
export class SubtreeQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ example: '2025-06-30', description: 'The branch as it was that day (periods\' names and parents, depth-first); a cursor holds its day' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class UnitSearchQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'Part of the name or short name; case and Vietnamese marks are ignored ("bo de" finds "Bồ Đề")', minLength: 2, maxLength: 100 })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(2)
  @MaxLength(100)
  q: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this unit and the units below it (e.g. an issuer picking its assignees)' })
  @IsOptional()
  @IsUUID()
  under?: string;

  @ApiPropertyOptional({ example: '2025-06-30', description: 'Match the names the units had that day and answer them as they were (with `under`: its branch as it was); a cursor holds its day' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}
