import type { PlanDocument } from './plan-document.js';

/**
 * What a render thread renders once when it starts, before any request: the fonts get parsed
 * and fontkit builds its layout tables (GSUB, GPOS, kern), and the thread's shaped-run cache
 * gets the common words, all off the request path. The first render of a cold thread costs
 * ~10× a later one, and ISSUE is rare: without this, most real ISSUEs would pay it.
 * Every style the layout uses appears (regular, bold, italic, both).
 */
export const WARM_UP_PLAN: PlanDocument = {
  style: 'state',
  draft: false,
  superiorBody: 'Ủy ban nhân dân tỉnh',
  issuingBody: 'Sở Văn hóa, Thể thao và Du lịch',
  issuerName: 'Sở Văn hóa, Thể thao và Du lịch',
  typeCode: 'KH',
  typeName: 'Kế hoạch',
  issuerShortName: 'SVHTTDL',
  numberAndSymbol: '01/KH-SVHTTDL',
  place: 'Hà Nội',
  issuedOn: '2020-01-02',
  year: 2020,
  title: 'Triển khai thực hiện nhiệm vụ trọng tâm năm của cơ quan, đơn vị',
  basis: [{ typeName: 'Kế hoạch', numberAndSymbol: '02-KH/TU', issuedOn: '2019-12-24', issuer: 'Ban Thường vụ Tỉnh ủy', title: 'về việc tổ chức thực hiện' }],
  purposes: ['Tuyên truyền sâu rộng để cán bộ, đảng viên và nhân dân nhận thức đầy đủ về ý nghĩa, tầm quan trọng của nhiệm vụ; bảo đảm thiết thực, hiệu quả.'],
  phases: [{ title: 'Giai đoạn thực hiện', startsOn: '2020-01-02', endsOn: '2020-12-31', items: ['Đôn đốc, kiểm tra, hướng dẫn các phòng, ban, đơn vị trực thuộc xây dựng kế hoạch.'] }],
  forms: [{ title: 'Hình thức tuyên truyền', items: ['Trên báo chí, Cổng thông tin điện tử; băng rôn, khẩu hiệu, pa nô, áp phích.'] }],
  assignments: [
    {
      assignee: 'Văn phòng Sở',
      responsibilities: ['Chủ trì, phối hợp với các phòng, ban liên quan tổng hợp kết quả, báo cáo Giám đốc Sở.'],
      requiresOwnPlan: true,
      dueOn: '2020-06-30',
      subAssignments: [{ assignee: 'Phòng Kế hoạch - Tài chính', responsibilities: ['Bảo đảm kinh phí thực hiện.'], requiresOwnPlan: false, subAssignments: [] }],
    },
  ],
  reportDuty: { collector: 'Văn phòng Sở', dueOn: '2020-12-15', periodic: true },
  budget: { text: 'Từ nguồn ngân sách nhà nước được giao trong dự toán năm và các nguồn hợp pháp khác.' },
  footnotes: ['Mục 1, phần V, Kế hoạch số 189/KH-UBND.'],
  recipients: [
    { name: 'Ủy ban nhân dân tỉnh', purpose: 'report' },
    { name: 'Các phòng, ban, đơn vị', purpose: 'implement' },
    { name: 'Lưu: VT', purpose: 'archive' },
  ],
  signature: { authority: 'KT.', onBehalfOf: 'GIÁM ĐỐC', signerTitle: 'PHÓ GIÁM ĐỐC', signerName: 'Nguyễn Văn An' },
};
