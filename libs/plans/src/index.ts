export { CreatePlanDto, PlanDto, PlanEventDto } from './plan.dto.js';
export { PlanEventsService } from './plan-events.service.js';
export { PlansModule } from './plans.module.js';
export { PlansService } from './plans.service.js';
export { PlanImportService, type ImportResult } from './plan-import.service.js';
export { continueNumberingAfter, registerNumber } from './numbering.js';
