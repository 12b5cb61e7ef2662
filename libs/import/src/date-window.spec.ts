import { findWindow, parseWindow } from './date-window.js';

describe('parseWindow: Vietnamese time windows', () => {
  it.each([
    ['từ cuối tháng 12/2015 đến ngày 4/02/2016', { startsOn: '2015-12-21', endsOn: '2016-02-04', event: false }],
    ['Từ tháng 11/2019 - tháng 8/2020', { startsOn: '2019-11-01', endsOn: '2020-08-31', event: false }],
    ['năm 2022 và các năm tiếp theo', { startsOn: '2022-01-01', event: true }],
    ['hoàn thành trước ngày 7/01/2016', { endsOn: '2016-01-07', event: false }],
    ['từ ngày 7/01/2016 đến khi bế mạc Đại hội (28/01/2016)', { startsOn: '2016-01-07', endsOn: '2016-01-28', event: true }],
    ['Từ cuối tháng 12/2015 đến thời điểm diễn ra Đại hội đại biểu toàn quốc lần thứ XII của Đảng (ngày 20/01/2016)', { startsOn: '2015-12-21', endsOn: '2016-01-20', event: true }],
    ['Trong thời gian diễn ra Đại hội XII của Đảng (từ ngày 20/01 đến ngày 28/01/2016)', { startsOn: '2016-01-20', endsOn: '2016-01-28', event: true }],
    ['Ngay sau Đại hội đại biểu toàn quốc lần thứ XII của Đảng', { event: true }],
    ['trước và trong ngày bầu cử đại biểu Quốc hội khóa XV và đại biểu Hội đồng nhân các cấp nhiệm kỳ 2021 - 2026', { event: true }],
    ['từ sau ngày bầu cử đại biểu Quốc hội khóa XV và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026 đến hết năm 2021', { endsOn: '2021-12-31', event: true }],
    ['từ nay đến hết năm 2024', { endsOn: '2024-12-31', event: true }],
    ['từ năm 2025 đến Đại hội XIV của Đảng', { startsOn: '2025-01-01', event: true }],
    ['năm 2022', { startsOn: '2022-01-01', endsOn: '2022-12-31', event: false }],
    ['ngày 29 tháng 12 năm 2015', { startsOn: '2015-12-29', endsOn: '2015-12-29', event: false }],
    ['trước ngày 04/02/2016', { endsOn: '2016-02-04', event: false }],
    ['TỪ  THÁNG 11 / 2019 – THÁNG 8/2020', { startsOn: '2019-11-01', endsOn: '2020-08-31', event: false }],
    ['tu cuoi thang 12/2015 den ngay 4/02/2016', { startsOn: '2015-12-21', endsOn: '2016-02-04', event: false }],
  ])('%s', (phrase, expected) => {
    expect(parseWindow(phrase)).toEqual(expected);
  });

  it('reads "từ nay" as the issue date when it is known', () => {
    expect(parseWindow('từ nay đến hết năm 2024', { issuedOn: '2024-10-20' })).toEqual({ startsOn: '2024-10-20', endsOn: '2024-12-31', event: false });
  });

  it('gives a month without a year the reference year', () => {
    expect(parseWindow('Trong thời gian diễn ra Đại hội XVI Đảng bộ tỉnh (Cao điểm tập trung từ tháng 8 đến sau Đại hội XVI Đảng bộ tỉnh)', { referenceYear: 2020 }))
      .toEqual({ startsOn: '2020-08-01', event: true });
  });

  it('refuses impossible dates and reversed windows as dates', () => {
    expect(parseWindow('ngày 31/02/2016')).toEqual({ event: true });
    expect(parseWindow('từ ngày 5/03/2016 đến ngày 1/03/2016')).toEqual({ event: true });
  });
});

describe('findWindow: the window phrase inside a heading', () => {
  it.each([
    ['Từ cuối tháng 12/2015 đến thời điểm diễn ra Đại hội đại biểu toàn quốc lần thứ XII của Đảng (ngày 20/01/2016), công tác thông tin, tuyên truyền tập trung các nội dung sau:',
      'Từ cuối tháng 12/2015 đến thời điểm diễn ra Đại hội đại biểu toàn quốc lần thứ XII của Đảng (ngày 20/01/2016)'],
    ['Trong thời gian diễn ra Đại hội XII của Đảng (từ ngày 20/01 đến ngày 28/01/2016); tập trung tuyên truyền về:', 'Trong thời gian diễn ra Đại hội XII của Đảng (từ ngày 20/01 đến ngày 28/01/2016)'],
    ['Ngay sau Đại hội đại biểu toàn quốc lần thứ XII của Đảng, công tác thông tin, tuyên truyền tập trung vào các nội dung sau:', 'Ngay sau Đại hội đại biểu toàn quốc lần thứ XII của Đảng'],
    ['Tuyên truyền năm 2022 và các năm tiếp theo', 'năm 2022 và các năm tiếp theo'],
    ['Giai đoạn từ nay đến hết năm 2024, tập trung tuyên truyền nội dung:', 'từ nay đến hết năm 2024'],
    ['Giai đoạn từ nay đến Đại hội lần thứ II Đảng bộ Khối cơ quan và doanh nghiệp tỉnh, Đại hội XXI Đảng bộ tỉnh, tập trung tuyên truyền các nội dung:',
      'từ nay đến Đại hội lần thứ II Đảng bộ Khối cơ quan và doanh nghiệp tỉnh, Đại hội XXI Đảng bộ tỉnh'],
    ['Tuyên truyền trong thời gian diễn ra đại hội đảng bộ cấp cơ sở, cấp huyện và tương đương, chào mừng Đại hội Đảng bộ tỉnh Kon Tum lần thứ XVI (Từ tháng 11/2019 - tháng 8/2020):',
      'trong thời gian diễn ra đại hội đảng bộ cấp cơ sở, cấp huyện và tương đương, chào mừng Đại hội Đảng bộ tỉnh Kon Tum lần thứ XVI (Từ tháng 11/2019 - tháng 8/2020)'],
    ['Tuyên truyền sau Đại hội XVI Đảng bộ tỉnh đến Đại hội XIII của Đảng:', 'sau Đại hội XVI Đảng bộ tỉnh đến Đại hội XIII của Đảng'],
  ])('%s', (heading, phrase) => {
    expect(findWindow(heading)).toBe(phrase);
  });

  it('finds none in a heading without one', () => {
    expect(findWindow('Tuyên truyền miệng')).toBeUndefined();
  });
});
