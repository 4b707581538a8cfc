import { readFileSync, statSync } from 'node:fs';
import { UpdateFileError } from '../errors.js';
import { frenchBytes } from '../i18n/sizes.js';

export const MAX_UPDATE_BYTES = 1_000_000;

/** Reads an update file as UTF-8 text, refusing what is not a readable text file of sane size. */
export function readUpdateText(path: string): string {
  return decodeUpdateBytes(readUpdateBytes(path, MAX_UPDATE_BYTES), path);
}

/** Reads an update file's bytes, refusing a missing file, a directory or more than `maxBytes`. */
export function readUpdateBytes(path: string, maxBytes: number): Buffer {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UpdateFileError(path, undefined, 'not a regular file', 'ce n’est pas un fichier');
    size = stat.size;
  } catch (error) {
    if (error instanceof UpdateFileError) throw error;
    throw new UpdateFileError(
      path,
      undefined,
      'file not found or not readable; check the path',
      'fichier introuvable ou illisible ; vérifiez le chemin',
    );
  }
  if (size > maxBytes) {
    const mb = Math.round(maxBytes / 1_000_000);
    throw new UpdateFileError(
      path,
      undefined,
      `file is ${size} bytes, more than the ${mb} MB limit; an update is a short text`,
      `le fichier fait ${frenchBytes(size)}, plus que la limite de ${frenchBytes(maxBytes)} ; une mise à jour est un court texte`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UpdateFileError(
      path,
      undefined,
      `file cannot be read (${code}); check its permissions`,
      `le fichier ne peut pas être lu (${code}) ; vérifiez ses permissions`,
    );
  }
  return bytes;
}

export function decodeUpdateBytes(bytes: Uint8Array, path: string): string {
  if (bytes.length > MAX_UPDATE_BYTES) {
    throw new UpdateFileError(
      path,
      undefined,
      `file is ${bytes.length} bytes, more than the 1 MB limit`,
      `le fichier fait ${frenchBytes(bytes.length)}, plus que la limite de ${frenchBytes(MAX_UPDATE_BYTES)}`,
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new UpdateFileError(
      path,
      lineAt(bytes, nul),
      'binary content (NUL byte): save the update as a plain-text Markdown file (.md)',
      'contenu binaire (octet NUL) : enregistrez la mise à jour en texte brut Markdown (.md)',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const line = lineAt(bytes, firstInvalidUtf8(bytes));
    throw new UpdateFileError(
      path,
      line,
      'not valid UTF-8: save the file with UTF-8 encoding',
      'le fichier n’est pas en UTF-8 : enregistrez-le avec l’encodage UTF-8',
    );
  }
  if (text.trim().length === 0) {
    throw new UpdateFileError(path, undefined, 'the file is empty', 'le fichier est vide');
  }
  return text.replace(/\r\n?/g, '\n');
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix: binary search on prefixes that decode (allowing a cut multi-byte tail).
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}
