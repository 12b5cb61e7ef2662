import { WORKFLOW_ROLES } from '../plan/workflow-role.js';
import { ASSIGNMENT_EVENT_ROLES } from './assignment-event-roles.js';
import { ASSIGNMENT_EVENT_TYPES } from './assignment.events.js';

describe('ASSIGNMENT_EVENT_ROLES', () => {
  it('says who may send each event', () => {
    expect(ASSIGNMENT_EVENT_ROLES).toEqual({
      ACKNOWLEDGE: ['drafter', 'secretary', 'unit_officer'],
      CHILD_DRAFTED: ['system'],
      CHILD_DISCARDED: ['system'],
      CHILD_ISSUED: ['system'],
      CHILD_WITHDRAWN: ['system'],
      REPORT_SUBMITTED: ['system'],
      REPORT_ACCEPTED: ['system'],
      REPORT_RETURNED: ['system'],
      WAIVE: ['secretary', 'monitor'],
      EXTEND: ['secretary', 'monitor'],
      PARENT_WITHDRAWN: ['system'],
      PARENT_AMENDED: ['system'],
      DROPPED_BY_AMENDMENT: ['system'],
    });
  });

  it('covers every event type with known senders, and cannot be changed at run time', () => {
    expect(Object.keys(ASSIGNMENT_EVENT_ROLES).sort()).toEqual([...ASSIGNMENT_EVENT_TYPES].sort());
    for (const senders of Object.values(ASSIGNMENT_EVENT_ROLES)) for (const sender of senders) expect([...WORKFLOW_ROLES, 'system']).toContain(sender);
    expect(Object.isFrozen(ASSIGNMENT_EVENT_ROLES)).toBe(true);
    for (const senders of Object.values(ASSIGNMENT_EVENT_ROLES)) expect(Object.isFrozen(senders)).toBe(true);
  });

  it('lets no user send what follows from the child plan, the report or the plan\'s fate, and the system send nothing else', () => {
    for (const type of ASSIGNMENT_EVENT_TYPES) {
      const senders = ASSIGNMENT_EVENT_ROLES[type];
      const derived = type.startsWith('CHILD_') || type.startsWith('REPORT_') || type.startsWith('PARENT_') || type === 'DROPPED_BY_AMENDMENT';
      expect(senders.includes('system')).toBe(derived);
      if (derived) expect(senders).toEqual(['system']);
    }
  });

  it('lets no auditor or admin move an assignment', () => {
    const movers = new Set(Object.values(ASSIGNMENT_EVENT_ROLES).flat());
    expect([...movers].sort()).toEqual(['drafter', 'monitor', 'secretary', 'system', 'unit_officer']);
  });
});
