import { Module } from '@nestjs/common';
import { OrgModule } from '@app/org';
import { TransitionsModule } from '@app/transitions';
import { ReorganisationsController, UnitOpenItemsController } from './reorganisations.controller.js';
import { ReorganisationsService } from './reorganisations.service.js';

@Module({
  imports: [OrgModule, TransitionsModule],
  controllers: [ReorganisationsController, UnitOpenItemsController],
  providers: [ReorganisationsService],
  exports: [ReorganisationsService],
})
export class ReorganisationModule {}
