import { readReferences } from './references.js';
import { readSymbol } from './symbols.js';

const refs = (text: string) => readReferences(text).references.map(({ verbatim: _v, title: _t, ...r }) => r);

describe('basis references of every kind', () => {
  it('reads decrees and decisions with their kind, number, date and issuer', () => {
    expect(refs('Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư')).toEqual([
      { type: 'NĐ', numberAndSymbol: '30/2020/NĐ-CP', issuedOn: '2020-03-05', issuer: 'Chính phủ' },
    ]);
    expect(refs('Thực hiện Quyết định số 1234/QĐ-TTG ngày 5-3-2020 của Thủ tướng Chính phủ phê duyệt Đề án')).toEqual([
      { type: 'QĐ', numberAndSymbol: '1234/QĐ-TTg', issuedOn: '2020-03-05', issuer: 'Thủ tướng Chính phủ' },
    ]);
  });

  it('normalises the symbol (TTg, not TTG) but keeps the words as written', () => {
    const [ref] = readReferences('Căn cứ Quyết định số 1234/QĐ-TTG ngày 05/3/2020 của Thủ tướng Chính phủ').references;
    expect(ref.numberAndSymbol).toBe('1234/QĐ-TTg');
    expect(ref.verbatim).toContain('1234/QĐ-TTG');
  });

  it('reads Party rules, conclusions, directives, official letters and submissions', () => {
    expect(refs('Căn cứ Quy định số 22-QĐ/TW ngày 28/7/2021 của Ban Chấp hành Trung ương khóa XIII về công tác kiểm tra; Quy định 08-QĐi/TW ngày 25/10/2021 của Ban Chấp hành Trung ương về trách nhiệm nêu gương')).toEqual([
      { type: 'QĐi', numberAndSymbol: '22-QĐ/TW', issuedOn: '2021-07-28', issuer: 'Ban Chấp hành Trung ương khóa XIII' },
      { type: 'QĐi', numberAndSymbol: '08-QĐi/TW', issuedOn: '2021-10-25', issuer: 'Ban Chấp hành Trung ương' },
    ]);
    expect(refs('Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng, Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị và Công văn số 456/STTTT-TTBCXB ngày 02/4/2021 của Sở Thông tin và Truyền thông')).toEqual([
      { type: 'KL', numberAndSymbol: '21-KL/TW', issuedOn: '2021-10-25', issuer: 'Ban Chấp hành Trung ương Đảng' },
      { type: 'CT', numberAndSymbol: '05-CT/TW', issuedOn: '2016-05-15', issuer: 'Bộ Chính trị' },
      { type: 'CV', numberAndSymbol: '456/STTTT-TTBCXB', issuedOn: '2021-04-02', issuer: 'Sở Thông tin và Truyền thông' },
    ]);
    expect(refs('Xét đề nghị của Sở Y tế tại Tờ trình số 12/TTr-SYT ngày 17 tháng 5 năm 2013,')).toEqual([
      { type: 'TTr', numberAndSymbol: '12/TTr-SYT', issuedOn: '2013-05-17', issuer: 'Sở Y tế' },
    ]);
  });

  it('reads laws by their title and year, or number, and the circulars after them', () => {
    const { references } = readReferences('Thực hiện Luật Hộ tịch năm 2014, Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ Tư pháp quy định chi tiết');
    expect(references.map(({ verbatim: _v, ...r }) => r)).toEqual([
      { type: 'Luật', title: 'Luật Hộ tịch', year: 2014 },
      { type: 'TT', numberAndSymbol: '04/2020/TT-BTP', issuedOn: '2020-05-28', issuer: 'Bộ Tư pháp' },
    ]);
    expect(refs('Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13')).toEqual([{ type: 'Luật', numberAndSymbol: '77/2015/QH13' }]);
  });

  it('reads the issuer that runs into the subject and a reference cited again inside another only once', () => {
    const { references } = readReferences('Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng và Kế hoạch số 12-KH/TU ngày 01/3/2019 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 35-NQ/TW');
    expect(references.map((r) => [r.numberAndSymbol, r.issuer])).toEqual([
      ['35-NQ/TW', 'Bộ Chính trị'],
      ['12-KH/TU', 'Ban Thường vụ Tỉnh ủy'],
    ]);
  });
});

describe('symbols with their damage', () => {
  it.each([
    ['17 -KH/QU', '17-KH/QU', 'KH'],
    ['17/KH-BQLKKT', '17/KH-BQLKKT', 'KH'],
    ['15 /2014/QĐ-UBND', '15/2014/QĐ-UBND', 'QĐ'],
    ['298 KH/TWĐTN ngày', '298-KH/TWĐTN', 'KH'],
    ['34/2014/QĐ-TTG', '34/2014/QĐ-TTg', 'QĐ'],
    ['16/2013/TTLT-BYT-BNN&PTNT ngày', '16/2013/TTLT-BYT-BNN&PTNT', 'TTLT'],
    ['57/2014/QH13;', '57/2014/QH13', undefined],
    ['445-KL/TƯ', '445-KL/TƯ', 'KL'],
  ])('%s → %s', (text, numberAndSymbol, kind) => {
    expect(readSymbol(text)).toMatchObject({ numberAndSymbol, kind });
  });

  it('is no symbol without letters', () => {
    expect(readSymbol('20/01/2020')).toBeUndefined();
  });
});
