// Renders public/icon.svg to the PNG icons of the manifest and to favicon.ico (PNG images in an
// ICO container, which every current browser reads), with the Chromium the browser flows use.
// Run after changing the SVG: node apps/web/scripts/make-icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const PUBLIC = join(import.meta.dirname, '..', 'public');
const svg = readFileSync(join(PUBLIC, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });

async function png(size, padding = 0) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const inner = size - 2 * padding;
  // A maskable icon keeps its drawing inside the safe zone (the middle 80 %) on the brand colour.
  await page.setContent(
    `<html><body style="margin:0;background:${padding ? '#1971c2' : 'transparent'}"><div style="padding:${padding}px;width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`,
  );
  const bytes = await page.screenshot({ omitBackground: !padding, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  return bytes;
}

function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

writeFileSync(join(PUBLIC, 'icon-192.png'), await png(192));
writeFileSync(join(PUBLIC, 'icon-512.png'), await png(512));
writeFileSync(join(PUBLIC, 'icon-maskable-512.png'), await png(512, 52));
writeFileSync(join(PUBLIC, 'apple-touch-icon.png'), await png(180, 0));
writeFileSync(join(PUBLIC, 'favicon.ico'), ico([{ size: 16, data: await png(16) }, { size: 32, data: await png(32) }, { size: 48, data: await png(48) }]));
await browser.close();
console.log('Wrote the icons and favicon.ico in', PUBLIC);
