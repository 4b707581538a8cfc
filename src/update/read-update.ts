import { extname } from 'node:path';
import { UpdateFileError } from '../errors.js';
import { MAX_DOCX_BYTES } from './docx-archive.js';
import { parseUpdateText } from './parse.js';
import { parsePlainText } from './plain-text.js';
import { decodeUpdateBytes, MAX_UPDATE_BYTES, readUpdateBytes } from './read-file.js';
import type { Update } from './types.js';

/** Extensions crieur reads: Markdown (with or without front matter), plain text, Word. */
export const UPDATE_EXTENSIONS = ['.md', '.markdown', '.txt', '.docx'] as const;

export interface ReadOptions {
  /** Zone in which a Word document's last-saved time gives its date (the configured `timezone`). */
  timeZone?: string;
}

/**
 * Reads an update in any of the forms the team writes it, told apart by content, not name:
 * Markdown with front matter, plain text as pasted (or Markdown without front matter), Word.
 * Throws UpdateFileError naming the file; nothing is written.
 */
export async function readUpdateFile(path: string, options: ReadOptions = {}): Promise<Update> {
  return parseUpdateBytes(readUpdateBytes(path, MAX_DOCX_BYTES), path, options);
}

const ZIP = [0x50, 0x4b];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export async function parseUpdateBytes(bytes: Buffer, path: string, options: ReadOptions = {}): Promise<Update> {
  const extension = extname(path).toLowerCase();
  const startsWith = (magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  const wordName = extension === '.docx' || extension === '.docm' || extension === '.doc' || extension === '.dotx';
  if (startsWith(OLE)) throw oleRefusal(bytes, path);
  if (startsWith(ZIP)) {
    if (!wordName) {
      throw new UpdateFileError(
        path,
        undefined,
        `a zip archive (a Word document?) named ${extension || 'without extension'}: rename it .docx if it is a Word document`,
        `une archive zip (un document Word?) nommée ${extension || 'sans extension'} : renommez-la en .docx si c’est un document Word`,
      );
    }
    if (extension === '.docm') {
      throw new UpdateFileError(
        path,
        undefined,
        'a macro-enabled Word document (.docm): macros are never opened; save it as "Word Document (.docx)"',
        'document Word avec macros (.docm) : les macros ne sont jamais ouvertes; enregistrez-le en « Document Word (.docx) »',
      );
    }
    const { parseDocx } = await import('./docx-read.js');
    return parseDocx(bytes, path, options);
  }
  if (wordName) {
    const text = bytes.subarray(0, 64).toString('utf8');
    const looksText = bytes.length > 0 && !bytes.subarray(0, 4096).includes(0);
    throw new UpdateFileError(
      path,
      undefined,
      looksText
        ? `named ${extension} but holds text, not a Word document (it starts "${text.split('\n')[0]}"): rename it .md or .txt`
        : `named ${extension} but not a Word document (not a zip archive): save it again from Word as .docx`,
      looksText
        ? `nommé ${extension} mais contient du texte, pas un document Word (il commence par « ${text.split('\n')[0]} ») : renommez-le en .md ou .txt`
        : `nommé ${extension} mais ce n’est pas un document Word (pas une archive zip) : enregistrez-le de nouveau dans Word en .docx`,
    );
  }
  if (bytes.length > MAX_UPDATE_BYTES) decodeUpdateBytes(bytes, path);
  const text = decodeUpdateBytes(bytes, path);
  return /^\uFEFF?---[ \t]*\n/.test(text) ? parseUpdateText(text, path) : parsePlainText(text, path);
}

/** An OLE compound file: a password-protected Word document, or the old Word 97-2003 format. */
function oleRefusal(bytes: Buffer, path: string): UpdateFileError {
  const encrypted = bytes.includes(Buffer.from('EncryptionInfo', 'utf16le'));
  return encrypted
    ? new UpdateFileError(
        path,
        undefined,
        'an encrypted (password-protected) Word document: remove the password in Word (File → Info → Protect Document) and save again',
        'document Word chiffré (protégé par mot de passe) : retirez le mot de passe dans Word (Fichier → Informations → Protéger le document) et enregistrez de nouveau',
      )
    : new UpdateFileError(
        path,
        undefined,
        'an old Word 97-2003 document (.doc): save it as "Word Document (.docx)"',
        'ancien document Word 97-2003 (.doc) : enregistrez-le en « Document Word (.docx) »',
      );
}
