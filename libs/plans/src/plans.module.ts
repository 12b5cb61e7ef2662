import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { OrgModule } from '@app/org';
import { PdfRenderPool } from '@app/render';
import { TransitionsModule } from '@app/transitions';
import { AppearanceImagesController } from './appearance-images.controller.js';
import { AppearanceImagesService } from './appearance-images.service.js';
import { AuditController } from './audit.controller.js';
import { PlanAuditService } from './plan-audit.service.js';
import { DocumentVerificationController, PlanDocumentsController } from './plan-documents.controller.js';
import { PlanDocumentsService } from './plan-documents.service.js';
import { PlanEventsService } from './plan-events.service.js';
import { ImportGate, PlanImportController } from './plan-import.controller.js';
import { PlanImportService } from './plan-import.service.js';
import { PlanNotificationEffects } from './plan-notification.effects.js';
import { PlanSubject } from './plan-subject.js';
import { PlansController } from './plans.controller.js';
import { PlansRepository } from './plans.repository.js';
import { PlansService } from './plans.service.js';
import { WorkflowsController } from './workflows.controller.js';

@Module({
  imports: [OrgModule, TransitionsModule],
  controllers: [AppearanceImagesController, PlanImportController, PlansController, PlanDocumentsController, DocumentVerificationController, AuditController, WorkflowsController],
  providers: [
    AppearanceImagesService, PlansRepository, PlanSubject, PlansService, PlanEventsService, PlanAuditService, PlanDocumentsService, PlanNotificationEffects, PlanImportService, ImportGate,
    { provide: PdfRenderPool, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new PdfRenderPool({ threads: config.renderThreads }) },
  ],
  exports: [PlansService, PlanEventsService, PlanImportService],
})
export class PlansModule {}
