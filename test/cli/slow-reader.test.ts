import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/audit/journal.js';
import { storePath } from '../../src/store/db.js';
import { tempDir } from '../queue/fixtures.js';
import { openTestStore, testStoreEnv } from '../support/test-store.js';

/**
 * A command's output piped into a reader that takes its time (`crieur audit --json | less`, a script
 * busy elsewhere): the command must not end before the reader has had all of it. Node writes to a
 * pipe asynchronously, and crieur ends the process 2 s after a command returns (a client library's
 * open connection must not keep it alive): the output is flushed first.
 */

const EVENTS = 3000;
let dir: { path: string; remove: () => void };
let dataDir: string;

beforeAll(() => {
  dir = tempDir('crieur-slow-reader-');
  dataDir = join(dir.path, 'data');
  const store = openTestStore(storePath(dataDir));
  store.db.transaction(() => {
    for (let index = 1; index <= EVENTS; index += 1) {
      appendEvent(store.db, {
        at: new Date(Date.UTC(2026, 4, 14, 12, 0, index)),
        actor: 'Camille Tremblay',
        action: 'edit',
        subject: `d${index}`,
        data: { version: index, note: `Une modification assez longue pour remplir le tuyau, numéro ${index}.` },
      });
    }
  });
  store.close();
});

afterAll(() => dir?.remove());

describe('output into a slow reader', () => {
  it('reaches the reader whole, even when it starts reading after the command is done', async () => {
    const child = spawn(process.execPath, ['bin/crieur.js', 'audit', '--json'], {
      env: { ...process.env, CRIEUR_DATA_DIR: dataDir, ...testStoreEnv(dataDir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pause();
    // Longer than the command takes plus crieur's 2 s exit timer.
    await sleep(6000);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    expect(code).toBe(0);
    expect(Buffer.concat(chunks).length).toBeGreaterThan(256 * 1024);
    expect(lines).toHaveLength(EVENTS);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ seq: EVENTS, subject: `d${EVENTS}` });
  }, 60_000);
});
