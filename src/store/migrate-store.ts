import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CrieurError } from '../errors.js';
import { CONTENT_TABLES, copyStoreRows, isEmptyStore, rowCounts } from './copy-store.js';
import { openStore } from './db.js';
import { instancesSeenSince } from './leases-repo.js';
import { migrate } from './migrations.js';
import { postgresDb, redactedUrl } from './postgres-db.js';
import type { Db } from './sql.js';

/** The migration was refused before anything was copied (exit code 2): the target is as it was. */
export class MigrateStoreRefusedError extends CrieurError {
  override name = 'MigrateStoreRefusedError';
}

/** The copy did not check out on the target; its transaction was rolled back, nothing stays (exit code 1). */
export class MigrateStoreCheckError extends CrieurError {
  override name = 'MigrateStoreCheckError';
  constructor(message: string, messageFr: string) {
    super(message, messageFr, { exitCode: 1 });
  }
}

/** What an audit chain verification says (`verifyChain` of the audit module). */
export type ChainCheck = { ok: true; count: number } | { ok: false; count: number; firstBadId: number; reason: string };

export interface MigrateStoreInput {
  /** The SQLite store to copy; never written except for its own pending migrations. */
  sqlitePath: string;
  /** Its cards: the files named `<sha256>.<ext>` beside it. */
  mediaDir: string;
  /** The PostgreSQL database to fill (`postgres://…`); it must hold no content yet. */
  targetUrl: string;
  /** Copy even when a `crieur run` was seen using the SQLite store in the last minute. */
  force: boolean;
  now: () => Date;
  verifyChain: (db: Db) => ChainCheck;
  /** Opens the target connection; PostgreSQL through libpq unless a test gives another. */
  openTarget?: (url: string) => Db;
}

export interface MigrateStoreResult {
  /** The target URL without its password. */
  to: string;
  /** Rows copied, per table (`media_files` includes the card files added). */
  tables: Record<string, number>;
  /** The card files copied into `media_files`; `missing` lists cards drafts name that were not in the folder. */
  media: { files: number; bytes: number; missing: string[] };
  /** Events of the audit chain, verified on the source before and on the target after the copy. */
  audit: { before: number; after: number };
}

/** How recently a `crieur run` must have been seen for the copy to wait for it to stop. */
const LIVE_WINDOW_MS = 60_000;

const CARD_FILE = /^([0-9a-f]{64})\.(png|jpe?g)$/;

/**
 * Copies a SQLite store, and its card files, into an empty PostgreSQL database: every content row
 * with its id, each card into `media_files`. The copy is one transaction of the target, checked
 * before it commits (row counts table by table, the audit chain): it is all there, or nothing is.
 */
export function migrateStore(input: MigrateStoreInput): MigrateStoreResult {
  const to = redactedUrl(input.targetUrl);
  requirePostgresUrl(input.targetUrl);
  if (!existsSync(input.sqlitePath)) {
    throw new MigrateStoreRefusedError(
      `no SQLite store at ${input.sqlitePath}: check dataDir / CRIEUR_DATA_DIR (nothing was copied)`,
      `aucune base SQLite à ${input.sqlitePath} : vérifiez dataDir / CRIEUR_DATA_DIR (rien n’a été copié)`,
    );
  }
  const source = openStore(input.sqlitePath, { now: input.now });
  try {
    refuseLiveInstances(source.db, input);
    // One read snapshot of the source: the rows, the chain and the counts all describe the same moment.
    source.db.exec('BEGIN');
    try {
      return copyInto(source.db, input, to);
    } finally {
      source.db.exec('ROLLBACK');
    }
  } finally {
    source.close();
  }
}

function copyInto(source: Db, input: MigrateStoreInput, to: string): MigrateStoreResult {
  const before = input.verifyChain(source);
  if (!before.ok) {
    throw new MigrateStoreRefusedError(
      `the audit chain of ${input.sqlitePath} does not verify (event ${before.firstBadId}: ${before.reason}); restore a backup that verifies (crieur audit --verify) before moving the store (nothing was copied)`,
      `le journal d’audit de ${input.sqlitePath} est altéré (événement ${before.firstBadId}) : restaurez une sauvegarde intègre (crieur audit --verify) avant de déplacer la base (rien n’a été copié)`,
    );
  }
  const expected = rowCounts(source);
  const missing = missingCards(source, input.mediaDir);
  const target = (input.openTarget ?? postgresDb)(input.targetUrl);
  try {
    migrate(target, input.now);
    return target.transaction(() => {
      // Checked in the copy's transaction, under the writers' lock: two copies cannot both find it empty.
      if (!isEmptyStore(target)) {
        const held = Object.entries(rowCounts(target))
          .filter(([, count]) => count > 0)
          .map(([table, count]) => `${table} ${count}`)
          .join(', ');
        throw new MigrateStoreRefusedError(
          `${to} already holds a store (${held}): copy into an empty database (nothing was copied)`,
          `${to} contient déjà une base crieur (${held}) : copiez dans une base vide (rien n’a été copié)`,
        );
      }
      let media = { files: 0, bytes: 0 };
      const tables = copyStoreRows(source, target, (db) => {
        media = copyCardFiles(db, input.mediaDir);
      });
      tables.media_files = (tables.media_files ?? 0) + media.files;
      expected.media_files = (expected.media_files ?? 0) + media.files;
      const after = checkCopy(target, expected, before.count, input.verifyChain);
      return { to, tables, media: { ...media, missing }, audit: { before: before.count, after } };
    });
  } finally {
    target.close();
  }
}

