import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/me';
import { holdsAt, reportDue } from './work';

const me = (memberships: { unitId: string | null; role: string; state?: string }[]) =>
  ({ memberships: memberships.map((m) => ({ state: 'current', ...m })) }) as unknown as Me;

describe('holdsAt', () => {
  it('counts a role held in the unit itself, not above it', () => {
    const user = me([{ unitId: 'ward', role: 'unit_officer' }, { unitId: 'district', role: 'drafter' }]);
    expect(holdsAt(user, 'ward')).toBe(true);
    expect(holdsAt(user, 'ward', ['drafter'])).toBe(false);
    expect(holdsAt(user, 'district', ['drafter'])).toBe(true);
    expect(holdsAt(me([{ unitId: 'ward', role: 'monitor' }]), 'ward')).toBe(false);
    expect(holdsAt(undefined, 'ward')).toBe(false);
  });

  it('does not act through a former membership (its unit dissolved by a reorganisation)', () => {
    expect(holdsAt(me([{ unitId: 'old-ward', role: 'unit_officer', state: 'former' }]), 'old-ward')).toBe(false);
  });
});

describe('reportDue', () => {
  it('opens the report once acknowledged, or once the own plan is issued when one is required', () => {
    expect(reportDue({ state: 'acknowledged', requiresOwnPlan: false })).toBe(true);
    expect(reportDue({ state: 'acknowledged', requiresOwnPlan: true })).toBe(false);
    expect(reportDue({ state: 'planning', requiresOwnPlan: true })).toBe(false);
    expect(reportDue({ state: 'implementing', requiresOwnPlan: true })).toBe(true);
    expect(reportDue({ state: 'assigned', requiresOwnPlan: false })).toBe(false);
  });
});
