import { describe, expect, it } from 'vitest';
import type { components } from '../../api/schema';
import { emptyPhase, emptyPlanForm, errorsByPath, fromPlan, shownOnForm, toBody, toList } from './plan-form';

type Plan = components['schemas']['PlanDto'];

const plan = {
  type: 'KH',
  title: 'Tuyên truyền Đại hội',
  place: 'Long Biên',
  basis: [
    { planId: 'p1', numberAndSymbol: '19-KH/TU', title: 'Kế hoạch của Tỉnh ủy', state: 'issued' },
    { external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy' } },
  ],
  purposes: ['Tuyên truyền sâu rộng.', 'Tạo khí thế phấn khởi.'],
  phases: [
    { title: 'Giai đoạn 1', startsOn: '2016-01-01', endsOn: '2016-02-04', items: ['Treo băng rôn'] },
    { title: 'Giai đoạn 2', windowText: 'sau Đại hội', items: [] },
  ],
  forms: [{ title: 'Báo chí', items: ['Trang thông tin điện tử', 'Đài truyền thanh'] }],
  assignments: [
    {
      id: 'a1', assigneeUnitId: 'u1', assigneeUnitName: 'UBND quận', responsibilities: ['Chỉ đạo'], requiresOwnPlan: true, dueOn: '2016-02-04',
      subAssignments: [{ id: 'a2', assigneeUnitId: 'u2', assigneeUnitName: 'Phòng Văn hóa', responsibilities: ['Treo băng rôn'], requiresOwnPlan: false, subAssignments: [] }],
    },
  ],
  reportDuty: { collectorUnitId: 'u3', collectorUnitName: 'Ban Tuyên giáo', dueOn: '2016-02-04', periodic: false },
  budget: { text: 'Ngân sách quận', amount: 50000000, currency: 'VND' },
  footnotes: ['Chỉ thị 05-CT/TW'],
  recipients: [
    { unitId: 'u1', unitName: 'UBND quận', purpose: 'implement' },
    { name: 'Ban Tuyên giáo Thành ủy', purpose: 'report', unitName: null },
  ],
} as unknown as Plan;

describe('the plan editor form', () => {
  it('turns a stored plan into inputs and back into the same content', () => {
    const body = toBody(fromPlan(plan));
    expect(body).toEqual({
      type: 'KH',
      title: 'Tuyên truyền Đại hội',
      place: 'Long Biên',
      basis: [{ planId: 'p1' }, { external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy', title: undefined } }],
      purposes: ['Tuyên truyền sâu rộng.', 'Tạo khí thế phấn khởi.'],
      phases: [
        { title: 'Giai đoạn 1', startsOn: '2016-01-01', endsOn: '2016-02-04', items: ['Treo băng rôn'] },
        { title: 'Giai đoạn 2', windowText: 'sau Đại hội', items: [] },
      ],
      forms: [{ title: 'Báo chí', items: ['Trang thông tin điện tử', 'Đài truyền thanh'] }],
      assignments: [
        {
          assigneeUnitId: 'u1', responsibilities: ['Chỉ đạo'], requiresOwnPlan: true, dueOn: '2016-02-04',
          subAssignments: [{ assigneeUnitId: 'u2', responsibilities: ['Treo băng rôn'], requiresOwnPlan: false, dueOn: undefined }],
        },
      ],
      reportDuty: { collectorUnitId: 'u3', dueOn: '2016-02-04', periodic: false },
      budget: { text: 'Ngân sách quận', amount: 50000000, currency: 'VND' },
      footnotes: ['Chỉ thị 05-CT/TW'],
      recipients: [{ unitId: 'u1', purpose: 'implement' }, { name: 'Ban Tuyên giáo Thành ủy', purpose: 'report' }],
    });
  });

  it('sends only the window the phase is written in, and no report duty or budget that was never started', () => {
    const form = emptyPlanForm();
    form.phases = [{ ...emptyPhase(), title: 'GĐ', window: 'text', startsOn: '2016-01-01', windowText: ' sau Đại hội ' }];
    const body = toBody(form);
    expect(body.phases).toEqual([{ title: 'GĐ', windowText: 'sau Đại hội', items: [] }]);
    expect(body.reportDuty).toBeNull();
    expect(body.budget).toBeNull();
    // A half-filled report duty goes as it is, for the API to name the missing field.
    form.reportDuty.dueOn = '2016-02-04';
    expect(toBody(form).reportDuty).toEqual({ collectorUnitId: undefined, dueOn: '2016-02-04', periodic: false });
  });

  it('reads one entry per non-blank line', () => {
    expect(toList(' a \n\n b\n  ')).toEqual(['a', 'b']);
  });

  it('places VALIDATION_FAILED details on the input of their path, or of the list that holds them', () => {
    const { at, paths } = errorsByPath([
      { field: 'assignments.0.assigneeUnitId', messages: ['must be a UUID'] },
      { field: 'purposes.1', messages: ['too long'] },
      { field: 'signature', messages: ['should not exist'] },
    ]);
    expect(at('assignments.0.assigneeUnitId')).toBe('must be a UUID');
    expect(at('purposes')).toBe('too long');
    expect(at('assignments.1.assigneeUnitId')).toBeUndefined();
    expect(paths.filter((p) => !shownOnForm(p))).toEqual(['signature']);
    expect(errorsByPath(undefined).paths).toEqual([]);
  });
});
