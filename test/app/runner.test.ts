import { afterEach, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/app/runner.js';
import { silentLogger } from '../../src/log.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { Notification } from '../../src/notify/types.js';
import type { NetworkAdapter } from '../../src/publish/port.js';
import { approve, importDrafts } from '../../src/queue/index.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { MemoryNetwork, testClock } from '../publish/memory-adapter.js';
import { type Fixture, makeFixture, makeUpdate } from '../queue/fixtures.js';

let fixture: Fixture;
afterEach(() => fixture?.close());

async function setUp(options: { date?: string; start: string; approve?: boolean; networks?: NetworkId[] }) {
  fixture = await makeFixture();
  const clock = testClock(options.start);
  const queue = { ...fixture.context, now: clock.now };
  const networks = options.networks ?? ['x', 'linkedin'];
  const { drafts } = importDrafts(queue, {
    update: makeUpdate(options.date ?? '2026-05-14'),
    drafts: fixture.drafts(networks),
    by: 'redaction',
  });
  if (options.approve !== false) for (const draft of drafts) approve(queue, { draftId: draft.id, by: 'approbation' });
  const memory = new Map(networks.map((network) => [network, new MemoryNetwork(network, clock)]));
  const notifications: Notification[] = [];
  const runner = createRunner({
    queue,
    adapters: memory as Map<NetworkId, NetworkAdapter>,
    rules: { timezone: 'America/Toronto', publishTime: '09:00', latenessWindowMinutes: 60, mediaLeadMinutes: 10 },
    sleep: clock.sleep,
    random: () => 0.5,
    log: silentLogger(),
    notify: async (notification) => notifications.push(notification),
  });
  const status = () => drafts.map((draft) => getDraft(queue.store.db, draft.id)?.status);
  return { clock, runner, memory, notifications, status, drafts, queue };
}

describe('scheduler runner', () => {
  it('does nothing before the time, uploads media at the lead time, and publishes at 9:00 sharp', async () => {
    const { clock, runner, memory, status } = await setUp({ start: '2026-05-14T12:40:00Z' });
    const early = await runner.tick();
    expect(early.started).toHaveLength(0);
    expect(early.nextWakeUp?.toISOString()).toBe('2026-05-14T12:50:00.000Z');
    clock.set('2026-05-14T12:50:00Z');
    const lead = await runner.tick();
    expect(memory.get('x')?.calls).toEqual(['upload', 'upload']);
    expect(lead.nextWakeUp?.toISOString()).toBe('2026-05-14T13:00:00.000Z');
    clock.set('2026-05-14T13:00:00Z');
    const due = await runner.tick();
    expect(due.started).toHaveLength(2);
    await runner.idle();
    expect(status()).toEqual(['published', 'published']);
    expect(memory.get('x')?.calls).toEqual(['upload', 'upload', 'create 0', 'create 1']);
  });

  it('a process started at 9:20 still publishes (late, inside the window)', async () => {
    const { runner, status, memory } = await setUp({ start: '2026-05-14T13:20:00Z' });
    await runner.tick();
    await runner.idle();
    expect(status()).toEqual(['published', 'published']);
    expect(memory.get('linkedin')?.posts).toHaveLength(1);
  });

  it('a process started at 10:30 marks the drafts missed and alerts, posting nothing', async () => {
    const { runner, status, memory, notifications } = await setUp({ start: '2026-05-14T14:30:00Z' });
    const report = await runner.tick();
    expect(report.missed).toHaveLength(2);
    expect(status()).toEqual(['missed', 'missed']);
    expect(memory.get('x')?.posts).toHaveLength(0);
    expect(notifications.map((n) => n.kind)).toEqual(['missed', 'missed']);
  });

  it('a draft approved at 9:10 goes out at the next tick', async () => {
    const { runner, status, clock, drafts, queue } = await setUp({ start: '2026-05-14T13:05:00Z', approve: false });
    await runner.tick();
    expect(status()).toEqual(['awaiting_review', 'awaiting_review']);
    clock.set('2026-05-14T13:10:00Z');
    approve(queue, { draftId: drafts[0]!.id, by: 'approbation' });
    await runner.tick();
    await runner.idle();
    expect(status()).toEqual(['published', 'awaiting_review']);
  });

  it('reminds once, 30 minutes before, about drafts still awaiting approval', async () => {
    const { runner, clock, notifications } = await setUp({ start: '2026-05-14T12:29:00Z', approve: false });
    await runner.tick();
    expect(notifications).toHaveLength(0);
    clock.set('2026-05-14T12:30:00Z');
    await runner.tick();
    await runner.tick();
    expect(notifications.map((n) => n.kind)).toEqual(['unapproved-reminder']);
  });

  it('publishes at 9:00 local on both DST change days', async () => {
    for (const [date, nine] of [
      ['2026-03-08', '2026-03-08T13:00:00Z'],
      ['2026-11-01', '2026-11-01T14:00:00Z'],
    ] as const) {
      const { runner, clock, status } = await setUp({ date, start: new Date(Date.parse(nine) - 1000).toISOString() });
      expect((await runner.tick()).started).toHaveLength(0);
      clock.set(nine);
      expect((await runner.tick()).started).toHaveLength(2);
      await runner.idle();
      expect(status()).toEqual(['published', 'published']);
      fixture.close();
    }
  });

  it('one network that hangs does not hold the others back', async () => {
    const { runner, memory, status } = await setUp({ start: '2026-05-14T13:00:00Z' });
    const x = memory.get('x')!;
    const original = x.createPost.bind(x);
    let release: () => void = () => {};
    x.createPost = () =>
      new Promise((_, reject) => {
        release = () => reject(new Error('released'));
      });
    const report = await runner.tick();
    await report.started[1];
    expect(status()[1]).toBe('published');
    expect(status()[0]).toBe('publishing');
    x.createPost = original;
    release();
    await runner.idle();
    expect(status()[0]).toBe('published');
    expect(x.posts).toHaveLength(2);
  });

  it('publishNow sends a failed draft again, audited as the operator', async () => {
    const { runner, memory, status, queue } = await setUp({ start: '2026-05-14T13:00:00Z', networks: ['linkedin'] });
    memory.get('linkedin')!.script = ['never'];
    await runner.tick();
    await runner.idle();
    expect(status()).toEqual(['failed']);
    const outcomes = await runner.publishNow('2026-05-14', { by: 'operateur' });
    expect(outcomes.map((o) => o.status)).toEqual(['published']);
    const { listEvents } = await import('../../src/audit/log.js');
    expect(listEvents(queue.store.db).some((e) => e.action === 'schedule' && e.actor === 'operateur')).toBe(true);
  });
});
