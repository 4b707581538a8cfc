import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorNote } from './error-note.js';
import { errorNoteName, freeName, isInboxCandidate, PROCESSED_DIR, REFUSED_DIR } from './folders.js';

export interface InboxLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface WatchInboxOptions {
  dir: string;
  /** Imports one update file; a throw refuses the file (its message is written beside it). */
  onFile: (path: string) => Promise<void>;
  log: InboxLog;
  /** Safety-net scan period: fs.watch misses events on some filesystems (network shares, some containers). */
  pollMs?: number;
  /** Least time between the two size checks that declare a file completely copied. */
  settleMs?: number;
  /** Also react to fs.watch events (default true); the periodic scan runs either way. */
  watch?: boolean;
  now?: () => number;
}

export interface InboxWatcher {
  /** Stops watching and waits for the file being handled, if any. */
  close(): Promise<void>;
  /** Scans the folder now; resolves once every stable file found has been handled. */
  scanNow(): Promise<void>;
}

const DEFAULT_POLL_MS = 5_000;
const DEFAULT_SETTLE_MS = 1_000;

interface Sighting {
  size: number;
  mtimeMs: number;
  /** When this size was first seen. */
  since: number;
}

/**
 * Watches a folder for update files. A file is handled once it is stable (same size on two checks
 * at least `settleMs` apart), once per content: handled files move to `traite/`, refused ones to
 * `refuse/` with an error note. Files are never deleted.
 */
export function watchInbox(options: WatchInboxOptions): InboxWatcher {
  const { dir, onFile, log } = options;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const now = options.now ?? Date.now;
  const processedDir = join(dir, PROCESSED_DIR);
  const refusedDir = join(dir, REFUSED_DIR);

  const sightings = new Map<string, Sighting>();
  const handledHashes = new Set<string>();
  /** Files refused whose move failed: not offered again while their content is unchanged. */
  const stuck = new Map<string, string>();
  let closed = false;
  let watcher: FSWatcher | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;
  let queued: Promise<void> | undefined;

  const ready = prepare();
  let chain: Promise<void> = ready.catch(() => {});

  async function prepare(): Promise<void> {
    await mkdir(processedDir, { recursive: true });
    await mkdir(refusedDir, { recursive: true });
    // Processed files are the memory of what was handled, so a restart does not import them again.
    for (const entry of await readdir(processedDir, { withFileTypes: true })) {
      if (entry.isFile() && isInboxCandidate(entry.name)) {
        handledHashes.add(sha256(await readFile(join(processedDir, entry.name))));
      }
    }
  }

  async function scan(): Promise<void> {
    await ready;
    if (closed) return;
    let waiting = false;
    const entries = await readdir(dir, { withFileTypes: true });
    const present = new Set<string>();
    for (const entry of entries) {
      if (closed) return;
      if (!entry.isFile() || !isInboxCandidate(entry.name)) continue;
      present.add(entry.name);
      const path = join(dir, entry.name);
      let info: { size: number; mtimeMs: number };
      try {
        info = await stat(path);
      } catch {
        continue; // Gone since the listing.
      }
      const seen = sightings.get(entry.name);
      const at = now();
      if (!seen || seen.size !== info.size || seen.mtimeMs !== info.mtimeMs) {
        sightings.set(entry.name, { size: info.size, mtimeMs: info.mtimeMs, since: at });
        waiting = true;
        continue;
      }
      // An empty file is most often a copy that has not started writing yet.
      if (info.size === 0 || at - seen.since < settleMs) {
        waiting = true;
        continue;
      }
      sightings.delete(entry.name);
      await handle(entry.name);
    }
    for (const name of sightings.keys()) if (!present.has(name)) sightings.delete(name);
    if (waiting) scheduleRecheck();
  }

  async function handle(name: string): Promise<void> {
    const path = join(dir, name);
    let hash: string;
    try {
      hash = sha256(await readFile(path));
    } catch (error) {
      log.warn({ file: name, error: String(error) }, 'inbox file could not be read; will retry');
      return;
    }
    if (stuck.get(name) === hash) return;
    if (handledHashes.has(hash)) {
      const moved = await moveTo(name, processedDir);
      log.info(
        { file: name, movedTo: moved, sha256: hash },
        'inbox file already imported (same content); not imported again',
      );
      return;
    }
    try {
      await onFile(path);
    } catch (error) {
      await refuse(name, hash, error);
      return;
    }
    handledHashes.add(hash);
    const moved = await moveTo(name, processedDir);
    log.info({ file: name, movedTo: moved, sha256: hash }, 'inbox file imported');
  }

  async function refuse(name: string, hash: string, error: unknown): Promise<void> {
    const moved = await moveTo(name, refusedDir);
    const message = error instanceof Error ? error.message : String(error);
    if (moved === undefined) {
      stuck.set(name, hash);
      log.warn({ file: name, error: message }, 'inbox file refused but could not be moved; left in place');
      return;
    }
    const note = join(refusedDir, errorNoteName(moved));
    try {
      await writeFile(note, errorNote(name, error, new Date(now())), 'utf8');
    } catch (writeError) {
      log.warn({ file: name, error: String(writeError) }, 'could not write the error note of a refused inbox file');
    }
    log.warn({ file: name, movedTo: moved, error: message }, 'inbox file refused');
  }

  /** Moves `name` into `target`, never over another file; the new name, or undefined when the move failed. */
  async function moveTo(name: string, target: string): Promise<string | undefined> {
    try {
      const free = await freeName(target, name);
      await rename(join(dir, name), join(target, free));
      return free;
    } catch (error) {
      log.warn({ file: name, error: String(error) }, 'could not move inbox file');
      return undefined;
    }
  }

  function enqueue(): Promise<void> {
    const run = chain.then(() => {
      if (queued === run) queued = undefined;
      return scan();
    });
    chain = run.catch(() => {});
    return run;
  }

  /** Background scans coalesce: one queued scan sees every change made before it starts. */
  function requestScan(): void {
    if (closed || queued) return;
    const run = enqueue();
    queued = run;
    run.catch((error: unknown) => log.warn({ error: String(error) }, 'inbox scan failed'));
  }

  function scheduleRecheck(): void {
    if (closed || recheckTimer) return;
    recheckTimer = setTimeout(() => {
      recheckTimer = undefined;
      requestScan();
    }, settleMs);
  }

  function startWatching(): void {
    if (closed || !(options.watch ?? true)) return;
    try {
      watcher = watch(dir, { persistent: false }, () => requestScan());
      watcher.on('error', (error) => {
        log.warn({ error: String(error) }, 'inbox watch failed; relying on the periodic scan');
        watcher?.close();
        watcher = undefined;
      });
    } catch (error) {
      log.warn({ error: String(error) }, 'inbox watch unavailable; relying on the periodic scan');
    }
  }

  ready.then(startWatching, (error: unknown) =>
    log.warn({ error: String(error) }, 'inbox folder could not be prepared'),
  );
  const poll = setInterval(requestScan, pollMs);
  requestScan();

  return {
    async close() {
      closed = true;
      clearInterval(poll);
      if (recheckTimer) clearTimeout(recheckTimer);
      recheckTimer = undefined;
      watcher?.close();
      watcher = undefined;
      await chain;
    },
    scanNow() {
      if (closed) return Promise.resolve();
      return enqueue();
    },
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
