import type { Entry, ZipFile } from 'yauzl';
import yauzl from 'yauzl';
import { UpdateFileError } from '../errors.js';

/** A Word file larger than this is refused before it is opened. */
export const MAX_DOCX_BYTES = 5_000_000;
/** Declared uncompressed size of all the parts together; a daily update is a few hundred kilobytes. */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024;
/** Parts in the archive: a Word document has a few dozen. */
export const MAX_DOCX_ENTRIES = 1000;
/** Compression ratio above which a part of more than 1 MB is a zip bomb, not XML. */
export const MAX_DOCX_RATIO = 200;

const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const WORD_TEMPLATE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml';
const MACRO_MAIN = /application\/vnd\.ms-word\.(?:document|template)\.macroEnabled(?:Template)?\.main\+xml/i;

/** The parts of a checked Word document that crieur reads itself (mammoth reads the rest). */
export interface DocxParts {
  document: string;
  comments?: string;
  footnotes?: string;
  endnotes?: string;
  core?: string;
  headersAndFooters: string[];
}

/**
 * Opens a `.docx` only after checking what its zip directory declares: a Word document (not a
 * spreadsheet, not a macro-enabled document), no encrypted part, sizes and ratios of an office
 * document (a zip bomb is refused before anything is inflated). Then inflates every part with
 * yauzl, which stops at the declared size, so the converter that reads the same bytes next
 * cannot be led further. Throws UpdateFileError.
 */
export async function openDocx(bytes: Buffer, path: string): Promise<DocxParts> {
  const refuse = (message: string, messageFr: string): never => {
    throw new UpdateFileError(path, undefined, message, messageFr);
  };
  if (bytes.length > MAX_DOCX_BYTES) {
    refuse(
      `the Word document is ${bytes.length} bytes, more than the 5 MB limit (remove its images)`,
      `le document Word fait ${bytes.length} octets, plus que la limite de 5 Mo (retirez-en les images)`,
    );
  }
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    return refuse(
      `not a readable Word document: the file is truncated or damaged (${(error as Error).message}); save it again from Word`,
      `document Word illisible : le fichier est tronqué ou abîmé (${(error as Error).message}) ; enregistrez-le de nouveau dans Word`,
    );
  }
  try {
    const entries = await listEntries(zip, path);
    checkEntries(entries, path);
    const texts = new Map<string, string>();
    for (const entry of entries) {
      const data = await inflate(zip, entry, path);
      if (/\.(?:xml|rels)$/i.test(entry.fileName)) texts.set(entry.fileName, data.toString('utf8'));
    }
    checkContentTypes(texts.get('[Content_Types].xml'), entries, path);
    const document = texts.get('word/document.xml');
    if (document === undefined) return refuse('no word/document.xml part', 'aucune partie word/document.xml');
    const parts: DocxParts = {
      document,
      headersAndFooters: [...texts.entries()]
        .filter(([name]) => /^word\/(?:header|footer)\d*\.xml$/i.test(name))
        .map(([, text]) => text),
    };
    const optional = {
      comments: 'word/comments.xml',
      footnotes: 'word/footnotes.xml',
      endnotes: 'word/endnotes.xml',
      core: 'docProps/core.xml',
    } as const;
    for (const [key, name] of Object.entries(optional) as [keyof typeof optional, string][]) {
      const text = texts.get(name);
      if (text !== undefined) parts[key] = text;
    }
    return parts;
  } finally {
    zip.close();
  }
}

function listEntries(zip: ZipFile, path: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > MAX_DOCX_ENTRIES) {
        reject(
          new UpdateFileError(
            path,
            undefined,
            `more than ${MAX_DOCX_ENTRIES} parts in the archive: not an office document`,
            `plus de ${MAX_DOCX_ENTRIES} parties dans l’archive : ce n’est pas un document de bureautique`,
          ),
        );
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) =>
      reject(
        new UpdateFileError(
          path,
          undefined,
          `damaged Word document (${error.message}); save it again from Word`,
          `document Word abîmé (${error.message}) ; enregistrez-le de nouveau dans Word`,
        ),
      ),
    );
    zip.readEntry();
  });
}

