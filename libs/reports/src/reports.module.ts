import { Module } from '@nestjs/common';
import { DelegationModule } from '@app/delegation';
import { OrgModule } from '@app/org';
import { TransitionsModule } from '@app/transitions';
import { ReportEffects } from './report.effects.js';
import { ReportEventsService } from './report-events.service.js';
import { ReportFilesController, ReportFilesGate } from './report-files.controller.js';
import { ReportFilesService } from './report-files.service.js';
import { ReportSubject } from './report-subject.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [OrgModule, TransitionsModule, DelegationModule],
  controllers: [ReportsController, ReportFilesController],
  providers: [ReportsRepository, ReportSubject, ReportsService, ReportEventsService, ReportEffects, ReportFilesService, ReportFilesGate],
  exports: [ReportsService, ReportEventsService],
})
export class ReportsModule {}
