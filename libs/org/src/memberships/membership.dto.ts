import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsUUID } from 'class-validator';
import { Role } from '../access/role.js';

export class GrantMembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  @IsEnum(Role)
  role: Role;
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the whole organisation' })
  unitId: string | null;
  @ApiProperty({ nullable: true, type: String }) unitName: string | null;
  @ApiProperty({ description: 'Whether the role reaches the whole subtree of the unit' }) reachesSubtree: boolean;
  @ApiProperty({
    enum: ['current', 'former'],
    description: '`former`: the unit was dissolved by a reorganisation; the holder still reads its past work and can no longer act for it',
  })
  state: 'current' | 'former';
}
