import { renderPdf } from '@app/render';
import { STATE_PLAN } from '../../../test/support/plan-documents.js';
import { pdfsig, qpdfCheck, qpdfJson, qpdfRewrite, TEST_P12_PASSWORD, testSigningKeys } from '../../../test/support/signing-tools.js';
import { SigningKeys } from './keys.js';
import { signPdf, UnsupportedPdfError } from './pades.js';
import type { Signer } from './signer.js';

const AT = new Date('2026-12-07T02:30:00Z');
const UNIT = { id: '00000000-0000-4000-8000-000000000001', name: 'Ban Thường vụ Quận ủy Long Biên' };

/** A PDF written by hand: the objects given (number → body), a classic xref table, a trailer. */
function handMade(objects: Record<number, string>, trailer = '/Root 1 0 R'): Buffer {
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const size = Math.max(...Object.keys(objects).map(Number)) + 1;
  const offsets: number[] = [];
  for (let n = 1; n < size; n++) {
    if (objects[n] === undefined) continue;
    offsets[n] = Buffer.byteLength(out, 'latin1');
    out += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) out += offsets[n] === undefined ? '0000000000 00001 f \n' : `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${size} ${trailer} /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** An incremental update of `pdf` by hand: the objects given again (or new), a section with /Prev. */
function handUpdate(pdf: Buffer, objects: Record<number, string>, size: number): Buffer {
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.toString('latin1'))![1];
  let out = '';
  let xref = 'xref\n';
  for (const [n, body] of Object.entries(objects)) {
    xref += `${n} 1\n${String(pdf.length + Buffer.byteLength(out, 'latin1')).padStart(10, '0')} 00000 n \n`;
    out += `${n} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = pdf.length + Buffer.byteLength(out, 'latin1');
  out += `${xref}trailer\n<< /Size ${size} /Root 1 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(out, 'latin1')]);
}

const CONTENT = '<< /Length 5 >>\nstream\nBT ET\nendstream';
const LINK = '<< /Type /Annot /Subtype /Link /Rect [10 10 50 50] /Border [0 0 0] /A << /S /URI /URI (https://example.org/\\(a\\)) >> >>';

/** The value of object `n` as qpdf reads it (strings decoded: "u:…"). */
function qpdfObject(pdf: Buffer, n: number): Record<string, unknown> {
  const objects = (qpdfJson(pdf, '--json-key=qpdf', `--json-object=${n}`).qpdf as Record<string, { value: Record<string, unknown> }>[])[1];
  return objects[`obj:${n} 0 R`].value;
}

describe('the incremental update, on PDFs of other shapes than pdfkit writes, checked by qpdf and pdfsig', () => {
  let signer: Signer;

  beforeAll(async () => {
    const test = await testSigningKeys();
    const keys = await SigningKeys.load({ p12Path: test.env.SIGNING_P12, p12Password: TEST_P12_PASSWORD, trustAnchorFiles: [] });
    signer = (await keys.signerFor(UNIT))!;
  });

  /** Signs, and holds the result to the tools: prefix kept, valid and whole for pdfsig, clean for qpdf, the field on page 1. */
  async function signedAndChecked(pdf: Buffer): Promise<Buffer> {
    const signed = await signPdf(pdf, signer, { signingTime: AT, reason: 'Ban hành (thử) \\ kiểm tra', location: 'Hà Nội' });
    expect(signed.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const said = pdfsig(signed);
    expect(said).toContain('Signature is Valid.');
    expect(said).toContain('Total document signed');
    const check = qpdfCheck(signed);
    expect(check.output).toContain('No syntax or stream encoding errors');
    expect(check.status).toBe(0);
    const form = qpdfJson(signed, '--json-key=acroform').acroform as { fields: { fullname: string; fieldtype: string; pageposfrom1: number }[] };
    expect(form.fields).toEqual([expect.objectContaining({ fullname: 'ChuKySo', fieldtype: '/Sig', pageposfrom1: 1 })]);
    return signed;
  }

  it('a page whose /Annots is an inline array keeps its annotations and gains the widget', async () => {
    const pdf = handMade({
      1: '<< /Type /Catalog /Pages 2 0 R /Lang (vi-VN) >>',
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Annots [5 0 R] >>',
      4: CONTENT,
      5: LINK,
    });
    const signed = await signedAndChecked(pdf);
    const page = qpdfObject(signed, 3);
    expect(page['/Annots']).toEqual(['5 0 R', '7 0 R']);
    expect(qpdfObject(signed, 1)['/Lang']).toBe('u:vi-VN');
  });

  it('a page whose /Annots is an array object: that array is written again, with the widget', async () => {
    const pdf = handMade({
      1: '<< /Type /Catalog /Pages 2 0 R >>',
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Annots 6 0 R >>',
      4: CONTENT,
      5: LINK,
      6: '[5 0 R]',
    });
    const signed = await signedAndChecked(pdf);
    expect(qpdfObject(signed, 6)).toEqual(['5 0 R', '8 0 R']);
    expect(qpdfObject(signed, 3)['/Annots']).toBe('6 0 R');
  });

  it('a page tree two levels deep: the widget goes on the first page', async () => {
    const pdf = handMade({
      1: '<< /Type /Catalog /Pages 2 0 R >>',
      2: '<< /Type /Pages /Kids [6 0 R 5 0 R] /Count 2 >>',
      3: '<< /Type /Page /Parent 6 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
      4: CONTENT,
      5: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
      6: '<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count 1 >>',
    });
    const signed = await signedAndChecked(pdf);
    expect(qpdfObject(signed, 8)['/P']).toBe('3 0 R');
  });

  it('a file updated before (a /Prev chain): the newest catalog and page are the ones rewritten', async () => {
    const base = handMade({
      1: '<< /Type /Catalog /Pages 2 0 R >>',
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
      4: CONTENT,
    });
    const updated = handUpdate(base, { 1: '<< /Type /Catalog /Pages 2 0 R /Lang (vi) >>', 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>' }, 5);
    const signed = await signedAndChecked(updated);
    expect(qpdfObject(signed, 1)['/Lang']).toBe('u:vi');
    expect(qpdfObject(signed, 3)['/MediaBox']).toEqual([0, 0, 300, 300]);
  });

  it('a file without an end of line after %%EOF: one is added, the original bytes stay a prefix', async () => {
    const pdf = handMade({
      1: '<< /Type /Catalog /Pages 2 0 R >>',
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
      4: CONTENT,
    });
    await signedAndChecked(pdf.subarray(0, pdf.length - 1));
  });

  it('writes /Reason, /Location and /ContactInfo as text strings (UTF-16BE where not ASCII) and /M in Vietnam time', async () => {
    const pdf = handMade({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>' });
    const signed = await signPdf(pdf, signer, { signingTime: new Date('2026-12-31T20:05:09.750Z'), reason: 'Ban hành kế hoạch số 17-KH/QU 😀', location: 'a (b) \\ c', name: 'Nguyễn Văn An' });
    const dict = qpdfObject(signed, 4);
    expect(dict).toMatchObject({
      '/Type': '/Sig',
      '/Filter': '/Adobe.PPKLite',
      '/SubFilter': '/ETSI.CAdES.detached',
      '/Reason': 'u:Ban hành kế hoạch số 17-KH/QU 😀',
      '/Location': 'u:a (b) \\ c',
      '/ContactInfo': 'u:Nguyễn Văn An',
      '/M': "u:D:20270101030509+07'00'",
    });
    expect(signed.toString('latin1')).toContain('/Reason <FEFF0042');
  });

  it('refuses what it was not made for, with a clear error: xref streams, encryption, a form already there, not a PDF', async () => {
    const rendered = await renderPdf(STATE_PLAN, { createdAt: AT });
    const options = { signingTime: AT, reason: 'x' };
    const streams = qpdfRewrite(rendered, '--object-streams=generate');
    await expect(signPdf(streams, signer, options)).rejects.toThrow(UnsupportedPdfError);
    await expect(signPdf(streams, signer, options)).rejects.toThrow(/cross-reference stream/);
    const encrypted = qpdfRewrite(rendered, '--encrypt', 'user', 'owner', '128', '--use-aes=y', '--');
    await expect(signPdf(encrypted, signer, options)).rejects.toThrow(/encrypted/);
    const signed = await signPdf(rendered, signer, options);
    await expect(signPdf(signed, signer, options)).rejects.toThrow(/already has a form/);
    await expect(signPdf(Buffer.from('hello'), signer, options)).rejects.toThrow(/no %PDF- header/);
    await expect(signPdf(rendered.subarray(0, rendered.length - 200), signer, options)).rejects.toThrow(/no startxref/);
  });
});
