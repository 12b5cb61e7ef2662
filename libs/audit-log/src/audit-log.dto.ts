import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { Transform } from 'class-transformer';

/** Sizes and ids as the C2SP formats spell them: decimal, no sign, no leading zero, no spaces. */
export const DECIMAL = /^(0|[1-9][0-9]*)$/;
const DECIMAL_MESSAGE = { message: '$property must be a decimal number without sign, spaces or leading zeros' };

export class InclusionQueryDto {
  @ApiProperty({ description: 'The audit entry\'s id (the `id` every history lists)', example: '42' }) @Matches(DECIMAL, DECIMAL_MESSAGE)
  entryId: string;

  @ApiPropertyOptional({ description: 'Tree size of a signed checkpoint (default: the latest)', example: '100' }) @IsOptional() @Matches(DECIMAL, DECIMAL_MESSAGE)
  size?: string;
}

export class ConsistencyQueryDto {
  @ApiProperty({ description: 'The older tree size (at least 1)', example: '10' }) @Matches(DECIMAL, DECIMAL_MESSAGE)
  from: string;

  @ApiProperty({ description: 'The newer tree size: one with a signed checkpoint', example: '100' }) @Matches(DECIMAL, DECIMAL_MESSAGE)
  to: string;
}

export class ExportQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The unit whose subtree\'s history to export' }) @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ description: 'Only subjects with an entry from this instant (inclusive), ISO 8601' }) @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Only entries before this instant, ISO 8601' }) @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ type: [String], description: 'Tree sizes of checkpoints saved earlier: the bundle carries a consistency proof from each' })
  @IsOptional()
  @Transform(({ value }) => (Array.isArray(value) ? value : [value]))
  @IsArray()
  @ArrayMaxSize(16)
  @Matches(DECIMAL, { each: true, ...DECIMAL_MESSAGE })
  since?: string[];
}

export class InclusionProofDto {
  @ApiProperty({ description: 'The entry\'s leaf index' }) index: number;
  @ApiProperty({ description: 'Tree size of the checkpoint the proof is against' }) size: number;
  @ApiProperty({ format: 'byte', description: 'Base64 of the exact bytes hashed as the leaf: the entry\'s 32-byte SHA-256 chain hash' }) leafData: string;
  @ApiProperty({ type: [String], format: 'byte', description: 'Base64 SHA-256 hashes, RFC 9162 order (leaf\'s sibling first)' }) hashes: string[];
  @ApiProperty({ description: 'The signed checkpoint of that size (C2SP signed note)' }) checkpoint: string;
}

export class ConsistencyProofDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [String], format: 'byte', description: 'Base64 SHA-256 hashes, RFC 9162 order' }) hashes: string[];
  @ApiProperty({ description: 'The signed checkpoint of size `to`' }) checkpoint: string;
}

export class LogKeysDto {
  @ApiProperty({ description: 'The log\'s origin: the first line of its checkpoints and its keys\' name' }) origin: string;
  @ApiProperty({ description: 'Verifier key (name+keyid+base64) signing new checkpoints' }) current: string;
  @ApiProperty({ type: [String], description: 'Every verifier key whose checkpoints verify: current first, then rotated-out keys' }) keys: string[];
}
