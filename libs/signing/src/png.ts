const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngFacts {
  widthPx: number;
  heightPx: number;
  /** Has an alpha channel (colour types 4 and 6) or a tRNS chunk: the page shows through. */
  transparent: boolean;
  /** Pixels per metre from pHYs (unit = metre), if the file says. */
  pixelsPerMetre: number | null;
}

/** The header facts of a PNG (RFC 2083): IHDR's size and colour type, tRNS, pHYs. Null: not a PNG. */
export function readPng(bytes: Buffer): PngFacts | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  const facts: PngFacts = { widthPx: bytes.readUInt32BE(16), heightPx: bytes.readUInt32BE(20), transparent: [4, 6].includes(bytes[25]), pixelsPerMetre: null };
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'tRNS') facts.transparent = true;
    if (type === 'pHYs' && length >= 9 && bytes[at + 16] === 1) facts.pixelsPerMetre = bytes.readUInt32BE(at + 8);
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return facts;
}
