import { PARTY_PLAN, STATE_PLAN } from '../../../test/support/plan-documents.js';
import { numberLine, planOutline } from './outline.js';
import { placeAndDate, roman, shortDate } from './vietnamese.js';

describe('the outline of a plan', () => {
  it('numbers and symbols in each style, a draft with the number left blank', () => {
    expect(numberLine(PARTY_PLAN)).toBe('Số 17-KH/QU');
    expect(numberLine(STATE_PLAN)).toBe('Số: 17/KH-BQLKKT');
    expect(numberLine({ ...PARTY_PLAN, numberAndSymbol: null })).toBe('Số      -KH/QU');
    expect(numberLine({ ...STATE_PLAN, numberAndSymbol: null })).toBe('Số:      /KH-BQLKKT');
  });

  it('dates as decree 30 writes them: a leading zero for days below 10 and for January and February', () => {
    expect(placeAndDate('Long Biên', '2015-12-29', 2015)).toBe('Long Biên, ngày 29 tháng 12 năm 2015');
    expect(placeAndDate('Kon Tum', '2020-02-07', 2020)).toBe('Kon Tum, ngày 07 tháng 02 năm 2020');
    expect(placeAndDate('Lục Ngạn', '2021-06-03', 2021)).toBe('Lục Ngạn, ngày 03 tháng 6 năm 2021');
    expect(placeAndDate('Long Biên', null, 2026)).toBe('Long Biên, ngày     tháng     năm 2026');
    expect(shortDate('2016-02-04')).toBe('04/02/2016');
    expect([1, 2, 3, 4, 5, 6, 9, 14].map(roman)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'IX', 'XIV']);
  });

  it('the Party heading for Party bodies, the national heading and motto for state bodies', () => {
    expect(planOutline(PARTY_PLAN).headingBlock.map((l) => l.text)).toEqual(['ĐẢNG CỘNG SẢN VIỆT NAM']);
    expect(planOutline(STATE_PLAN).headingBlock.map((l) => l.text)).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(planOutline(PARTY_PLAN).issuerBlock.map((l) => l.text)).toEqual(['THÀNH ỦY HÀ NỘI', 'QUẬN ỦY LONG BIÊN', '*']);
    expect(planOutline(STATE_PLAN).issuerBlock).toEqual([{ text: 'UBND TỈNH KON TUM', size: 13 }, { text: 'BAN QUẢN LÝ KHU KINH TẾ', bold: true, size: 13, ruleBelow: true }]);
    expect(planOutline({ ...PARTY_PLAN, superiorBody: null }).issuerBlock.map((l) => l.text)).toEqual(['QUẬN ỦY LONG BIÊN', '*']);
    const { numberLine: number, dateLine } = planOutline(PARTY_PLAN);
    expect([number.text, dateLine.text, dateLine.italic]).toEqual(['Số 17-KH/QU', 'Long Biên, ngày 29 tháng 12 năm 2015', true]);
  });

  it('numbers only the sections the plan has, and closes the body with ./.', () => {
    const sections = (o: ReturnType<typeof planOutline>) => o.body.filter((b) => b.level === 'section').map((b) => `${b.label} ${b.text}`);
    expect(sections(planOutline(PARTY_PLAN))).toEqual([
      'I. MỤC ĐÍCH, YÊU CẦU', 'II. THỜI GIAN, NỘI DUNG', 'III. HÌNH THỨC THỰC HIỆN', 'IV. TỔ CHỨC THỰC HIỆN', 'V. CHẾ ĐỘ BÁO CÁO',
    ]);
    const bare = planOutline({ ...PARTY_PLAN, phases: [], forms: [], reportDuty: null });
    expect(sections(bare)).toEqual(['I. MỤC ĐÍCH, YÊU CẦU', 'II. TỔ CHỨC THỰC HIỆN']);
    expect(bare.body.at(-1)!.text).toMatch(/[^.]\.\/\.$/);
    expect(sections(planOutline(STATE_PLAN)).at(-1)).toBe('VI. KINH PHÍ');
    // A phase whose title already states its window (as imported ones do) does not repeat it.
    const titled = planOutline({ ...PARTY_PLAN, phases: [{ title: 'Từ ngày 29/12/2015 đến ngày 20/01/2016', startsOn: '2015-12-29', endsOn: '2016-01-20', items: [] }] });
    expect(titled.body.find((b) => b.level === 'item' && b.text.startsWith('Từ'))!.text).toBe('Từ ngày 29/12/2015 đến ngày 20/01/2016');
    expect(planOutline(PARTY_PLAN).body.map((b) => b.text)).toContain('Trước Đại hội (từ ngày 29/12/2015 đến ngày 20/01/2016):');
  });

  it('sub-assignments under their assignment as a), b); an own plan and a due date said once', () => {
    const body = planOutline(PARTY_PLAN).body.map((b) => `${b.label ?? ''} ${b.text}`.trim());
    const ubnd = body.indexOf('2. UBND Quận');
    expect(body.slice(ubnd, ubnd + 7)).toEqual([
      '2. UBND Quận',
      '- Chỉ đạo Phòng VH-TT, Trung tâm văn hóa, Trung tâm TDTT Quận, các đơn vị có liên quan và các Phường.',
      '- Xây dựng kế hoạch cụ thể để triển khai thực hiện kế hoạch này.',
      'a) Phòng Văn hóa và Thông tin quận',
      '- Tuyên truyền, cổ động trực quan tại các tuyến đường phố chính.',
      'b) Trung tâm Văn hóa Thông tin và Thể thao quận',
      '- Tổ chức các hoạt động biểu diễn văn hoá nghệ thuật, thể dục - thể thao.',
    ]);
    expect(body).toContain('- Báo cáo kết quả thực hiện trước ngày 04/02/2016.');
    const owned = planOutline({ ...PARTY_PLAN, assignments: [{ ...PARTY_PLAN.assignments[1], responsibilities: ['Xây dựng kế hoạch thông tin, tuyên truyền.'], subAssignments: [] }] });
    expect(owned.body.filter((b) => /xây dựng kế hoạch/i.test(b.text))).toHaveLength(1);
  });

  it('recipients with their purposes and the archive copy last; a draft is marked', () => {
    expect(planOutline(PARTY_PLAN).recipients.map((l) => l.text)).toEqual([
      'Nơi nhận:', '- Thành ủy Hà Nội (để b/c);', '- Ban Tuyên giáo Thành ủy Hà Nội (để b/c);', '- Chi, Đảng bộ thuộc Quận (để t/h);', '- Lưu.',
    ]);
    expect(planOutline(STATE_PLAN).recipients.at(-1)!.text).toBe('- Lưu: VT.');
    expect(planOutline({ ...STATE_PLAN, recipients: [{ name: 'UBND tỉnh', purpose: 'report' }] }).recipients.at(-1)!.text).toBe('- Lưu.');
    expect(planOutline(PARTY_PLAN).draftMark).toBeNull();
    expect(planOutline({ ...PARTY_PLAN, draft: true }).draftMark).toBe('DỰ THẢO');
  });

  it('the signature block: authority and body, title, then the signer', () => {
    expect(planOutline(PARTY_PLAN).signature).toEqual({
      lines: [{ text: 'T/M BAN THƯỜNG VỤ', bold: true, size: 14 }, { text: 'PHÓ BÍ THƯ THƯỜNG TRỰC', bold: true, size: 14 }],
      signer: { text: 'Nguyễn Huy Thắng', bold: true, size: 14 },
    });
    expect(planOutline({ ...PARTY_PLAN, signature: null }).signature).toBeNull();
  });
});
