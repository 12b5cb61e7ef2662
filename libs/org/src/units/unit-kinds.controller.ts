import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorCode } from '@app/core';
import { RequirePermission } from '../access/access.decorators.js';
import { Permission } from '../access/permission.js';
import { UnitsService } from './units.service.js';

class UnitKindDto {
  @ApiProperty({ example: 'party_committee' }) code: string;
  @ApiProperty({ example: 'Party committee' }) name: string;
  @ApiProperty({ example: 'Cấp ủy' }) nameVi: string;
}

@ApiTags('units')
@Controller('unit-kinds')
export class UnitKindsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @RequirePermission(Permission.UnitRead, 'The unit kinds (data, not code)')
  @ApiOkResponse({ type: [UnitKindDto] })
  @ApiErrors(ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN)
  list(): Promise<UnitKindDto[]> {
    return this.units.kinds();
  }
}
