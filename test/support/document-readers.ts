import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

/** Runs a poppler tool on the PDF's bytes (pdftotext, pdffonts, pdfinfo) and returns what it prints. */
export function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', pdf: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'pc-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, tool === 'pdftotext' ? [...args, file, '-'] : [...args, file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as a reader sees it: pdftotext keeping the layout (side-by-side blocks share a line), spaces collapsed. */
export function pdfText(pdf: Buffer): string {
  return collapse(poppler('pdftotext', pdf, ['-layout']));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The paragraphs of word/document.xml (the body, tables included), each the concatenation of its runs. */
export function docxParagraphs(docx: Buffer, part = 'word/document.xml'): string[] {
  const files = unzipSync(new Uint8Array(docx));
  if (!files[part]) throw new Error(`${part} is not in the DOCX`);
  const xml = strFromU8(files[part]);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map(([p]) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map(([, t]) => t).join(''))
    .map((t) => t.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]))
    .filter((t) => t.length > 0);
}

export function docxText(docx: Buffer): string {
  return collapse(docxParagraphs(docx).join('\n'));
}

function collapse(text: string): string {
  return text.replace(/[ \t\f]+/g, ' ');
}
