import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MembershipDto } from '@app/org';

export class LoginDto {
  @ApiProperty({ example: 'lb.secretary' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString() @IsNotEmpty() @MaxLength(256)
  password: string;

  @ApiPropertyOptional({
    enum: ['body', 'cookie'],
    description:
      "Where the refresh token goes (default `body`). `cookie` (the web app): into an httpOnly, SameSite=Strict cookie sent only to /auth/refresh, and the answer carries no `refreshToken`.",
  })
  @IsOptional() @IsIn(['body', 'cookie'])
  refreshTokenIn?: 'body' | 'cookie';
}

export class RefreshDto {
  @ApiProperty()
  @IsString() @IsNotEmpty() @MaxLength(256)
  refreshToken: string;
}

export class RefreshRequestDto {
  @ApiPropertyOptional({ description: "The refresh token; leave out to use the session cookie set by a login with `refreshTokenIn: 'cookie'`" })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(256)
  refreshToken?: string;
}

export class TokensDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer …`' }) accessToken: string;
  @ApiPropertyOptional({ description: 'Single use: POST /auth/refresh returns a new pair. Absent when it went into the session cookie' }) refreshToken?: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [MembershipDto] }) memberships: MembershipDto[];
}
