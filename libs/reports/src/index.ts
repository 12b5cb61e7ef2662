export { IndicatorDto, ReportDto } from './report.dto.js';
export { ReportsModule } from './reports.module.js';
export { ReportsService } from './reports.service.js';
export { ReportEventsService } from './report-events.service.js';
