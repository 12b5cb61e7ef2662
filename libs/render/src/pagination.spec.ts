import { poppler } from '../../../test/support/document-readers.js';
import { PARTY_PLAN, STATE_PLAN } from '../../../test/support/plan-documents.js';
import { planOutline } from './outline.js';
import { renderPdf } from './pdf-renderer.js';
import type { PlanDocument } from './plan-document.js';

const pages = (pdf: Buffer) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))![1]);
const pageLines = (pdf: Buffer, page: number) =>
  poppler('pdftotext', pdf, ['-f', String(page), '-l', String(page)])
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Plans whose body grows an item at a time, so that every heading comes to a page's foot in turn. */
function growing(base: PlanDocument): PlanDocument[] {
  const item = 'Tuyên truyền sâu rộng để cán bộ, đảng viên và nhân dân nhận thức đầy đủ về ý nghĩa của nhiệm vụ.';
  return Array.from({ length: 16 }, (_, n) => ({ ...base, purposes: [...base.purposes, ...Array.from({ length: n }, () => item)] }));
}

describe('the pages of a rendered plan', () => {
  const plans = [...growing(STATE_PLAN), ...growing(PARTY_PLAN)];
  let rendered: { doc: PlanDocument; pdf: Buffer }[];
  beforeAll(async () => {
    rendered = [];
    for (const doc of plans) rendered.push({ doc, pdf: await renderPdf(doc, { createdAt: new Date('2020-02-07T03:00:00Z') }) });
  });

  it('never leaves a heading last on a page: it goes to the next with what follows it', () => {
    for (const { doc, pdf } of rendered) {
      const headings = planOutline(doc)
        .body.filter((b) => b.level === 'section' || (b.bold === true && b.level !== 'paragraph'))
        .map((b) => `${b.label} ${b.text}`);
      for (let page = 1; page < pages(pdf); page++) {
        const last = pageLines(pdf, page).at(-1)!;
        expect(headings.filter((h) => h.endsWith(last))).toEqual([]);
      }
    }
  });

  it('keeps the footnotes together, and the recipients with the signature block, each on one page', () => {
    for (const { doc, pdf } of rendered) {
      const count = pages(pdf);
      const on = (phrase: string) => Array.from({ length: count }, (_, i) => i + 1).filter((p) => pageLines(pdf, p).join(' ').includes(phrase));
      const recipients = on('Nơi nhận:');
      expect(recipients).toHaveLength(1);
      expect(on(doc.signature!.signerName)).toEqual(recipients);
      if (doc.footnotes.length) {
        const first = on('[1] ');
        expect(first).toHaveLength(1);
        expect(on(`[${doc.footnotes.length}] `)).toEqual(first);
      }
    }
  });

  it('numbers the pages from the second, centred in the top margin', () => {
    const { pdf } = rendered.at(-1)!;
    const count = pages(pdf);
    expect(count).toBeGreaterThan(2);
    expect(pageLines(pdf, 1)[0]).not.toMatch(/^\d+$/);
    for (let page = 2; page <= count; page++) expect(pageLines(pdf, page)[0]).toBe(String(page));
  });
});