function checkEntries(entries: Entry[], path: string): void {
  const refuse = (message: string, messageFr: string): never => {
    throw new UpdateFileError(path, undefined, message, messageFr);
  };
  let total = 0;
  for (const entry of entries) {
    if (entry.isEncrypted()) {
      refuse(
        `part ${entry.fileName} is encrypted: remove the password in Word (File → Info → Protect) and save again`,
        `la partie ${entry.fileName} est chiffrée : retirez le mot de passe dans Word (Fichier → Informations → Protéger) et enregistrez de nouveau`,
      );
    }
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > 1024 * 1024 && ratio > MAX_DOCX_RATIO) {
      refuse(
        `part ${entry.fileName} declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} (a zip bomb); nothing was inflated`,
        `la partie ${entry.fileName} annonce ${entry.uncompressedSize} octets pour ${entry.compressedSize} compressés (une bombe zip) ; rien n’a été décompressé`,
      );
    }
  }
  if (total > MAX_DOCX_UNCOMPRESSED_BYTES) {
    refuse(
      `the archive declares ${total} bytes once inflated, more than ${MAX_DOCX_UNCOMPRESSED_BYTES}; nothing was inflated`,
      `l’archive annonce ${total} octets une fois décompressée, plus que ${MAX_DOCX_UNCOMPRESSED_BYTES} ; rien n’a été décompressé`,
    );
  }
  const names = new Set(entries.map((entry) => entry.fileName));
  if (names.has('word/vbaProject.bin')) refuseMacros(path);
  if (!names.has('word/document.xml')) {
    const kind = names.has('xl/workbook.xml')
      ? ['an Excel workbook', 'un classeur Excel']
      : names.has('ppt/presentation.xml')
        ? ['a PowerPoint presentation', 'une présentation PowerPoint']
        : names.has('content.xml') && names.has('mimetype')
          ? ['an OpenDocument file (.odt)', 'un fichier OpenDocument (.odt)']
          : ['a zip archive', 'une archive zip'];
    refuse(
      `${kind[0]}, not a Word document: save the update as .docx`,
      `${kind[1]}, pas un document Word : enregistrez la mise à jour au format .docx`,
    );
  }
}

function checkContentTypes(types: string | undefined, entries: Entry[], path: string): void {
  if (types === undefined) {
    throw new UpdateFileError(
      path,
      undefined,
      'no [Content_Types].xml: not a Word document',
      'aucune partie [Content_Types].xml : ce n’est pas un document Word',
    );
  }
  if (MACRO_MAIN.test(types)) refuseMacros(path);
  if (!types.includes(WORD_MAIN) && !types.includes(WORD_TEMPLATE) && entries.length > 0) {
    throw new UpdateFileError(
      path,
      undefined,
      'the archive does not declare a Word document body: save the update as .docx',
      'l’archive ne déclare pas de corps de document Word : enregistrez la mise à jour au format .docx',
    );
  }
}

function refuseMacros(path: string): never {
  throw new UpdateFileError(
    path,
    undefined,
    'a macro-enabled Word document (.docm): macros are never opened; save it as "Word Document (.docx)"',
    'document Word avec macros (.docm) : les macros ne sont jamais ouvertes; enregistrez-le en « Document Word (.docx) »',
  );
}

function inflate(zip: ZipFile, entry: Entry, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) =>
      reject(
        new UpdateFileError(
          path,
          undefined,
          `part ${entry.fileName} cannot be read (${error.message}): the file is truncated or damaged`,
          `la partie ${entry.fileName} est illisible (${error.message}) : le fichier est tronqué ou abîmé`,
        ),
      );
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) {
        fail(error ?? new Error('no stream'));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', fail);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}
