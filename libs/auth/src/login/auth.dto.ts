import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MembershipDto } from '@app/org';

export class LoginDto {
  @ApiProperty({ example: 'lb.secretary' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString() @IsNotEmpty() @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString() @IsNotEmpty() @MaxLength(256)
  refreshToken: string;
}

export class TokensDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer …`' }) accessToken: string;
  @ApiProperty({ description: 'Single use: POST /auth/refresh returns a new pair' }) refreshToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [MembershipDto] }) memberships: MembershipDto[];
}
