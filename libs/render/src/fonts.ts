import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Liberation Serif (metric-compatible with Times New Roman, SIL OFL 1.1), shipped in the
 * repository's assets/fonts so that every machine embeds the same font: a system font may be
 * missing on a server or CI machine, and would change the PDF's glyphs and line breaks.
 */
export const FONT_FAMILY = 'Liberation Serif';
export const FONT_FILES = {
  normal: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italics: 'LiberationSerif-Italic.ttf',
  bolditalics: 'LiberationSerif-BoldItalic.ttf',
} as const;

let found: string | undefined;

/** The assets/fonts folder: found upwards from this module, from the sources and from the build in dist/ alike. */
export function fontDirectory(): string {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'assets', 'fonts');
    if (existsSync(join(candidate, FONT_FILES.normal))) return (found = candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`The fonts in assets/fonts (${FONT_FILES.normal}) are missing`);
    dir = parent;
  }
}
