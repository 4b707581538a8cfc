import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateFileError } from '../../src/errors.js';
import { readUpdateFile } from '../../src/update/read-update.js';
import { SAMPLE_DOCX, SAMPLE_MD } from './intake-helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crieur-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(name: string, bytes: Uint8Array): Promise<UpdateFileError> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const error = await readUpdateFile(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpdateFileError);
  const refused = error as UpdateFileError;
  expect(refused.exitCode).toBe(2);
  expect(refused.file).toBe(path);
  expect(refused.message.startsWith(`${path}: `)).toBe(true);
  expect(refused.messageFr.startsWith(`${path} : `)).toBe(true);
  return refused;
}

/** The sample Word document with some parts replaced or added. */
async function sampleWith(parts: Record<string, string | Uint8Array>, compression: 'DEFLATE' | 'STORE' = 'DEFLATE') {
  const zip = await JSZip.loadAsync(readFileSync(SAMPLE_DOCX));
  for (const [name, content] of Object.entries(parts)) zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array', compression });
}

/** Offset of the central directory entry for `name` in a zip made by JSZip. */
function centralEntry(bytes: Uint8Array, name: string): number {
  const buffer = Buffer.from(bytes);
  for (let at = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at--) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) continue;
    const length = buffer.readUInt16LE(at + 28);
    if (buffer.toString('utf8', at + 46, at + 46 + length) === name) return at;
  }
  throw new Error(`no entry ${name}`);
}

describe('hostile and mistaken Word files are refused, located, exit 2', () => {
  it('a zip bomb: refused from its declared sizes, before anything is inflated', async () => {
    const bomb = await sampleWith({ 'word/media/fond.bin': new Uint8Array(60 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const error = await refusal('bombe.docx', bomb);
    expect(error.messageFr).toContain('bombe zip');
    expect(error.messageFr).toContain('rien n’a été décompressé');
  });

  it('a zip whose directory lies about a part’s size is stopped at the declared size while inflating', async () => {
    const bytes = await sampleWith({ 'word/media/fond.bin': new Uint8Array(512 * 1024) });
    const at = centralEntry(bytes, 'word/media/fond.bin');
    Buffer.from(bytes.buffer, bytes.byteOffset).writeUInt32LE(1000, at + 24);
    const error = await refusal('menteuse.docx', bytes);
    expect(error.messageFr).toContain('la partie word/media/fond.bin est illisible');
  });

  it('a macro-enabled document, by its name or by its declared content', async () => {
    expect((await refusal('macros.docm', readFileSync(SAMPLE_DOCX))).messageFr).toContain('avec macros (.docm)');
    const types = (
      await (await JSZip.loadAsync(readFileSync(SAMPLE_DOCX))).file('[Content_Types].xml')!.async('string')
    )
      .replace('wordprocessingml.document.main+xml', 'x')
      .replace(
        '</Types>',
        '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
      );
    const disguised = await sampleWith({ '[Content_Types].xml': types, 'word/vbaProject.bin': new Uint8Array(16) });
    expect((await refusal('deguise.docx', disguised)).messageFr).toContain('avec macros (.docm)');
  });

  it('an encrypted document (an OLE compound file holding EncryptionInfo), and an old .doc', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const encrypted = Buffer.concat([
      ole,
      Buffer.alloc(512),
      Buffer.from('EncryptionInfo', 'utf16le'),
      Buffer.alloc(512),
    ]);
    expect((await refusal('chiffre.docx', encrypted)).messageFr).toContain('chiffré (protégé par mot de passe)');
    const old = Buffer.concat([ole, Buffer.alloc(1024)]);
    expect((await refusal('ancien.docx', old)).messageFr).toContain('Word 97-2003');
  });

  it('a part encrypted inside the zip', async () => {
    const bytes = await sampleWith({});
    const at = centralEntry(bytes, 'word/document.xml');
    const view = Buffer.from(bytes.buffer, bytes.byteOffset);
    view.writeUInt16LE(view.readUInt16LE(at + 8) | 1, at + 8);
    expect((await refusal('partie-chiffree.docx', bytes)).messageFr).toContain('est chiffrée');
  });

  it('a truncated document', async () => {
    const bytes = readFileSync(SAMPLE_DOCX);
    const error = await refusal('tronque.docx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(error.messageFr).toContain('tronqué ou abîmé');
  });

  it('over 5 MB', async () => {
    const big = Buffer.concat([readFileSync(SAMPLE_DOCX), Buffer.alloc(5 * 1024 * 1024)]);
    expect((await refusal('gros.docx', big)).messageFr).toContain('plus que la limite de 5\u00a0Mo');
  });

  it('not a zip at all, and a zip that is not a Word document', async () => {
    expect((await refusal('bruit.docx', new Uint8Array([1, 2, 3, 0, 255, 254]))).messageFr).toContain(
      'pas une archive zip',
    );
    const workbook = new JSZip();
    workbook.file('[Content_Types].xml', '<Types/>');
    workbook.file('xl/workbook.xml', '<workbook/>');
    const error = await refusal('classeur.docx', await workbook.generateAsync({ type: 'uint8array' }));
    expect(error.messageFr).toContain('un classeur Excel, pas un document Word');
  });

  it('a Word document renamed .md, and a Markdown file renamed .docx', async () => {
    const word = await refusal('renomme.md', readFileSync(SAMPLE_DOCX));
    expect(word.messageFr).toContain('une archive zip (un document Word?) nommée .md : renommez-la en .docx');
    const markdown = await refusal('renomme.docx', readFileSync(SAMPLE_MD));
    expect(markdown.messageFr).toContain('nommé .docx mais contient du texte');
    expect(markdown.messageFr).toContain('renommez-le en .md ou .txt');
  });

  it('the genuine sample still reads under another name', async () => {
    const path = join(dir, 'copie.docx');
    copyFileSync(SAMPLE_DOCX, path);
    expect((await readUpdateFile(path)).title).toBe('Mise à jour quotidienne');
  });
});
