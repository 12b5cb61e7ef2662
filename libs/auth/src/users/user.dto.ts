import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageInfoDto } from '@app/core';
import { MembershipDto } from '@app/org';

export class CreateUserDto {
  @ApiProperty({ example: 'lb.ward.officer', description: 'Lower-case letters, digits, dot, dash, underscore; 3–64' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'username must be 3–64 of a-z, 0-9, dot, dash, underscore' })
  username: string;

  @ApiProperty({ minLength: 10 })
  @IsString() @MinLength(10) @MaxLength(256)
  password: string;

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @IsNotEmpty() @MaxLength(200)
  displayName: string;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: 10, description: 'The new password; every session of the account ends' })
  @IsString() @MinLength(10) @MaxLength(256)
  password: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [MembershipDto] }) memberships: MembershipDto[];
}

export class UserPageDto extends PageInfoDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
}
