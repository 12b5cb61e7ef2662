import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePng, sealPng } from '../../../test/support/appearance-images.js';
import { readPng } from './png.js';

describe('readPng', () => {
  it('reads size, resolution and transparency of PNGs we made', () => {
    expect(readPng(sealPng())).toEqual({ widthPx: 212, heightPx: 212, transparent: true, pixelsPerMetre: 5906 });
    expect(readPng(makePng(40, 30, () => [0, 0, 255, 255]))).toEqual({ widthPx: 40, heightPx: 30, transparent: false, pixelsPerMetre: null });
    expect(readPng(Buffer.from('GIF89a'))).toBeNull();
  });

  it('agrees with a PNG that another encoder wrote (pdftoppm, from a PDF page: opaque RGB)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-png-'));
    const pdf = join(dir, 'p.pdf');
    execFileSync('sh', ['-c', `printf '%%PDF-1.4\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 36]>>endobj\\ntrailer<</Root 1 0 R>>\\n%%%%EOF\\n' > ${pdf}`]);
    execFileSync('pdftoppm', ['-png', '-r', '72', pdf, join(dir, 'page')]);
    const png = readPng(readFileSync(join(dir, 'page-1.png')));
    expect(png).toMatchObject({ widthPx: 72, heightPx: 36, transparent: false });
  });
});
