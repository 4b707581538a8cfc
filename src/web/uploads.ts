import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { type CrieurError, RefusedError } from '../errors.js';

export interface SavedUpload {
  /** Where the file was written, in a directory of its own under `<dataDir>/uploads/`. */
  path: string;
  /** The name the person's file had, made safe: shown in messages instead of the server path. */
  name: string;
}

type MultipartBody = Record<string, MultipartFile | MultipartValue | undefined> | undefined;

/** Writes the uploaded update file (field `fichier`) where the pipeline can read it. */
export async function saveUpload(body: unknown, dataDir: string, now: Date): Promise<SavedUpload> {
  const file = (body as MultipartBody)?.fichier;
  if (file === undefined || file.type !== 'file' || file.filename === '') {
    throw new RefusedError('no file was sent', 'aucun fichier n’a été envoyé');
  }
  const bytes = await file.toBuffer();
  if (bytes.length === 0) throw new RefusedError('the file is empty', 'le fichier est vide');
  const name =
    basename(file.filename.normalize('NFC'))
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .slice(0, 120) || 'mise-a-jour.md';
  const dir = join(dataDir, 'uploads', `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, name };
}

/** A text field of a multipart form. */
export function multipartField(body: unknown, name: string): string | undefined {
  const field = (body as MultipartBody)?.[name];
  return field !== undefined && field.type === 'field' && typeof field.value === 'string' ? field.value : undefined;
}

/** The error's French message, naming the file as the person knows it rather than where the server put it. */
export function frenchMessage(error: CrieurError, upload: SavedUpload): string {
  return error.messageFr.split(upload.path).join(upload.name);
}

/** A refused upload leaves nothing behind: its file and the directory made for it are removed. */
export function discardUpload(upload: SavedUpload | undefined): void {
  if (upload !== undefined) rmSync(dirname(upload.path), { recursive: true, force: true });
}
