import * as workflow from './index.js';

describe('@app/workflow public API', () => {
  it('keeps the plan exports', () => {
    for (const name of [
      'acceptedEvents',
      'createPlanWorkflow',
      'planCompleteness',
      'PLAN_EVENT_ROLES',
      'isPlanEventType',
      'PLAN_EVENT_TYPES',
      'PLAN_MACHINE_VERSION',
      'planMachine',
      'planStateOf',
      'FINAL_PLAN_STATES',
      'isPlanState',
      'LIVE_PLAN_STATES',
      'PLAN_STATES',
      'planWorkflow',
      'restorePlan',
      'stepPlan',
      'WORKFLOW_ROLES',
    ]) {
      expect(workflow).toHaveProperty(name);
    }
    expect(workflow.stepPlan('issued', { type: 'START' })).toEqual(workflow.planWorkflow.step('issued', { type: 'START' }));
  });

  it('exports the generic stepping and the assignment workflow', () => {
    expect(workflow.createWorkflow).toBeInstanceOf(Function);
    expect(workflow.assignmentWorkflow.currentVersion).toBe(workflow.ASSIGNMENT_MACHINE_VERSION);
    expect(workflow.assignmentWorkflow.states).toEqual(workflow.ASSIGNMENT_STATES);
    expect([...workflow.OPEN_ASSIGNMENT_STATES, ...workflow.FINAL_ASSIGNMENT_STATES]).toEqual(workflow.ASSIGNMENT_STATES);
    expect(Object.keys(workflow.ASSIGNMENT_EVENT_ROLES)).toEqual(workflow.ASSIGNMENT_EVENT_TYPES);
    expect(workflow.isAssignmentState('returned')).toBe(true);
    expect(workflow.isAssignmentState('overdue')).toBe(false);
    expect(workflow.isAssignmentEventType('EXTEND')).toBe(true);
    expect(workflow.isAssignmentEventType('OVERDUE')).toBe(false);
  });
});

describe('@app/workflow report exports', () => {
  it('exports the report workflow, its states, events and roles', () => {
    expect(workflow.reportWorkflow.currentVersion).toBe(workflow.REPORT_MACHINE_VERSION);
    expect(workflow.reportWorkflow.states).toEqual(workflow.REPORT_STATES);
    expect(Object.keys(workflow.REPORT_EVENT_ROLES)).toEqual(workflow.REPORT_EVENT_TYPES);
    expect(workflow.EDITABLE_REPORT_STATES.every((s) => workflow.isReportState(s))).toBe(true);
    expect(workflow.isReportEventType('RETURN')).toBe(true);
    expect(workflow.reportCompleteness({ results: 'x', assignmentReady: true })).toEqual([]);
  });
});
