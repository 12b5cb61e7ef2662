import fc from 'fast-check';
import { addIndicators, rollUp, type ChildNarrative } from './roll-up.js';

const child = (unitName: string, results: string | null, more: Partial<ChildNarrative> = {}): ChildNarrative => ({
  unitName, results, limitations: null, lessons: null, recommendations: null, ...more,
});

describe('addIndicators', () => {
  it('adds code by code, a missing code counting as 0', () => {
    expect(addIndicators({ attendees: 100, news_articles: 2 }, { attendees: 50, radio_broadcasts: 4 }, {})).toEqual({
      attendees: 150, news_articles: 2, radio_broadcasts: 4,
    });
    expect(addIndicators()).toEqual({});
  });

  const values = fc.dictionary(fc.constantFrom('attendees', 'news_articles', 'social_posts', 'publications'), fc.integer({ min: 0, max: 1_000_000 }));

  it('is commutative and associative, with {} as identity, and sums every code', () => {
    fc.assert(
      fc.property(values, values, values, (a, b, c) => {
        expect(addIndicators(a, b)).toEqual(addIndicators(b, a));
        expect(addIndicators(addIndicators(a, b), c)).toEqual(addIndicators(a, addIndicators(b, c)));
        expect(addIndicators(a, {})).toEqual(a);
        for (const code of new Set([...Object.keys(a), ...Object.keys(b)])) expect(addIndicators(a, b)[code]).toBe((a[code] ?? 0) + (b[code] ?? 0));
      }),
    );
  });
});

describe('rollUp', () => {
  it('lists each child\'s text under one heading after the unit\'s own, and adds its own indicators on top of the sums', () => {
    const report = rollUp(
      [child('Đảng ủy phường Bồ Đề', 'Tổ chức 2 hội nghị.'), child('Đảng ủy phường Cự Khối', ' Treo 40 băng rôn. ', { lessons: 'Phối hợp sớm.' })],
      { speaker_conferences: 2, banners_posters: 40 },
      { results: 'Quận tổ chức hội nghị quán triệt.', indicators: { speaker_conferences: 1, news_articles: 5 } },
    );
    expect(report).toEqual({
      results:
        'Quận tổ chức hội nghị quán triệt.\n\nTổng hợp từ báo cáo của các đơn vị:\n- Đảng ủy phường Bồ Đề: Tổ chức 2 hội nghị.\n- Đảng ủy phường Cự Khối: Treo 40 băng rôn.',
      limitations: null,
      lessons: 'Tổng hợp từ báo cáo của các đơn vị:\n- Đảng ủy phường Cự Khối: Phối hợp sớm.',
      recommendations: null,
      indicators: { speaker_conferences: 3, banners_posters: 40, news_articles: 5 },
    });
  });

  it('leaves a section null when nobody wrote it, and the sums alone when the unit adds nothing', () => {
    expect(rollUp([], {}, {})).toEqual({ results: null, limitations: null, lessons: null, recommendations: null, indicators: {} });
    expect(rollUp([child('A', '  ')], { attendees: 7 }, { results: ' ' })).toMatchObject({ results: null, indicators: { attendees: 7 } });
  });

  it('names every child that wrote results, in order, and never loses an indicator', () => {
    const names = fc.uniqueArray(fc.stringMatching(/^[A-Z][a-z]{1,8}$/), { maxLength: 8 });
    fc.assert(
      fc.property(names, fc.dictionary(fc.constantFrom('attendees', 'social_posts'), fc.nat(10_000)), (unitNames, own) => {
        const report = rollUp(unitNames.map((n) => child(n, `kết quả ${n}`)), { attendees: 1 }, { indicators: own });
        const lines = report.results?.split('\n').filter((l) => l.startsWith('- ')) ?? [];
        expect(lines).toEqual(unitNames.map((n) => `- ${n}: kết quả ${n}`));
        expect(report.indicators.attendees).toBe(1 + (own.attendees ?? 0));
      }),
    );
  });
});
