import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActorCache } from './memberships/actor-cache.service.js';
import { MembershipsService } from './memberships/memberships.service.js';
import { UnitKindsController } from './units/unit-kinds.controller.js';
import { Unit, UnitKind } from './units/unit.entity.js';
import { UnitsController } from './units/units.controller.js';
import { UnitsService } from './units/units.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Unit, UnitKind])],
  controllers: [UnitsController, UnitKindsController],
  providers: [UnitsService, MembershipsService, ActorCache],
  exports: [UnitsService, MembershipsService, ActorCache],
})
export class OrgModule {}