/** Refuses a URL that is not PostgreSQL's, without echoing its password. */
function requirePostgresUrl(url: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'postgres:' || protocol === 'postgresql:') return;
  const shown = protocol === undefined ? 'not a URL' : `got ${redactedUrl(url)}`;
  throw new MigrateStoreRefusedError(
    `--to expects a PostgreSQL URL like postgres://crieur@db.example.org/crieur (${shown}; nothing was copied)`,
    `--to attend une adresse PostgreSQL comme postgres://crieur@db.example.org/crieur (${protocol === undefined ? 'ce n’est pas une adresse' : `reçu ${redactedUrl(url)}`} ; rien n’a été copié)`,
  );
}

/** A `crieur run` still writing to the SQLite store would write what the copy never sees. */
function refuseLiveInstances(db: Db, input: MigrateStoreInput): void {
  if (input.force) return;
  const since = new Date(input.now().getTime() - LIVE_WINDOW_MS).toISOString();
  const live = instancesSeenSince(db, since);
  if (live.length === 0) return;
  const named = live.map((instance) => `${instance.host} pid ${instance.pid}`).join(', ');
  throw new MigrateStoreRefusedError(
    `crieur run was seen using this store in the last minute (${named}): stop it, then copy (or --force if it is gone; nothing was copied)`,
    `crieur run utilise encore cette base (vu dans la dernière minute : ${named}) : arrêtez-le avant la copie (ou --force s’il est arrêté ; rien n’a été copié)`,
  );
}

/** Each card file of the folder into `media_files`, checked against the hash its name carries. */
function copyCardFiles(db: Db, mediaDir: string): { files: number; bytes: number } {
  const insert = db.prepare(
    `INSERT INTO media_files (file, sha256, mime, bytes, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (file) DO NOTHING`,
  );
  let files = 0;
  let bytes = 0;
  for (const file of cardFiles(mediaDir)) {
    const path = join(mediaDir, file.name);
    const content = readFileSync(path);
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (sha256 !== file.sha256) {
      throw new MigrateStoreRefusedError(
        `the card ${path} does not match the hash in its name (damaged): restore it from a backup or remove it (nothing was copied)`,
        `l’image ${path} ne correspond plus à son empreinte (endommagée) : restaurez-la d’une sauvegarde ou retirez-la (rien n’a été copié)`,
      );
    }
    const mime = file.ext === 'png' ? 'image/png' : 'image/jpeg';
    const createdAt = statSync(path).mtime.toISOString();
    if (insert.run(file.name, sha256, mime, content, createdAt).changes === 1) {
      files += 1;
      bytes += content.length;
    }
  }
  return { files, bytes };
}

function cardFiles(mediaDir: string): { name: string; sha256: string; ext: string }[] {
  if (!existsSync(mediaDir)) return [];
  return readdirSync(mediaDir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .flatMap((entry) => {
      const match = CARD_FILE.exec(entry.name);
      return match === null ? [] : [{ name: entry.name, sha256: match[1] as string, ext: match[2] as string }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Cards a draft version names that are neither in the folder nor already in `media_files`. */
function missingCards(source: Db, mediaDir: string): string[] {
  const named = source
    .prepare(
      `SELECT DISTINCT json_extract(m.value, '$.file') AS file
       FROM draft_versions v, json_each(v.content, '$.posts') p, json_each(p.value, '$.media') m
       WHERE json_extract(m.value, '$.file') NOT IN (SELECT file FROM media_files)
       ORDER BY file`,
    )
    .pluck()
    .all() as string[];
  return named.filter((file) => !existsSync(join(mediaDir, file)));
}

/** Inside the copy's transaction: a difference throws, and the whole copy is rolled back. */
function checkCopy(
  target: Db,
  expected: Record<string, number>,
  eventsBefore: number,
  verifyChain: MigrateStoreInput['verifyChain'],
): number {
  const found = rowCounts(target);
  const differences = CONTENT_TABLES.filter((table) => found[table] !== expected[table]).map(
    (table) => `${table}: ${expected[table]} in SQLite, ${found[table]} in PostgreSQL`,
  );
  if (differences.length > 0) {
    throw new MigrateStoreCheckError(
      `the copy does not match the source (${differences.join('; ')}); it was rolled back, nothing was written`,
      `la copie ne correspond pas à la source (${differences.join(' ; ')}) : elle a été annulée, rien n’a été écrit`,
    );
  }
  const after = verifyChain(target);
  if (!after.ok || after.count !== eventsBefore) {
    const why = after.ok
      ? `${after.count} events instead of ${eventsBefore}`
      : `event ${after.firstBadId}: ${after.reason}`;
    throw new MigrateStoreCheckError(
      `the audit chain does not verify on the copy (${why}); it was rolled back, nothing was written`,
      `le journal d’audit copié ne se vérifie pas : la copie a été annulée, rien n’a été écrit`,
    );
  }
  return after.count;
}
