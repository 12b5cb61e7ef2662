import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfText, poppler } from '../../../test/support/document-readers.js';
import { qpdfCheck } from '../../../test/support/signing-tools.js';
import { PARTY_PLAN, STATE_PLAN } from '../../../test/support/plan-documents.js';
import { documentTitle, fillNumber, renderPdf, renderPdfForNumber } from './pdf-renderer.js';
import type { PlanDocument } from './plan-document.js';

/**
 * ISSUE renders the plan before it takes its number (renderPdfForNumber) and writes the number
 * in while its issuer's counter is locked (fillNumber): what is printed must be what rendering the
 * numbered plan prints.
 */
const createdAt = new Date('2015-12-29T02:30:00Z');

/** Page `page` at 100 dpi, as gray pixels. */
function raster(pdf: Buffer, page = 1): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'pc-slot-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-gray', '-r', '100', '-f', String(page), '-l', String(page), join(dir, 'in.pdf'), join(dir, 'out')]);
    return readFileSync(join(dir, `out-${page}.pgm`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const unnumbered = (doc: PlanDocument): PlanDocument => ({ ...doc, numberAndSymbol: null });

describe('the number written into a plan rendered without it', () => {
  it.each([
    ['party', PARTY_PLAN, ['17-KH/QU', '1-KH/QU', '123456789-KH/QU']],
    ['state', STATE_PLAN, ['17/KH-BQLKKT', '8/KH-BQLKKT', '2048/KH-BQLKKT']],
  ] as const)('%s style: the same text and the same pages as the numbered plan rendered whole', async (_style, plan, numbers) => {
    const { pdf, slot } = await renderPdfForNumber(unnumbered(plan), { createdAt });
    for (const numberAndSymbol of numbers) {
      const whole = await renderPdf({ ...plan, numberAndSymbol }, { createdAt });
      const filled = fillNumber(pdf, slot, numberAndSymbol)!;
      expect(filled).toBeDefined();
      expect(filled.length).toBe(pdf.length);
      expect(pdfText(filled)).toBe(pdfText(whole));
      expect(raster(filled).equals(raster(whole))).toBe(true);
      expect(raster(filled, 2).equals(raster(whole, 2))).toBe(true);
      expect(qpdfCheck(filled)).toMatchObject({ status: 0 });
    }
    // Only the slot's bytes differ: everything else was rendered once.
    const a = fillNumber(pdf, slot, numbers[0])!;
    const b = fillNumber(pdf, slot, numbers[1])!;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) expect(i >= slot.offset && i < slot.offset + slot.length).toBe(true);
  });

  it('before the number is written in, the line prints without it and the file is whole', async () => {
    const { pdf } = await renderPdfForNumber(unnumbered(PARTY_PLAN), { createdAt });
    expect(qpdfCheck(pdf)).toMatchObject({ status: 0 });
    const text = pdfText(pdf);
    expect(text).not.toContain('Số');
    expect(text).toContain('Long Biên, ngày 29 tháng 12 năm 2015');
    // Its title has no number yet either: the signature's update gives /Info the numbered title.
    expect(poppler('pdfinfo', pdf)).toMatch(new RegExp(`^Title:\\s+${documentTitle(unnumbered(PARTY_PLAN))}$`, 'm'));
  });

  it('refuses what the slot cannot take: another symbol, no number, too many digits, a filled slot', async () => {
    const { pdf, slot } = await renderPdfForNumber(unnumbered(PARTY_PLAN), { createdAt });
    expect(fillNumber(pdf, slot, '17-KH/BTGTU')).toBeUndefined();
    expect(fillNumber(pdf, slot, '-KH/QU')).toBeUndefined();
    expect(fillNumber(pdf, slot, '1234567890-KH/QU')).toBeUndefined();
    expect(fillNumber(pdf, slot, '1a-KH/QU')).toBeUndefined();
    expect(fillNumber(fillNumber(pdf, slot, '17-KH/QU')!, slot, '18-KH/QU')).toBeUndefined();
  });

  it('is only for an issued plan not numbered yet', async () => {
    await expect(renderPdfForNumber(PARTY_PLAN, { createdAt })).rejects.toThrow(/without its number/);
    await expect(renderPdfForNumber({ ...unnumbered(PARTY_PLAN), draft: true }, { createdAt })).rejects.toThrow(/without its number/);
  });
});
