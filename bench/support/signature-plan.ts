import type { PlanDocument } from '@app/render';

/** A seed-sized plan for the signature bench: Long Biên's 17-KH/QU as test/support/plan-documents.ts has it (the bench build does not include test/). */
export const BENCH_PLAN: PlanDocument = {
  style: 'party',
  draft: false,
  superiorBody: 'Thành ủy Hà Nội',
  issuingBody: 'Quận ủy Long Biên',
  issuerName: 'Ban Thường vụ Quận ủy Long Biên',
  typeCode: 'KH',
  typeName: 'Kế hoạch',
  issuerShortName: 'QU',
  numberAndSymbol: '17-KH/QU',
  place: 'Long Biên',
  issuedOn: '2015-12-29',
  year: 2015,
  title: 'Triển khai công tác thông tin, tuyên truyền phục vụ Đại hội đại biểu toàn quốc lần thứ XII của Đảng',
  basis: [{ typeName: 'Kế hoạch', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy Hà Nội', title: 'triển khai công tác thông tin, tuyên truyền phục vụ Đại hội đại biểu toàn quốc lần thứ XII của Đảng' }],
  purposes: [
    'Tuyên truyền sâu rộng để cán bộ, đảng viên, nhân dân nhận thức sâu sắc về ý nghĩa, tầm quan trọng của Đại hội và những quan điểm, chủ trương, định hướng lớn nêu tại các văn kiện trình Đại hội đại biểu toàn quốc lần thứ XII của Đảng.',
    'Thông qua các hoạt động thông tin, tuyên truyền, cổ động chào mừng Đại hội góp phần củng cố, bồi đắp niềm tin của nhân dân đối với Đảng, với chế độ.',
  ],
  phases: [
    {
      title: 'Trước Đại hội',
      startsOn: '2015-12-29',
      endsOn: '2016-01-20',
      items: ['Tuyên truyền về Nghị quyết, các Chương trình công tác toàn khóa của BCH Đảng bộ quận Long Biên khóa III.', 'Sự ra đời và trưởng thành của Đảng Cộng sản Việt Nam qua các kỳ Đại hội.'],
    },
    { title: 'Trong thời gian diễn ra Đại hội', startsOn: '2016-01-20', endsOn: '2016-01-28', items: ['Đưa tin đậm nét về diễn biến và kết quả Đại hội.'] },
    { title: 'Sau Đại hội', windowText: 'sau khi bế mạc Đại hội', items: ['Tuyên truyền kết quả Đại hội, Nghị quyết Đại hội XII của Đảng.'] },
  ],
  forms: [
    { title: 'Tuyên truyền trên báo chí, trang thông tin điện tử', items: ['Cổng thông tin điện tử quận Long Biên; Đài truyền thanh 14 phường.'] },
    { title: 'Tuyên truyền cổ động trực quan', items: ['Băng rôn, khẩu hiệu, pa nô, áp phích tại các tuyến đường phố chính.'] },
  ],
  assignments: [
    { assignee: 'Ban Tuyên giáo Quận ủy', responsibilities: ['Chủ trì, hướng dẫn, kiểm tra, đôn đốc việc thực hiện kế hoạch; tổng hợp kết quả báo cáo Ban Thường vụ Quận ủy.'], requiresOwnPlan: false, subAssignments: [] },
    {
      assignee: 'UBND Quận',
      responsibilities: ['Chỉ đạo Phòng VH-TT, Trung tâm văn hóa, Trung tâm TDTT Quận, các đơn vị có liên quan và các Phường.'],
      requiresOwnPlan: true,
      subAssignments: [
        { assignee: 'Phòng Văn hóa và Thông tin quận', responsibilities: ['Tuyên truyền, cổ động trực quan tại các tuyến đường phố chính.'], requiresOwnPlan: false, subAssignments: [] },
        { assignee: 'Trung tâm Văn hóa Thông tin và Thể thao quận', responsibilities: ['Tổ chức các hoạt động biểu diễn văn hoá nghệ thuật, thể dục - thể thao.'], requiresOwnPlan: false, subAssignments: [] },
      ],
    },
    { assignee: 'Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội', responsibilities: ['Chỉ đạo các đơn vị cơ sở trong hệ thống triển khai công tác thông tin, tuyên truyền.'], requiresOwnPlan: false, subAssignments: [] },
    { assignee: 'Các tổ chức cơ sở Đảng thuộc Quận', responsibilities: ['Căn cứ nội dung kế hoạch, xây dựng và tổ chức thực hiện có hiệu quả công tác thông tin, tuyên truyền.'], requiresOwnPlan: true, dueOn: '2016-02-04', subAssignments: [] },
  ],
  reportDuty: { collector: 'Ban Tuyên giáo Quận ủy', dueOn: '2016-02-04', periodic: false },
  budget: null,
  footnotes: [],
  recipients: [
    { name: 'Thành ủy Hà Nội', purpose: 'report' },
    { name: 'Ban Tuyên giáo Thành ủy Hà Nội', purpose: 'report' },
    { name: 'Chi, Đảng bộ thuộc Quận', purpose: 'implement' },
    { name: 'Lưu', purpose: 'archive' },
  ],
  signature: { authority: 'T/M', onBehalfOf: 'Ban Thường vụ', signerTitle: 'Phó Bí thư Thường trực', signerName: 'Nguyễn Huy Thắng' },
};

