import { docxParagraphs, docxText, pdfText, poppler } from '../../../test/support/document-readers.js';
import { PARTY_PLAN, STATE_PLAN } from '../../../test/support/plan-documents.js';
import { renderDocx } from './docx-renderer.js';
import { forgetFontCaches } from './font-cache.js';
import { SECTION_TITLES } from './outline.js';
import { renderPdf, warmUp } from './pdf-renderer.js';
import { WARM_UP_PLAN } from './warm-up.js';

/** What a reader must find on each plan, diacritics and all (NFC, as typed). */
const EXPECTED = {
  party: ['ĐẢNG CỘNG SẢN VIỆT NAM', 'QUẬN ỦY LONG BIÊN', 'Số 17-KH/QU', 'Long Biên, ngày 29 tháng 12 năm 2015', 'KẾ HOẠCH',
    'Kế hoạch số 02-KH/BTGTU, ngày 24/12/2015 của Ban Tuyên giáo Thành ủy Hà Nội', 'I. MỤC ĐÍCH, YÊU CẦU', 'II. THỜI GIAN, NỘI DUNG',
    'III. HÌNH THỨC THỰC HIỆN', 'IV. TỔ CHỨC THỰC HIỆN', 'V. CHẾ ĐỘ BÁO CÁO', 'a) Phòng Văn hóa và Thông tin quận', 'Nơi nhận:',
    'T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'Nguyễn Huy Thắng'],
  state: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'UBND TỈNH KON TUM', 'BAN QUẢN LÝ KHU KINH TẾ', 'Số: 17/KH-BQLKKT',
    'Kon Tum, ngày 07 tháng 02 năm 2020', 'VI. KINH PHÍ', '[2] Mục 1, phần V, Kế hoạch số 189/KH-UBND', '- Lưu: VT.', 'KT. TRƯỞNG BAN', 'Nguyễn Văn Bình'],
};
/** Text as one line: the PDF wraps long lines, a reader does not care where. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('a rendered plan, read back', () => {
  let party: { pdf: Buffer; docx: Buffer };
  let state: { pdf: Buffer; docx: Buffer };
  beforeAll(async () => {
    party = { pdf: await renderPdf(PARTY_PLAN), docx: await renderDocx(PARTY_PLAN) };
    state = { pdf: await renderPdf(STATE_PLAN), docx: await renderDocx(STATE_PLAN) };
  });

  it('pdftotext finds the heading, the number, every section title and the signer, diacritics intact', () => {
    for (const [pdf, expected] of [[party.pdf, EXPECTED.party], [state.pdf, EXPECTED.state]] as const) {
      const text = pdfText(pdf);
      expect(text).toBe(text.normalize('NFC'));
      for (const phrase of expected) expect(flat(text)).toContain(phrase);
    }
    for (const title of Object.values(SECTION_TITLES)) expect(flat(pdfText(state.pdf))).toContain(title);
    expect(pdfText(party.pdf)).not.toContain('DỰ THẢO');
  });

  it('embeds Liberation Serif (regular, bold, italic) in the PDF and uses no other font', () => {
    const fonts = poppler('pdffonts', party.pdf).split('\n').slice(2).filter(Boolean);
    const names = fonts.map((line) => line.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, ''));
    expect(new Set(names)).toEqual(new Set(['LiberationSerif', 'LiberationSerif-Bold', 'LiberationSerif-Italic', 'LiberationSerif-BoldItalic']));
    for (const line of fonts) expect(line).toMatch(/ yes +yes +yes /); // embedded, subset, with a Unicode map
    expect(poppler('pdfinfo', party.pdf)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('the DOCX says the same: its document.xml holds every phrase, paragraph by paragraph', () => {
    for (const [docx, expected] of [[party.docx, EXPECTED.party], [state.docx, EXPECTED.state]] as const) {
      const text = flat(docxText(docx));
      for (const phrase of expected) expect(text).toContain(phrase);
    }
    const paragraphs = docxParagraphs(party.docx);
    expect(paragraphs).toContain('IV. TỔ CHỨC THỰC HIỆN');
    expect(paragraphs).toContain('- Lưu.');
    expect(paragraphs.at(-1)).toBe('Nguyễn Huy Thắng');
  });

  it('a draft carries a visible DỰ THẢO mark, the number and day left blank, and no signature', async () => {
    const draft = { ...STATE_PLAN, draft: true, numberAndSymbol: null, issuedOn: null, signature: null };
    const text = flat(pdfText(await renderPdf(draft)));
    expect(text).toContain('DỰ THẢO');
    expect(text).toContain('Số: /KH-BQLKKT');
    expect(text).toContain('Kon Tum, ngày tháng năm 2020');
    expect(text).not.toContain('Nguyễn Văn Bình');
    const docx = await renderDocx(draft);
    expect(docxParagraphs(docx, 'word/header1.xml').concat(docxParagraphs(docx, 'word/header2.xml'))).toContain('DỰ THẢO');
    expect(flat(docxText(await renderDocx(PARTY_PLAN)))).not.toContain('DỰ THẢO');
  });

  it('a PDF does not depend on what was rendered before it: fonts are parsed once, glyphs are looked up per document', async () => {
    const createdAt = new Date('2020-02-07T03:00:00Z');
    const first = await renderPdf(STATE_PLAN, { createdAt });
    await renderPdf(PARTY_PLAN, { createdAt });
    const again = await renderPdf(STATE_PLAN, { createdAt });
    expect(again.equals(first)).toBe(true);
    for (const phrase of EXPECTED.state) expect(flat(pdfText(again))).toContain(phrase);
  });

  it("a render thread's warm-up renders its sample plan, drafts included, and changes no later document", async () => {
    const createdAt = new Date('2020-02-07T03:00:00Z');
    forgetFontCaches();
    const cold = await renderPdf(STATE_PLAN, { createdAt });
    forgetFontCaches();
    await (await warmUp(3)).rest;
    expect((await renderPdf(STATE_PLAN, { createdAt })).equals(cold)).toBe(true);
    expect(flat(pdfText(await renderPdf(WARM_UP_PLAN)))).toContain('Nguyễn Văn An');
  });

  it('two documents rendered one after the other read back each as itself: the shared runs and glyphs leak nothing between them', async () => {
    const createdAt = new Date('2020-02-07T03:00:00Z');
    // Each rendered first in a thread that has seen nothing, then each after the other.
    forgetFontCaches();
    const stateAlone = await renderPdf(STATE_PLAN, { createdAt });
    forgetFontCaches();
    const partyAlone = await renderPdf(PARTY_PLAN, { createdAt });
    const stateAfter = await renderPdf(STATE_PLAN, { createdAt });
    const partyAfter = await renderPdf(PARTY_PLAN, { createdAt });
    expect(stateAfter.equals(stateAlone)).toBe(true);
    expect(partyAfter.equals(partyAlone)).toBe(true);
    const stateText = flat(pdfText(stateAfter));
    const partyText = flat(pdfText(partyAfter));
    for (const phrase of EXPECTED.state) expect(stateText).toContain(phrase);
    for (const phrase of EXPECTED.party) expect(partyText).toContain(phrase);
    expect(stateText).not.toContain('Nguyễn Huy Thắng');
    expect(partyText).not.toContain('Nguyễn Văn Bình');
    // Every character of the text extracts as itself: no glyph maps to another document's code points.
    expect(stateText).toBe(stateText.normalize('NFC'));
    expect(partyText).toBe(partyText.normalize('NFC'));
    expect(stateText).not.toContain('\ufffd');
    expect(partyText).not.toContain('\ufffd');
  });
});
