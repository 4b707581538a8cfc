import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendEvent,
  eventHash,
  exportJsonLines,
  iterateRows,
  listEvents,
  storedEventHash,
  toEvent,
} from '../../src/audit/journal.js';
import { verifyChain, verifyChainInTurns } from '../../src/audit/verify.js';
import type { Store } from '../../src/store/db.js';
import { tempDir } from '../queue/fixtures.js';
import { liftAuditGuard, openTestStore } from '../support/test-store.js';

let store: Store;
let removeDir: () => void;
beforeEach(() => {
  const dir = tempDir('crieur-audit-');
  removeDir = dir.remove;
  store = openTestStore(join(dir.path, 'crieur.sqlite'));
  for (let index = 1; index <= 6; index += 1) {
    appendEvent(store.db, {
      at: new Date(Date.UTC(2026, 4, 14, 12, index)),
      actor: index % 2 === 0 ? 'bruno' : 'ana',
      action: index % 2 === 0 ? 'approve' : 'edit',
      subject: `d${index}`,
      data: { version: index, note: `événement ${index}` },
    });
  }
});
afterEach(() => {
  store.close();
  removeDir();
});

/** What someone with write access to the file would do: lift the append-only guard first. */
function tamper(sql: string, ...params: unknown[]): void {
  liftAuditGuard(store);
  store.db.prepare(sql).run(...params);
}

