import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as statusCommand } from '../../src/cli/commands/status.js';
import { statusRows } from '../../src/cli/commands/status-drafts.js';
import { importDrafts } from '../../src/queue/import.js';
import type { DraftRecord, DraftStatus } from '../../src/queue/types.js';
import { publishSlot } from '../../src/schedule/due.js';
import { openStore, storePath } from '../../src/store/db.js';
import { setDraftStatus } from '../../src/store/drafts-repo.js';
import { addDays, zonedDate } from '../../src/time/zoned-time.js';
import { makeUpdate, tempDir } from '../queue/fixtures.js';
import { runCli } from './run-cli.js';

const RULES = { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 60 };

function draft(id: number, date: string, status: DraftStatus, extra: Partial<DraftRecord> = {}): DraftRecord {
  return {
    id,
    updateId: 1,
    date,
    network: 'x',
    status,
    kind: 'update',
    targetId: null,
    version: 1,
    contentHash: 'a'.repeat(64),
    reason: null,
    author: 'ana',
    createdAt: `${date}T10:00:00.000Z`,
    updatedAt: `${date}T10:00:00.000Z`,
    content: { network: 'x', posts: [], warnings: [] },
    ...extra,
  };
}

function rows(drafts: DraftRecord[], now: string) {
  return statusRows(drafts, {
    now: new Date(now),
    timezone: RULES.timezone,
    slotOf: (item) => publishSlot(item.date, RULES),
  });
}

describe('crieur status: what is late, failed or still waiting', () => {
  it('marks what missed its hour today and what went wrong on earlier days, before what is waiting', () => {
    // 9:01 in Toronto on 2026-05-14.
    const listed = rows(
      [
        draft(1, '2026-05-12', 'failed'),
        draft(2, '2026-05-13', 'awaiting_review'),
        draft(3, '2026-05-13', 'approved'),
        draft(4, '2026-05-14', 'awaiting_review'),
        draft(5, '2026-05-14', 'approved'),
        draft(6, '2026-05-15', 'awaiting_review'),
        draft(7, '2026-05-11', 'missed'),
        draft(8, '2026-05-10', 'partly_published'),
      ],
      '2026-05-14T13:01:00Z',
    );
    expect(listed.map((row) => [row.id, row.late])).toEqual([
      ['d1', 'failed'],
      ['d2', 'not-approved'],
      ['d3', 'not-published'],
      ['d4', 'not-approved'],
      ['d5', 'not-published'],
      ['d7', 'missed'],
      ['d8', 'partly-published'],
      ['d6', null],
    ]);
    const byId = new Map(listed.map((row) => [row.id, row]));
    expect(byId.get('d4')?.note).toContain('approved before 10:00, it still goes out');
    expect(byId.get('d4')?.noteFr).toContain('approuvé avant 10\u00a0h, il part encore');
    expect(byId.get('d2')?.note).toContain('crieur publish --now --date 2026-05-13');
    expect(byId.get('d5')?.note).toContain('is crieur run running?');
    expect(byId.get('d1')?.noteFr).toContain('voir pourquoi avec crieur show d1');
    expect(byId.get('d7')?.note).toContain('crieur approve d7 --by NAME');
    expect(byId.get('d6')?.note).toBeUndefined();
  });

  it('looks back 7 days only, counting a correction from the day it was queued', () => {
    const listed = rows(
      [
        draft(1, '2026-05-06', 'failed'),
        draft(2, '2026-05-07', 'failed'),
        draft(3, '2026-04-01', 'awaiting_review', { kind: 'correction', createdAt: '2026-05-14T12:00:00.000Z' }),
      ],
      '2026-05-14T13:01:00Z',
    );
    expect(listed.map((row) => [row.id, row.late])).toEqual([
      ['d2', 'failed'],
      ['d3', null],
    ]);
  });

  it('says nothing is late before the publish time', () => {
    const listed = rows([draft(1, '2026-05-14', 'awaiting_review')], '2026-05-14T12:59:00Z');
    expect(listed.map((row) => row.late)).toEqual([null]);
  });
});

describe('crieur status from the command line', () => {
  let dir: { path: string; remove: () => void };
  let today: string;
  beforeEach(() => {
    dir = tempDir('crieur-status-');
    today = zonedDate(new Date(), RULES.timezone);
    const store = openStore(storePath(join(dir.path, 'data')));
    const context = { store, now: () => new Date() };
    const queue = (date: string) =>
      importDrafts(context, {
        update: makeUpdate(date),
        drafts: [{ network: 'x', posts: [{ text: `Mise à jour du ${date}`, media: [] }], warnings: [] }],
        by: 'ana',
      }).drafts[0]!;
    const failed = queue(addDays(today, -3));
    setDraftStatus(store.db, failed.id, 'failed', null, new Date().toISOString());
    queue(addDays(today, -2));
    const old = queue(addDays(today, -10));
    setDraftStatus(store.db, old.id, 'failed', null, new Date().toISOString());
    queue(addDays(today, 1));
    store.close();
  });
  afterEach(() => dir.remove());

  it('shows, clearly marked, what failed or still awaits review from earlier days', async () => {
    const env = { CRIEUR_DATA_DIR: join(dir.path, 'data') };
    const json = await runCli(['status', '--json'], { env, cwd: dir.path }, [statusCommand]);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { since: string; drafts: { id: string; late: string | null }[] };
    expect(parsed.since).toBe(addDays(today, -7));
    expect(parsed.drafts.map((row) => [row.id, row.late])).toEqual([
      ['d1', 'failed'],
      ['d2', 'not-approved'],
      ['d4', null],
    ]);
    const text = await runCli(['status'], { env, cwd: dir.path }, [statusCommand]);
    const lines = text.stdout.split('\n');
    expect(text.stdout).toContain(`Late or failed since ${addDays(today, -7)}`);
    expect(lines.find((line) => line.includes('d1 '))).toMatch(/^ {2}! d1 .*FAILED/);
    expect(lines.find((line) => line.includes('d2 '))).toMatch(/^ {2}! d2 .*LATE: not approved in time/);
    expect(lines.find((line) => line.includes('d4 '))).toMatch(/^ {2}d4 .*awaiting_review$/);
    expect(text.stdout).not.toContain('d3 ');
  });
});
