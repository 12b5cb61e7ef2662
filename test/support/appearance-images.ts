import { crc32, deflateSync } from 'node:zlib';

/** A PNG (RGBA, 8 bits) painted by `paint(x, y)` → [r, g, b, a]; with `dpi`, a pHYs chunk says its resolution. */
export function makePng(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number], dpi?: number): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(paint(x, y), y * (width * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const phys = Buffer.alloc(9);
  if (dpi) {
    phys.writeUInt32BE(Math.round(dpi / 0.0254), 0);
    phys.writeUInt32BE(Math.round(dpi / 0.0254), 4);
    phys[8] = 1;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(dpi ? [chunk('pHYs', phys)] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A red seal: two rings and a star-ish centre, 36 mm across at 150 dpi. */
export function sealPng(): Buffer {
  const size = 212;
  const c = size / 2;
  return makePng(size, size, (x, y) => {
    const r = Math.hypot(x - c, y - c);
    const ink = (r > 98 && r < 105) || (r > 70 && r < 74) || r < 12;
    return ink ? [200, 16, 24, 230] : [0, 0, 0, 0];
  }, 150);
}

/** A blue handwritten stroke, 40 mm wide at 150 dpi. */
export function signaturePng(): Buffer {
  const w = 236;
  const h = 90;
  return makePng(w, h, (x, y) => {
    const curve = h / 2 + Math.sin(x / 14) * 22 * (1 - x / w / 2);
    return Math.abs(y - curve) < 3 ? [20, 40, 190, 255] : [0, 0, 0, 0];
  }, 150);
}
