import { PLAN_EVENT_ROLES } from './plan-event-roles.js';
import { PLAN_EVENT_TYPES } from './plan.events.js';
import { WORKFLOW_ROLES } from './workflow-role.js';

describe('PLAN_EVENT_ROLES', () => {
  it('says who may send each event, as the design card does', () => {
    expect(PLAN_EVENT_ROLES).toEqual({
      SUBMIT: ['drafter'],
      RETURN: ['secretary'],
      ISSUE: ['secretary'],
      START: ['secretary', 'monitor', 'system'],
      OPEN_REPORTING: ['secretary', 'monitor', 'system'],
      REVIEW: ['secretary'],
      WITHDRAW: ['secretary'],
      DISCARD: ['drafter', 'system'],
      SUPERSEDE: ['system'],
      REGISTER: ['drafter', 'secretary'],
    });
  });

  it('covers every event type with known roles or the system, and cannot be changed at run time', () => {
    expect(Object.keys(PLAN_EVENT_ROLES).sort()).toEqual([...PLAN_EVENT_TYPES].sort());
    for (const roles of Object.values(PLAN_EVENT_ROLES)) for (const role of roles) expect([...WORKFLOW_ROLES, 'system']).toContain(role);
    expect(Object.isFrozen(PLAN_EVENT_ROLES)).toBe(true);
    expect(Object.isFrozen(PLAN_EVENT_ROLES.SUBMIT)).toBe(true);
  });

  it('lets no auditor, admin or unit officer move a plan', () => {
    const movers = new Set(Object.values(PLAN_EVENT_ROLES).flat());
    expect([...movers].sort()).toEqual(['drafter', 'monitor', 'secretary', 'system']);
  });

  it('leaves SUPERSEDE to the system alone: no user supersedes a plan by hand', () => {
    expect(PLAN_EVENT_ROLES.SUPERSEDE).toEqual(['system']);
  });
});
