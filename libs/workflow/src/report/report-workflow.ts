import { createWorkflow, type MachineVersion, type Workflow, type WorkflowStepResult } from '../core/create-workflow.js';
import { REPORT_EVENT_TYPES, type ReportEvent, type ReportEventType } from './report.events.js';
import { reportMachine, REPORT_MACHINE_VERSION } from './report.machine.js';
import type { ReportState } from './report.states.js';

export type ReportStepResult<S extends string = ReportState> = WorkflowStepResult<S, ReportEventType>;

export type ReportWorkflow<S extends string = ReportState> = Workflow<S, ReportEvent>;

/** The report workflow over a registry of report machine versions: `createWorkflow` with the report's event types. */
export function createReportWorkflow<S extends string = ReportState>(versions: readonly MachineVersion[]): ReportWorkflow<S> {
  return createWorkflow<S, ReportEvent>(versions, { name: 'report', eventTypes: REPORT_EVENT_TYPES });
}

/**
 * The workflow the server uses to move a report: every machine version ever persisted,
 * newest last. Roles are the caller's business (`REPORT_EVENT_ROLES`). Throws only on
 * corrupt stored data.
 */
export const reportWorkflow: ReportWorkflow = createReportWorkflow([{ version: REPORT_MACHINE_VERSION, machine: reportMachine }]);
