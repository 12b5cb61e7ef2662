import { StreamableFile } from '@nestjs/common';

/**
 * `Content-Disposition: attachment` with the name as given (RFC 6266/5987 `filename*`) and an ASCII
 * twin for old clients ("10-KH-ĐUK" → "10-KH-DUK").
 */
export function attachment(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * unescaped, which RFC 5987's attr-char does not allow.
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A file download under its name (see `attachment`). */
export function download(bytes: Buffer, filename: string, contentType: string): StreamableFile {
  return new StreamableFile(bytes, { type: contentType, length: bytes.length, disposition: attachment(filename) });
}
