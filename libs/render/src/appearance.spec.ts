import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePng, sealPng, signaturePng } from '../../../test/support/appearance-images.js';
import { pdfText } from '../../../test/support/document-readers.js';
import { PARTY_PLAN } from '../../../test/support/plan-documents.js';
import { renderPdf } from './pdf-renderer.js';

/** pdfimages -list: one line per image drawn, with its size and colour (poppler, not ours). */
function imagesOf(pdf: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pc-img-'));
  writeFileSync(join(dir, 'd.pdf'), pdf);
  if (process.env.KEEP_APPEARANCE) execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '2', join(dir, 'd.pdf'), join(dir, 'page')]);
  return execFileSync('pdfimages', ['-list', join(dir, 'd.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
}

describe('the signature block with a seal and a signature image (Decree 30/2020, Appendix I)', () => {
  it('draws both images (with their transparency) and keeps the text of the block where it was', async () => {
    const plain = await renderPdf(PARTY_PLAN);
    const withImages = await renderPdf({ ...PARTY_PLAN, signature: { ...PARTY_PLAN.signature!, seal: { png: sealPng().toString('base64'), widthMm: 36 }, signatureImage: { png: signaturePng().toString('base64'), widthMm: 40 } } });
    expect(imagesOf(plain)).toEqual([]);
    const images = imagesOf(withImages);
    // Each PNG with alpha becomes an image and its soft mask.
    expect(images.filter((l) => /\bimage\b/.test(l)).map((l) => l.trim().split(/\s+/).slice(3, 5).join('x'))).toEqual(expect.arrayContaining(['236x90', '212x212']));
    expect(images.filter((l) => /\bsmask\b/.test(l))).toHaveLength(2);
    expect(pdfText(withImages)).toBe(pdfText(plain));
  });

  it('decodes each PNG once per thread, yet every document embeds its own images, the same bytes each time', async () => {
    const createdAt = new Date('2020-02-07T03:00:00Z');
    const seal = { png: sealPng().toString('base64'), widthMm: 36 };
    // Another image of another size: each document gets the one its model names.
    const square = { png: makePng(50, 30, (x) => [x * 5, 0, 0, 255]).toString('base64'), widthMm: 30 };
    const withSeal = { ...PARTY_PLAN, signature: { ...PARTY_PLAN.signature!, seal } };
    const withSquare = { ...PARTY_PLAN, signature: { ...PARTY_PLAN.signature!, seal: square } };
    const first = await renderPdf(withSeal, { createdAt });
    const other = await renderPdf(withSquare, { createdAt });
    const again = await renderPdf(withSeal, { createdAt });
    expect(again.equals(first)).toBe(true);
    const sizes = (pdf: Buffer) => imagesOf(pdf).map((l) => l.trim().split(/\s+/).slice(2, 5).join(' '));
    expect(sizes(first)).toEqual(['image 212 212', 'smask 212 212']);
    expect(sizes(other)).toEqual(['image 50 30', 'smask 50 30']);
    expect(pdfText(other)).toBe(pdfText(first));
  });
});
