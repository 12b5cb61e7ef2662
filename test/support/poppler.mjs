// Plain JavaScript: used by Jest's global setup, which runs outside its ESM module mapping.
import { execFileSync, spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/**
 * The PDF tests read documents as a person would, with poppler's pdftotext and pdffonts (Debian's
 * poppler-utils). Where they are missing and we are root, install them; otherwise stop with the
 * one command that does. Never skipped: a test that cannot read the PDF must fail.
 */
export function ensurePoppler() {
  if (has('pdftotext') && has('pdffonts')) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !has('apt-get')) {
    throw new Error('pdftotext is missing: run `sudo apt-get install -y poppler-utils` (Debian/Ubuntu) and test again');
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'poppler-utils'], { stdio: 'inherit', env });
  if (!has('pdftotext')) throw new Error('poppler-utils was installed but pdftotext is still missing');
}
