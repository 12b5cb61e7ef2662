/**
 * The roles that may move a plan. Plain strings, the same values as the org lib's `Role`
 * enum, so this lib depends on nothing of the project.
 */
export type WorkflowRole = 'admin' | 'drafter' | 'secretary' | 'monitor' | 'unit_officer' | 'auditor';

export const WORKFLOW_ROLES: readonly WorkflowRole[] = Object.freeze(['admin', 'drafter', 'secretary', 'monitor', 'unit_officer', 'auditor']);
