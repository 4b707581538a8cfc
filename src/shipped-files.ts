import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * crieur's own directory: this module is `<root>/src/shipped-files.ts` when run from the sources
 * (tests, benches) and `<root>/dist/src/shipped-files.js` once built.
 */
export const PACKAGE_ROOT = basename(dirname(HERE)) === 'dist' ? dirname(dirname(HERE)) : dirname(HERE);

/**
 * A file shipped beside the code (the default configuration, the page's style sheet and scripts),
 * read from the repository in both cases, so the build copies none of them.
 */
export function shippedFile(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
