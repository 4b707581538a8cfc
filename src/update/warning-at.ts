import type { UpdateWarning } from './types.js';

/**
 * A warning about a place in the update file, said as every update warning says it: `file:line: …`
 * in English, `file, ligne N : …` in French (the file alone when the line is not known).
 */
export function warningAt(file: string, line: number | undefined, message: string, messageFr: string): UpdateWarning {
  const known = line !== undefined && line > 0;
  return {
    ...(known ? { line } : {}),
    message: `${known ? `${file}:${line}` : file}: ${message}`,
    messageFr: `${known ? `${file}, ligne ${line}` : file}\u00A0: ${messageFr}`,
  };
}
