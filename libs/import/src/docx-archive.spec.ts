import { zipSync } from 'fflate';
import { ArchiveRefused, DOCX_LIMITS, inspectArchive, readDocxHtml } from './docx-archive.js';

const enc = (s: string) => new TextEncoder().encode(s);
const word = (body: string) =>
  zipSync({
    '[Content_Types].xml': enc('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    '_rels/.rels': enc('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    'word/document.xml': enc(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
  });
const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `<w:p><w:r><w:t>Đoạn ${i} của kế hoạch</w:t></w:r></w:p>`).join('');

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof ArchiveRefused ? error.reason : String(error);
  }
}

describe('reading a .docx on a bounded worker', () => {
  it('reads an ordinary document', async () => {
    expect(await readDocxHtml(word(paragraphs(3)))).toBe('<p>Đoạn 0 của kế hoạch</p><p>Đoạn 1 của kế hoạch</p><p>Đoạn 2 của kế hoạch</p>');
  });

  it('lists the directory without inflating', () => {
    expect(inspectArchive(word(paragraphs(3)))).toEqual({ entries: 3, inflatedBytes: expect.any(Number) });
  });

  it('stops a reader that takes longer than its time limit', async () => {
    expect(await refusal(readDocxHtml(word(paragraphs(20_000)), { ...DOCX_LIMITS, timeLimitMs: 50 }))).toBe('TIME_LIMIT');
  });

  it('stops a reader that needs more memory than its heap', async () => {
    expect(await refusal(readDocxHtml(word(paragraphs(60_000)), { ...DOCX_LIMITS, heapMb: 16 }))).toBe('MEMORY_LIMIT');
  });
});
