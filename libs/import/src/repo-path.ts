import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A path inside the repository, found from this file whether it runs from source or from dist/. */
export function repoPath(...parts: string[]): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('No package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return join(dir, ...parts);
}
