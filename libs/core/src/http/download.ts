import { StreamableFile } from '@nestjs/common';

/** A file download: the name as given (RFC 6266/5987) and an ASCII twin for old clients ("10-KH-ĐUK" → "10-KH-DUK"). */
export function download(bytes: Buffer, filename: string, contentType: string): StreamableFile {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return new StreamableFile(bytes, {
    type: contentType,
    length: bytes.length,
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  });
}
