import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
const NOTO = '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf';
const PACKAGES = ['chromium', 'fonts-noto-core'];

/**
 * The browser tests run in Debian's chromium, with Noto for the Vietnamese glyphs. Missing and
 * root with apt-get: install them; otherwise stop with the one command to run. Never skipped.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM) && existsSync(NOTO)) return;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    throw new Error(`Chromium or its fonts are missing: run \`sudo apt-get install -y ${PACKAGES.join(' ')}\` and test again`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...PACKAGES], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM) || !existsSync(NOTO)) throw new Error(`${PACKAGES.join(' ')} were installed but ${CHROMIUM} or ${NOTO} is still missing`);
}

/** The flags the issue asks for: no GPU, no sandbox (root in a container), and nothing that calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
