import { setup, type SnapshotFrom } from 'xstate';
import type { ReportEvent } from './report.events.js';
import { reportGuards } from './report.guards.js';

/** Bump when the machine changes shape, and register an `upgradeFrom` for the new version. */
export const REPORT_MACHINE_VERSION = 1;

/**
 * The implementation report: draft → submitted → accepted, or returned (with a comment)
 * → edited and submitted again. One report per assignment: a returned report is revised
 * in place, its earlier versions are in the audit trail. No context, no actions: the
 * server keeps no actor and moves a report with the pure `transition()`.
 */
export const reportMachine = setup({
  types: {} as { events: ReportEvent },
  guards: reportGuards,
}).createMachine({
  id: 'report',
  initial: 'draft',
  states: {
    draft: {
      on: { SUBMIT: { target: 'submitted', guard: 'reportComplete' } },
    },
    submitted: {
      on: {
        ACCEPT: { target: 'accepted' },
        RETURN: { target: 'returned', guard: 'hasComment' },
      },
    },
    returned: {
      on: { SUBMIT: { target: 'submitted', guard: 'reportComplete' } },
    },
    accepted: { type: 'final' },
  },
});

export type ReportMachine = typeof reportMachine;
export type ReportSnapshot = SnapshotFrom<ReportMachine>;
