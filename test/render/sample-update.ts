import path from 'node:path';
import { parseUpdateFile } from '../../src/update/parse.js';
import type { Update } from '../../src/update/types.js';

/** The real sample update, parsed afresh for each caller (tests may change their copy). */
export function sampleUpdate(): Update {
  return parseUpdateFile(path.join(import.meta.dirname, '..', '..', 'examples', '2026-05-14-dsn.md'));
}
