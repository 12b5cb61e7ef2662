import { createHash } from 'node:crypto';
import { cadesDetached } from './cades.js';
import { PdfForUpdate, UnsupportedPdfError } from './pdf-update.js';
import type { Signer } from './signer.js';
import { vietnamIso } from './vietnam-time.js';

export { UnsupportedPdfError } from './pdf-update.js';

export interface SignOptions {
  /** The instant of signing; the CMS signingTime attribute (UTC by definition) and /M (Vietnam time) carry it. */
  signingTime: Date;
  /** /Reason: why the document is signed ("Ban hành 17-KH/QU"). */
  reason: string;
  /** /Location: the place of issue, as on the document. */
  location?: string;
  /** Who signed, in words: written as /ContactInfo. */
  name?: string;
  /**
   * The document's title, written into its /Info dictionary in the same update: ISSUE renders the
   * plan before its number is taken, so the rendered /Title lacks the number the signature adds.
   */
  title?: string;
}

/** Room for the CMS in /Contents: a 2048-bit RSA signature with two certificates is about 3 KB. */
const CONTENTS_RESERVE = 8192;
/** The signature field's name, as the first (@libpdf/core) signer named it. */
const FIELD_NAME = 'ChuKySo';
/** Widths of the /ByteRange numbers, written once the layout is known: 10 digits cover 9.3 GB. */
const RANGE_WIDTH = 10;

/** A text string (§7.9.2.2): ASCII as a literal string, anything else as UTF-16BE with its byte order mark. */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, '\\$&')})`;
  return `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

/** A PDF date (§7.9.4) in Vietnam time: D:20151229093000+07'00'. */
export function pdfDate(at: Date): string {
  const iso = vietnamIso(at); // 2015-12-29T09:30:00+07:00
  return `D:${iso.slice(0, 19).replace(/[-T:]/g, '')}+07'00'`;
}

const xrefEntry = (offset: number, gen: number): string => `${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n \n`;

/**
 * Signs a PDF as PAdES-B-B (ETSI EN 319 142-1): one incremental update appended to the rendered
 * bytes, which stay a prefix of the signed file. The update holds
 * - the catalog again, with /AcroForm << /Fields [the field] /SigFlags 3 >>;
 * - the first page again, with the widget in its /Annots (its /Annots array object instead, where it is one);
 * - the signature dictionary: /Filter /Adobe.PPKLite, /SubFilter /ETSI.CAdES.detached, a
 *   /ByteRange covering the whole file but /Contents, /M, /Reason, /Location, /ContactInfo;
 * - the field and its widget merged (invisible: /Rect [0 0 0 0], printed and locked);
 * - a classic cross-reference section for those objects and a trailer with /Prev.
 * The SHA-256 of the byte ranges goes into a CMS SignedData (cades.ts) whose DER is written, as
 * hex, into /Contents. The output is a function of (pdf, signer, options) and of the signature
 * the signer returns. Made for the renderer's output (pdfkit's classic cross-reference table);
 * any other shape gets an UnsupportedPdfError.
 */