describe('audit chain', () => {
  it('verifies an untouched log and links each event to the previous one', () => {
    expect(verifyChain(store.db)).toEqual({ ok: true, count: 6 });
    const events = listEvents(store.db);
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let index = 1; index < events.length; index += 1) {
      expect(events[index]!.prevHash).toBe(events[index - 1]!.hash);
    }
  });

  it('is an empty, valid chain on a new store', () => {
    const dir = tempDir('crieur-audit-empty-');
    const empty = openTestStore(join(dir.path, 'crieur.sqlite'));
    expect(verifyChain(empty.db)).toEqual({ ok: true, count: 0 });
    empty.close();
    dir.remove();
  });

  it('refuses updates and deletes through SQL while the guard is in place', () => {
    expect(() => store.db.prepare("UPDATE audit_events SET actor = 'x' WHERE id = 2").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_events WHERE id = 2').run()).toThrow(/append-only/);
  });

  it('detects an edited row and names it', () => {
    tamper("UPDATE audit_events SET actor = 'mallory' WHERE id = 3");
    expect(verifyChain(store.db)).toMatchObject({
      ok: false,
      firstBadId: 3,
      reason: expect.stringMatching(/modified/),
    });
  });

  it('detects edited data', () => {
    tamper(`UPDATE audit_events SET data = '{"note":"autre","version":4}' WHERE id = 4`);
    expect(verifyChain(store.db)).toMatchObject({ ok: false, firstBadId: 4 });
  });

  it('detects an edited row whose hash was recomputed without its successors', () => {
    // Rewriting one row's content and hash consistently still breaks the next row's link.
    const row = store.db.prepare('SELECT * FROM audit_events WHERE id = 2').get() as { hash: string };
    tamper("UPDATE audit_events SET actor = 'mallory', hash = ? WHERE id = 2", 'f'.repeat(64));
    expect(row.hash).not.toBe('f'.repeat(64));
    expect(verifyChain(store.db)).toMatchObject({ ok: false, firstBadId: 2 });
  });

  it('detects a deleted row in the middle', () => {
    tamper('DELETE FROM audit_events WHERE id = 3');
    expect(verifyChain(store.db)).toMatchObject({ ok: false, firstBadId: 4, reason: expect.stringMatching(/deleted/) });
  });

  it('detects deleted rows at the end', () => {
    tamper('DELETE FROM audit_events WHERE id >= 5');
    expect(verifyChain(store.db)).toMatchObject({ ok: false, firstBadId: 5, reason: expect.stringMatching(/deleted/) });
  });

  it('detects reordered rows', () => {
    tamper('UPDATE audit_events SET id = 100 WHERE id = 2');
    tamper('UPDATE audit_events SET id = 2 WHERE id = 5');
    tamper('UPDATE audit_events SET id = 5 WHERE id = 100');
    expect(verifyChain(store.db)).toMatchObject({ ok: false, firstBadId: 2 });
  });

  it('exports one JSON object per line, oldest first', () => {
    const lines = exportJsonLines(store.db).trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(
      ['action', 'actor', 'at', 'data', 'hash', 'id', 'prevHash', 'seq', 'subject'].sort(),
    );
    expect(first).toMatchObject({ seq: 1, actor: 'ana', data: { note: 'événement 1', version: 1 } });
  });

  it('hashes each stored row as written the same as its parsed content, for any data appendEvent takes', () => {
    const awkward = [
      {},
      {
        b: 2,
        a: [3, { z: null, y: `ü${String.fromCharCode(0x2028)}"${String.fromCharCode(0x5c)}` }],
        c: { nested: { deep: true } },
      },
      { emoji: '🇶🇨 🙏🏽', number: 1e21, negative: -0.5, small: 1e-7, quote: 'l’« été »' },
      { skipped: undefined, kept: 'oui' },
    ];
    for (const [index, data] of awkward.entries())
      appendEvent(store.db, {
        at: new Date(),
        actor: 'Rédaction “A”',
        action: 'edit',
        subject: `d${20 + index}`,
        data,
      });
    let checked = 0;
    for (const row of iterateRows(store.db)) {
      expect(storedEventHash(row.prevHash, row)).toBe(row.hash);
      expect(eventHash(row.prevHash, toEvent(row))).toBe(row.hash);
      checked++;
    }
    expect(checked).toBe(10);
    expect(verifyChain(store.db)).toEqual({ ok: true, count: 10 });
  });

  it('accepts a row whose data was rewritten with the same content in another layout, and still names edited data', () => {
    tamper(`UPDATE audit_events SET data = ? WHERE id = 3`, '{ "version" : 3,  "note" : "événement 3" }');
    expect(verifyChain(store.db)).toEqual({ ok: true, count: 6 });
    tamper(`UPDATE audit_events SET data = ? WHERE id = 4`, '{"note":"événement 4","version":40}');
    expect(verifyChain(store.db)).toMatchObject({
      ok: false,
      firstBadId: 4,
      reason: expect.stringMatching(/modified/),
    });
  });

  it('keeps the chain across a reopened store', () => {
    const path = store.path;
    store.close();
    store = openTestStore(path);
    appendEvent(store.db, { at: new Date(), actor: 'ana', action: 'reject', subject: 'd7', data: {} });
    expect(verifyChain(store.db)).toEqual({ ok: true, count: 7 });
  });

  it('reads the log a page at a time, in order, from any row on', () => {
    expect([...iterateRows(store.db, { pageSize: 2 })].map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...iterateRows(store.db, { pageSize: 4, afterId: 4 })].map((row) => row.seq)).toEqual([5, 6]);
    expect([...iterateRows(store.db, { pageSize: 3, afterId: 6 })]).toEqual([]);
    expect([...iterateRows(store.db, { afterId: 4 })].map((row) => row.seq)).toEqual([5, 6]);
    expect([...iterateRows(store.db)].map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('verifies a page at a time, and still names a row edited or deleted where one page meets the next', () => {
    expect(verifyChain(store.db, { pageSize: 2 })).toEqual({ ok: true, count: 6 });
    tamper("UPDATE audit_events SET actor = 'mallory' WHERE id = 3");
    expect(verifyChain(store.db, { pageSize: 2 })).toMatchObject({ ok: false, count: 2, firstBadId: 3 });
    tamper("UPDATE audit_events SET actor = 'ana' WHERE id = 3");
    expect(verifyChain(store.db, { pageSize: 2 })).toEqual({ ok: true, count: 6 });
    tamper('DELETE FROM audit_events WHERE id = 5');
    expect(verifyChain(store.db, { pageSize: 2 })).toMatchObject({
      ok: false,
      firstBadId: 6,
      reason: expect.stringMatching(/deleted/),
    });
  });

  it('verifies the events appended while the log is read, instead of reporting the last ones deleted', () => {
    let appended = 0;
    // Another instance appends an event between the last page read and the read of the log's end.
    const busy = {
      ...store.db,
      prepare: (sql: string) => {
        if (sql.includes('FROM audit_head') && appended < 2) {
          appended += 1;
          appendEvent(store.db, { at: new Date(), actor: 'crieur', action: 'published', subject: `d${6 + appended}` });
        }
        return store.db.prepare(sql);
      },
    };
    expect(verifyChain(busy, { pageSize: 4 })).toEqual({ ok: true, count: 8 });
    expect(appended).toBe(2);
  });

  it('names rows added after the recorded end of the log, and a removed record of that end', () => {
    const fifth = store.db.prepare('SELECT hash FROM audit_events WHERE seq = 5').get() as { hash: string };
    const sixth = store.db.prepare('SELECT id FROM audit_events WHERE seq = 6').get() as { id: number };
    tamper('UPDATE audit_head SET seq = 5, hash = ? WHERE one = 1', fifth.hash);
    expect(verifyChain(store.db)).toMatchObject({
      ok: false,
      count: 6,
      firstBadId: sixth.id,
      reason: expect.stringMatching(/after sequence 5/),
    });
    tamper('DELETE FROM audit_head');
    expect(verifyChain(store.db)).toMatchObject({ ok: false, count: 6, reason: expect.stringMatching(/end/) });
  });

  it('verifies in turns between pages, with no query left open while others write', async () => {
    let pauses = 0;
    // What runs between two pages: another request's write on the same connection (refused while a
    // query is still being read) appends an event, which the check then reads and verifies too.
    const pause = async () => {
      pauses += 1;
      if (pauses <= 2) {
        appendEvent(store.db, { at: new Date(), actor: 'crieur', action: 'published', subject: `d${6 + pauses}` });
      }
    };
    expect(await verifyChainInTurns(store.db, { pageSize: 2 }, pause)).toEqual({ ok: true, count: 8 });
    expect(pauses).toBe(4);
    expect(verifyChain(store.db)).toEqual({ ok: true, count: 8 });
  });

  it('finds in turns what it finds at once, and says why in French too', async () => {
    tamper("UPDATE audit_events SET actor = 'mallory' WHERE id = 3");
    const verdict = await verifyChainInTurns(store.db, { pageSize: 2 });
    expect(verdict).toEqual(verifyChain(store.db));
    expect(verdict).toEqual({
      ok: false,
      count: 2,
      firstBadId: 3,
      reason: 'event 3 was modified (its hash does not match its content)',
      reasonFr: 'l’événement 3 a été modifié (son empreinte ne correspond plus à son contenu)',
    });
    tamper("UPDATE audit_events SET actor = 'ana' WHERE id = 3");
    tamper('DELETE FROM audit_events WHERE id = 6');
    expect(await verifyChainInTurns(store.db, { pageSize: 4 })).toMatchObject({
      ok: false,
      firstBadId: 6,
      reasonFr:
        'le journal s’arrête au numéro 5, mais 6 événements avaient été inscrits : les derniers événements ont été supprimés',
    });
  });
});
