import { WORKFLOW_ROLES } from '../plan/workflow-role.js';
import { REPORT_EVENT_ROLES, REPORT_EVENT_SIDES } from './report-event-roles.js';
import { REPORT_EVENT_TYPES } from './report.events.js';

describe('REPORT_EVENT_ROLES', () => {
  it('says who may send each event and from which side', () => {
    expect(REPORT_EVENT_ROLES).toEqual({
      SUBMIT: ['drafter', 'secretary', 'unit_officer'],
      ACCEPT: ['secretary', 'monitor'],
      RETURN: ['secretary', 'monitor'],
    });
    expect(REPORT_EVENT_SIDES).toEqual({ SUBMIT: 'assignee', ACCEPT: 'monitor', RETURN: 'monitor' });
  });

  it('covers every event type with known roles, and cannot be changed at run time', () => {
    expect(Object.keys(REPORT_EVENT_ROLES)).toEqual([...REPORT_EVENT_TYPES]);
    expect(Object.keys(REPORT_EVENT_SIDES)).toEqual([...REPORT_EVENT_TYPES]);
    for (const roles of Object.values(REPORT_EVENT_ROLES)) for (const role of roles) expect(WORKFLOW_ROLES).toContain(role);
    expect(Object.isFrozen(REPORT_EVENT_ROLES)).toBe(true);
    expect(Object.isFrozen(REPORT_EVENT_SIDES)).toBe(true);
    for (const roles of Object.values(REPORT_EVENT_ROLES)) expect(Object.isFrozen(roles)).toBe(true);
  });

  it('lets no auditor or admin move a report', () => {
    const movers = new Set(Object.values(REPORT_EVENT_ROLES).flat());
    expect(movers.has('auditor')).toBe(false);
    expect(movers.has('admin')).toBe(false);
  });
});
