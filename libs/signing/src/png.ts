import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngFacts {
  widthPx: number;
  heightPx: number;
  /** Some pixel lets the page show through: an alpha below 255 (8-bit grey+alpha or RGBA), or a tRNS chunk. */
  transparent: boolean;
  /** Pixels per metre from pHYs (unit = metre), if the file says. */
  pixelsPerMetre: number | null;
}

/**
 * The facts of a PNG (RFC 2083) a seal or signature image is checked for: IHDR's size, pHYs,
 * and whether any pixel is transparent. Null: not a PNG (or a damaged one).
 */
export function readPng(bytes: Buffer): PngFacts | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  const widthPx = bytes.readUInt32BE(16);
  const heightPx = bytes.readUInt32BE(20);
  const depth = bytes[24];
  const colour = bytes[25];
  const interlaced = bytes[28] === 1;
  let transparent = false;
  let pixelsPerMetre: number | null = null;
  const data: Buffer[] = [];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'tRNS') transparent = true;
    if (type === 'pHYs' && length >= 9 && bytes[at + 16] === 1) pixelsPerMetre = bytes.readUInt32BE(at + 8);
    if (type === 'IDAT') data.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!transparent && depth === 8 && (colour === 4 || colour === 6) && !interlaced) {
    try {
      transparent = hasTransparentPixel(inflateSync(Buffer.concat(data)), widthPx, heightPx, colour === 6 ? 4 : 2);
    } catch {
      return null;
    }
  }
  return { widthPx, heightPx, transparent, pixelsPerMetre };
}

/** Undoes the row filters (None, Sub, Up, Average, Paeth) and looks for an alpha byte below 255. */
function hasTransparentPixel(raw: Buffer, width: number, height: number, bpp: number): boolean {
  const stride = width * bpp;
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    if (start + stride + 1 > raw.length) return false;
    const filter = raw[start];
    const row = Buffer.from(raw.subarray(start + 1, start + 1 + stride));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = previous[i];
      const c = i >= bpp ? previous[i - bpp] : 0;
      if (filter === 1) row[i] = (row[i] + a) & 255;
      else if (filter === 2) row[i] = (row[i] + b) & 255;
      else if (filter === 3) row[i] = (row[i] + ((a + b) >> 1)) & 255;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        row[i] = (row[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
    }
    for (let i = bpp - 1; i < stride; i += bpp) if (row[i] < 255) return true;
    previous = row;
  }
  return false;
}
