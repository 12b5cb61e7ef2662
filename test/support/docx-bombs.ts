import { zipSync, type Zippable } from 'fflate';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const TAIL = '</w:body></w:document>';
const enc = (s: string) => new TextEncoder().encode(s);

/** A Word document whose body is `paragraphs` repeated: the parts Word and mammoth need, nothing else. */
export function docx(paragraphs: string[], extra: Zippable = {}): Buffer {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  return Buffer.from(zipSync({ '[Content_Types].xml': enc(CONTENT_TYPES), '_rels/.rels': enc(RELS), 'word/document.xml': enc(HEAD + body + TAIL), ...extra }, { level: 9 }));
}

/** A .docx whose document.xml inflates to `megabytes` MB of one paragraph repeated (a few hundred kB compressed). */
export function bomb(megabytes: number): Buffer {
  const paragraph = '<w:p><w:r><w:t>KẾ HOẠCH KẾ HOẠCH KẾ HOẠCH</w:t></w:r></w:p>';
  const bytes = enc(paragraph);
  const total = megabytes * 1024 * 1024;
  const xml = new Uint8Array(total);
  xml.set(enc(HEAD));
  for (let at = HEAD.length; at + bytes.length < total; at += bytes.length) xml.set(bytes, at);
  return Buffer.from(zipSync({ '[Content_Types].xml': enc(CONTENT_TYPES), '_rels/.rels': enc(RELS), 'word/document.xml': xml }, { level: 6, mem: 12 }));
}

/** A .docx with `count` small entries. */
export function manyEntries(count: number): Buffer {
  const extra: Zippable = {};
  for (let i = 0; i < count; i++) extra[`word/media/part${i}.xml`] = enc(`<x>${i}</x>`);
  return docx(['KẾ HOẠCH'], extra);
}

/**
 * A bomb that lies: every size field in its local headers and central directory says 1 kB,
 * so only counting what really inflates can stop it.
 */
export function lyingBomb(megabytes: number): Buffer {
  const zip = bomb(megabytes);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  for (let i = 0; i < entries; i++) {
    view.setUint32(at + 24, 1024, true); // central directory: uncompressed size
    view.setUint32(view.getUint32(at + 42, true) + 22, 1024, true); // its local header: uncompressed size
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return zip;
}
