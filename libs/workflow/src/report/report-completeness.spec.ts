import fc from 'fast-check';
import { reportCompleteness } from './report-completeness.js';

describe('reportCompleteness', () => {
  it('passes a report with results on an assignment that takes it', () => {
    expect(reportCompleteness({ results: 'Tổ chức 3 hội nghị báo cáo viên.', assignmentReady: true })).toEqual([]);
  });

  it('lists every broken rule, in a fixed order', () => {
    expect(reportCompleteness({ results: '  ', assignmentReady: false }).map((f) => f.rule)).toEqual(['RESULTS_REQUIRED', 'ASSIGNMENT_NOT_READY']);
    expect(reportCompleteness({ results: null, assignmentReady: true }).map((f) => f.rule)).toEqual(['RESULTS_REQUIRED']);
    expect(reportCompleteness({ results: 'x', assignmentReady: false }).map((f) => f.rule)).toEqual(['ASSIGNMENT_NOT_READY']);
  });

  it('fails RESULTS_REQUIRED exactly when the results are blank, and ASSIGNMENT_NOT_READY exactly when not ready', () => {
    fc.assert(
      fc.property(fc.option(fc.oneof(fc.string(), fc.constantFrom(' ', '\n', ' kết quả '))), fc.boolean(), (results, assignmentReady) => {
        const rules = reportCompleteness({ results, assignmentReady }).map((f) => f.rule);
        expect(rules.includes('RESULTS_REQUIRED')).toBe(results === null || results.trim() === '');
        expect(rules.includes('ASSIGNMENT_NOT_READY')).toBe(!assignmentReady);
      }),
    );
  });
});
