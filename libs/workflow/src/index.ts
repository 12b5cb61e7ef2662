export { acceptedEventTypes } from './core/accepted-event-types.js';
export { createWorkflow, type Workflow, type WorkflowOptions, type WorkflowStepResult } from './core/create-workflow.js';
export { statePathOf, stateValueOf } from './core/state-path.js';
export { acceptedEvents } from './plan/accepted-events.js';
export { createPlanWorkflow, type MachineVersion, type PlanWorkflow, type StepResult } from './plan/create-plan-workflow.js';
export { planCompleteness, type CompletenessFailure, type CompletenessRule, type PlanFacts } from './plan/plan-completeness.js';
export { PLAN_EVENT_ROLES, type PlanEventSender } from './plan/plan-event-roles.js';
export { isPlanEventType, PLAN_EVENT_TYPES, type PlanEvent, type PlanEventType } from './plan/plan.events.js';
export { SETTLED_ASSIGNMENT_STATES, type PlanGuard } from './plan/plan.guards.js';
export { PLAN_MACHINE_VERSION, planMachine, type PlanMachine, type PlanSnapshot } from './plan/plan.machine.js';
export { planStateOf } from './plan/plan-state.js';
export { FINAL_PLAN_STATES, isPlanState, LIVE_PLAN_STATES, PLAN_STATES, type PlanState } from './plan/plan.states.js';
export { planWorkflow } from './plan/plan-workflow.js';
export { restorePlan } from './plan/restore-plan.js';
export { stepPlan } from './plan/step-plan.js';
export { WORKFLOW_ROLES, type WorkflowRole } from './plan/workflow-role.js';
export { ASSIGNMENT_EVENT_ROLES, type AssignmentEventSender } from './assignment/assignment-event-roles.js';
export { ASSIGNMENT_EVENT_TYPES, isAssignmentEventType, type AssignmentEvent, type AssignmentEventType } from './assignment/assignment.events.js';
export type { AssignmentGuard } from './assignment/assignment.guards.js';
export { ASSIGNMENT_MACHINE_VERSION, assignmentMachine, type AssignmentMachine, type AssignmentSnapshot } from './assignment/assignment.machine.js';
export { assignmentStateOf } from './assignment/assignment-state.js';
export { AWAITING_REPORT_STATES, awaitsReport } from './assignment/assignment-deadline.js';
export { DEADLINE_STATUSES, deadlineStatus, workingDaysBetween, type DeadlineStatus } from './assignment/deadline-status.js';
export {
  ASSIGNMENT_STATES,
  FINAL_ASSIGNMENT_STATES,
  isAssignmentState,
  OPEN_ASSIGNMENT_STATES,
  type AssignmentState,
} from './assignment/assignment.states.js';
export {
  assignmentWorkflow,
  createAssignmentWorkflow,
  type AssignmentStepResult,
  type AssignmentWorkflow,
} from './assignment/assignment-workflow.js';
export { REPORT_EVENT_ROLES, REPORT_EVENT_SIDES, type ReportEventSide } from './report/report-event-roles.js';
export { isReportEventType, REPORT_EVENT_TYPES, type ReportEvent, type ReportEventType } from './report/report.events.js';
export type { ReportGuard } from './report/report.guards.js';
export {
  reportCompleteness,
  type ReportCompletenessFailure,
  type ReportCompletenessRule,
  type ReportFacts,
} from './report/report-completeness.js';
export { REPORT_MACHINE_VERSION, reportMachine, type ReportMachine, type ReportSnapshot } from './report/report.machine.js';
export { reportStateOf } from './report/report-state.js';
export { EDITABLE_REPORT_STATES, FINAL_REPORT_STATES, isReportState, REPORT_STATES, type ReportState } from './report/report.states.js';
export { createReportWorkflow, reportWorkflow, type ReportStepResult, type ReportWorkflow } from './report/report-workflow.js';
export { machineGraph, type MachineGraph, type MachineGraphState, type MachineGraphTransition } from './core/machine-graph.js';
