// Plain JavaScript: used by Jest's global setup, which runs outside its ESM module mapping.
import { execFileSync, spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** The tools the PDF tests read documents with, by the Debian package that brings them. */
const TOOLS = { pdftotext: 'poppler-utils', pdffonts: 'poppler-utils', pdfsig: 'poppler-utils', qpdf: 'qpdf', certutil: 'libnss3-tools' };

/**
 * The PDF tests read documents as a person would, with poppler's pdftotext, pdffonts and pdfsig
 * (Debian's poppler-utils), check them with qpdf, and trust a CA through an NSS database made with
 * certutil (libnss3-tools). Where they are missing and we are root, install them; otherwise stop
 * with the one command that does. Never skipped: a test that cannot read the PDF must fail.
 */
export function ensurePoppler() {
  const packages = [...new Set(Object.entries(TOOLS).filter(([tool]) => !has(tool)).map(([, pkg]) => pkg))];
  if (packages.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !has('apt-get')) {
    throw new Error(`PDF tools are missing: run \`sudo apt-get install -y ${packages.join(' ')}\` (Debian/Ubuntu) and test again`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  const missing = Object.keys(TOOLS).filter((tool) => !has(tool));
  if (missing.length) throw new Error(`${packages.join(' ')} installed but ${missing.join(', ')} still missing`);
}
