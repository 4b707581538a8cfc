import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CutFigure } from './check-layout.js';

/** A rendered card as the cache keeps it: the exact image bytes and what the renderer noted. */
export interface CachedCard {
  data: Buffer;
  mime: 'image/png' | 'image/jpeg';
  ext: 'png' | 'jpg';
  missing: string[];
  cut: CutFigure[];
}

/** Where rendered cards are kept between runs, by a key naming everything that shapes the image. */
export interface CardCache {
  get(key: string): Promise<CachedCard | undefined>;
  set(key: string, card: CachedCard): Promise<void>;
}

interface Entry {
  mime: CachedCard['mime'];
  ext: CachedCard['ext'];
  sha256: string;
  missing: string[];
  cut: CutFigure[];
}

/** Kept when the directory holds more (the oldest are removed): about 80 KB each, 40 MB in all. */
const DEFAULT_MAX_ENTRIES = 500;

/**
 * A directory of rendered cards: `<key>.json` names the image `<key>.<ext>` and its SHA-256. An
 * entry whose image is missing or does not match (a crash between the two writes, a disk error)
 * is a miss, never a wrong card. Writes go to a temporary name first, then are renamed. Failing
 * to read or write the cache never fails a render: the card is drawn instead.
 */
export function diskCardCache(dir: string, options: { maxEntries?: number } = {}): CardCache {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  return {
    async get(key) {
      try {
        const entry = JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as Entry;
        const data = await readFile(join(dir, `${key}.${entry.ext}`));
        if (createHash('sha256').update(data).digest('hex') !== entry.sha256) return undefined;
        return { data, mime: entry.mime, ext: entry.ext, missing: entry.missing, cut: entry.cut };
      } catch {
        return undefined;
      }
    },
    async set(key, card) {
      try {
        await mkdir(dir, { recursive: true });
        const entry: Entry = {
          mime: card.mime,
          ext: card.ext,
          sha256: createHash('sha256').update(card.data).digest('hex'),
          missing: card.missing,
          cut: card.cut,
        };
        const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
        await writeFile(join(dir, `${key}.${card.ext}.${unique}.tmp`), card.data);
        await rename(join(dir, `${key}.${card.ext}.${unique}.tmp`), join(dir, `${key}.${card.ext}`));
        await writeFile(join(dir, `${key}.json.${unique}.tmp`), JSON.stringify(entry));
        await rename(join(dir, `${key}.json.${unique}.tmp`), join(dir, `${key}.json`));
        await prune(dir, maxEntries);
      } catch {
        // A cache that cannot be written only costs the next run a drawing.
      }
    },
  };
}

/** Removes the oldest entries (and stray temporary files) beyond `maxEntries`. */
async function prune(dir: string, maxEntries: number): Promise<void> {
  const names = await readdir(dir);
  const entries = names.filter((name) => name.endsWith('.json'));
  if (entries.length <= maxEntries) return;
  const dated = await Promise.all(
    entries.map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  dated.sort((a, b) => a.mtime - b.mtime);
  const removed = new Set(
    dated.slice(0, dated.length - maxEntries).map((entry) => entry.name.slice(0, -'.json'.length)),
  );
  await Promise.all(
    names
      .filter((name) => removed.has(name.split('.')[0] ?? ''))
      .map((name) => unlink(join(dir, name)).catch(() => undefined)),
  );
}

/**
 * What the drawing code is: a hash of the renderer's, the templates', the card text's and the
 * composer's typography files as this process runs them (TypeScript in development, compiled
 * JavaScript installed), and of the versions of Satori, Skia's binding and sharp. Any change there is a new key,
 * so a cached card is never one an older renderer drew. Run from the bundle (dist/src/crieur.cjs,
 * which holds all of that code), it is the bundle's hash and that of Satori's, as the build
 * recorded them.
 */
export async function rendererSignature(): Promise<string> {
  const hash = createHash('sha256');
  const here = new URL('.', import.meta.url);
  if (import.meta.url.endsWith('.cjs')) {
    const stamp = await readFile(new URL('../.sources.json', here), 'utf8').catch(() => undefined);
    const bundle = stamp === undefined ? undefined : (JSON.parse(stamp) as { bundle?: unknown }).bundle;
    if (bundle !== undefined) hash.update('bundle').update(JSON.stringify(bundle));
    else hash.update('bundle').update(await readFile(new URL(import.meta.url)));
  } else {
    const dirs = ['./', '../cards/', '../compose/', '../../templates/'].map((relative) => new URL(relative, here));
    for (const dir of dirs) {
      const names = (await readdir(dir).catch(() => [] as string[]))
        .filter((name) => /\.(?:ts|js)$/u.test(name))
        .sort();
      for (const name of names) hash.update(name).update(await readFile(new URL(name, dir)));
    }
  }
  for (const module of ['satori', '@napi-rs/canvas', 'sharp']) hash.update(module).update(await packageVersion(module));
  return hash.digest('hex');
}

async function packageVersion(module: string): Promise<string> {
  const require = createRequire(import.meta.url);
  try {
    let dir = require.resolve(module);
    for (let up = 0; up < 5; up++) {
      dir = join(dir, '..');
      const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
      if (text !== undefined) {
        const pkg = JSON.parse(text) as { name?: string; version?: string };
        if (pkg.name === module) return pkg.version ?? '';
      }
    }
  } catch {
    // Not resolvable: the version stays unknown, and the files' hash still keys the cache.
  }
  return '';
}
