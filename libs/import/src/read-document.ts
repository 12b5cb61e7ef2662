import { ArchiveLimits, BrokenArchive, DOCX_LIMITS, readDocxHtml } from './docx-archive.js';

export type DocumentFormat = 'txt' | 'docx';

/** Why a file cannot be read as a document; the API turns each into its own 4xx. */
export class UnreadableDocument extends Error {
  constructor(
    readonly reason: 'EMPTY' | 'UNSUPPORTED_TYPE' | 'NOT_TEXT' | 'BROKEN_DOCX',
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableDocument';
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/**
 * The format of an uploaded file, from its name and its first bytes (never the client's
 * content type alone): `.docx` must be a zip, `.txt` must not be one.
 */
export function formatOf(fileName: string, bytes: Uint8Array): DocumentFormat {
  if (bytes.length === 0) throw new UnreadableDocument('EMPTY', 'The file is empty');
  const zip = ZIP.every((b, i) => bytes[i] === b);
  const ext = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'docx' && zip) return 'docx';
  if (ext === 'txt' && !zip) return 'txt';
  throw new UnreadableDocument('UNSUPPORTED_TYPE', 'Only .txt (UTF-8) and .docx (Word) files are imported');
}

/**
 * A document's text: paragraphs separated by blank lines, as the parser reads them. A .docx
 * is checked against `limits` before it is inflated and read on a worker thread; one beyond
 * them throws ArchiveRefused.
 */
export async function documentText(fileName: string, bytes: Uint8Array, limits: ArchiveLimits = DOCX_LIMITS): Promise<string> {
  const format = formatOf(fileName, bytes);
  if (format === 'txt') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new UnreadableDocument('NOT_TEXT', 'The .txt file is not UTF-8 text');
    }
  }
  try {
    return htmlToText(await readDocxHtml(bytes, limits));
  } catch (error) {
    if (error instanceof BrokenArchive) throw new UnreadableDocument('BROKEN_DOCX', 'The .docx file cannot be read as a Word document');
    throw error;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/**
 * Word's paragraphs as the text seeds write them: one per line with a blank line between,
 * bold and italic runs kept as `**…**` and `*…*` (a bold run may be a phase's window).
 */
function htmlToText(html: string): string {
  return html
    .replace(/<\/?strong>/g, '**')
    .replace(/<\/?em>/g, '*')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/(p|h[1-6]|li|tr)>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : whole))
    // Adjacent bold runs of one paragraph join; two bold paragraphs in a row stay two.
    .replace(/\*\*[ \t]*\*\*/g, '');
}