export async function signPdf(pdf: Uint8Array, signer: Signer, options: SignOptions): Promise<Buffer> {
  const original = Buffer.isBuffer(pdf) ? pdf : Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const doc = new PdfForUpdate(original);
  const catalog = doc.object(doc.root);
  if (!catalog.entries) throw new UnsupportedPdfError('the catalog is not a dictionary');
  if (catalog.entries.has('AcroForm')) throw new UnsupportedPdfError('the document already has a form (a second signature is not supported)');
  const page = doc.firstPage();
  const pageDict = doc.object(page);
  const pageEntries = pageDict.entries!;
  const sigNum = doc.size;
  const widgetNum = doc.size + 1;
  const widgetRef = `${widgetNum} 0 R`;

  const parts: (string | Buffer)[] = [];
  const offsets: { num: number; gen: number; offset: number }[] = [];
  let at = original.length;
  const add = (part: string | Buffer): void => {
    parts.push(part);
    at += part.length; // Strings are written as latin1: one byte per character.
  };
  if (original[original.length - 1] !== 0x0a && original[original.length - 1] !== 0x0d) add('\n');
  /** Object `num gen` again: its dictionary up to before the closing >>, then `extra`, then >>. */
  const rewriteDictionary = (num: number, gen: number, span: { start: number; end: number }, extra: string): void => {
    offsets.push({ num, gen, offset: at });
    add(`${num} ${gen} obj\n`);
    let end = span.end - 2;
    while (end > span.start + 2 && (original[end - 1] === 0x0a || original[end - 1] === 0x0d || original[end - 1] === 0x20)) end--;
    add(original.subarray(span.start, end));
    add(`${extra}>>\nendobj\n`);
  };

  rewriteDictionary(doc.root.num, doc.root.gen, catalog.span, `\n/AcroForm <<\n/Fields [${widgetRef}]\n/SigFlags 3\n>>\n`);
  const annots = pageEntries.get('Annots');
  if (!annots) rewriteDictionary(page.num, page.gen, pageDict.span, `\n/Annots [${widgetRef}]\n`);
  else if (original[annots.start] === 0x5b) {
    // An inline array: the page again, the widget added before its closing bracket.
    offsets.push({ num: page.num, gen: page.gen, offset: at });
    add(`${page.num} ${page.gen} obj\n`);
    add(original.subarray(pageDict.span.start, annots.end - 1));
    add(` ${widgetRef}]`);
    add(original.subarray(annots.end, pageDict.span.end));
    add('\nendobj\n');
  } else {
    // An array of its own: that object again, the page unchanged.
    const ref = doc.ref(annots, "the page's /Annots");
    const array = doc.object(ref).span;
    if (original[array.start] !== 0x5b) throw new UnsupportedPdfError("the page's /Annots is not an array");
    offsets.push({ num: ref.num, gen: ref.gen, offset: at });
    add(`${ref.num} ${ref.gen} obj\n`);
    add(original.subarray(array.start, array.end - 1));
    add(` ${widgetRef}]\nendobj\n`);
  }

  if (options.title !== undefined) {
    // /Info again, its /Title replaced (or added).
    const m = doc.info === undefined ? null : /^(\d+)\s+(\d+)\s+R$/.exec(doc.info);
    if (!m) throw new UnsupportedPdfError('the trailer has no /Info to give a title');
    const ref = { num: Number(m[1]), gen: Number(m[2]) };
    const info = doc.object(ref);
    if (!info.entries) throw new UnsupportedPdfError('/Info is not a dictionary');
    const title = info.entries.get('Title');
    if (!title) rewriteDictionary(ref.num, ref.gen, info.span, `\n/Title ${pdfTextString(options.title)}\n`);
    else {
      offsets.push({ num: ref.num, gen: ref.gen, offset: at });
      add(`${ref.num} ${ref.gen} obj\n`);
      add(original.subarray(info.span.start, title.start));
      add(pdfTextString(options.title));
      add(original.subarray(title.end, info.span.end));
      add('\nendobj\n');
    }
  }

  offsets.push({ num: sigNum, gen: 0, offset: at });
  add(`${sigNum} 0 obj\n<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/ByteRange [0 `);
  const rangeAt = at;
  add(`${' '.repeat(RANGE_WIDTH)} ${' '.repeat(RANGE_WIDTH)} ${' '.repeat(RANGE_WIDTH)}]\n/Contents `);
  const contentsAt = at;
  add(Buffer.alloc(CONTENTS_RESERVE * 2 + 2, 0x30));
  const contentsEnd = at;
  let sig = `\n/M (${pdfDate(options.signingTime)})\n/Reason ${pdfTextString(options.reason)}\n`;
  if (options.location !== undefined) sig += `/Location ${pdfTextString(options.location)}\n`;
  if (options.name !== undefined) sig += `/ContactInfo ${pdfTextString(options.name)}\n`;
  add(`${sig}>>\nendobj\n`);

  offsets.push({ num: widgetNum, gen: 0, offset: at });
  add(`${widgetNum} 0 obj\n<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/T ${pdfTextString(FIELD_NAME)}\n/V ${sigNum} 0 R\n/P ${page.num} ${page.gen} R\n/Rect [0 0 0 0]\n/F 132\n>>\nendobj\n`);

  // The cross-reference section of the update: its objects in runs of consecutive numbers.
  const xrefAt = at;
  offsets.sort((a, b) => a.num - b.num);
  let xref = 'xref\n';
  for (let i = 0; i < offsets.length; ) {
    let j = i + 1;
    while (j < offsets.length && offsets[j].num === offsets[j - 1].num + 1) j++;
    xref += `${offsets[i].num} ${j - i}\n`;
    for (let k = i; k < j; k++) xref += xrefEntry(offsets[k].offset, offsets[k].gen);
    i = j;
  }
  let trailer = `trailer\n<<\n/Size ${doc.size + 2}\n/Root ${doc.root.num} ${doc.root.gen} R\n`;
  if (doc.info !== undefined) trailer += `/Info ${doc.info}\n`;
  if (doc.id !== undefined) trailer += `/ID ${doc.id}\n`;
  add(`${xref}${trailer}/Prev ${doc.startxref}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`);

  const out = Buffer.concat([original, ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p))], at);
  // /Contents is the gap: its < and > included, from contentsAt to contentsEnd.
  const range = [contentsAt, contentsEnd, at - contentsEnd].map((n) => String(n).padEnd(RANGE_WIDTH, ' ')).join(' ');
  out.write(range, rangeAt, 'latin1');
  out[contentsAt] = 0x3c;
  out[contentsEnd - 1] = 0x3e;

  const digest = createHash('sha256').update(out.subarray(0, contentsAt)).update(out.subarray(contentsEnd)).digest();
  const cms = await cadesDetached(signer, 'SHA-256', digest, options.signingTime);
  if (cms.length > CONTENTS_RESERVE) throw new Error(`The signature (${cms.length} bytes) does not fit the ${CONTENTS_RESERVE} bytes reserved for it`);
  out.write(cms.toString('hex'), contentsAt + 1, 'latin1');
  return out;
}
