import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InstanceIdentity, registerInstance } from '../../src/leadership/instance.js';
import { instancesSeen } from '../../src/leadership/instances-view.js';
import { type Leadership, type LeaderTerm, startLeadership } from '../../src/leadership/leader.js';
import { acquireOrRenew, checkLease, release } from '../../src/leadership/lease.js';
import { leaseHealth } from '../../src/leadership/lease-health.js';
import { LeaseLostError } from '../../src/leadership/lease-lost.js';
import type { Store } from '../../src/store/db.js';
import { leaseRow } from '../../src/store/leases-repo.js';
import { openTestStore } from '../support/test-store.js';

let dir: string;
/** Two connections to one file, as two `crieur run` processes have. */
let first: Store;
let second: Store;
const T0 = Date.parse('2026-05-14T12:59:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crieur-lease-'));
  first = openTestStore(join(dir, 'crieur.sqlite'));
  second = openTestStore(join(dir, 'crieur.sqlite'));
});
afterEach(() => {
  first.close();
  second.close();
  rmSync(dir, { recursive: true, force: true });
});

function instances(): [InstanceIdentity, InstanceIdentity] {
  return [
    registerInstance(first, at(0), { host: 'machine-a', pid: 101 }),
    registerInstance(second, at(1), { host: 'machine-b', pid: 202 }),
  ];
}

describe('the publishing lease', () => {
  it('goes to the first instance that asks, with token 1, and is renewed by it with the same token', () => {
    const [a, b] = instances();
    expect(acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(0) })).toEqual({
      held: true,
      token: 1,
      expiresAt: at(10),
    });
    expect(acquireOrRenew(second, { instanceId: b.id, seconds: 10, now: at(3) })).toEqual({
      held: false,
      holder: a.id,
      token: 1,
      expiresAt: at(10),
    });
    expect(acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(6) })).toEqual({
      held: true,
      token: 1,
      expiresAt: at(16),
    });
    // Renewed, the lease is not taken at its first end.
    expect(acquireOrRenew(second, { instanceId: b.id, seconds: 10, now: at(12) })).toMatchObject({ held: false });
  });

  it('passes to another instance once expired, with the next token; the old holder cannot renew it', () => {
    const [a, b] = instances();
    acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(0) });
    expect(acquireOrRenew(second, { instanceId: b.id, seconds: 10, now: at(9.999) })).toMatchObject({ held: false });
    expect(acquireOrRenew(second, { instanceId: b.id, seconds: 10, now: at(10) })).toEqual({
      held: true,
      token: 2,
      expiresAt: at(20),
    });
    expect(acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(11) })).toEqual({
      held: false,
      holder: b.id,
      token: 2,
      expiresAt: at(20),
    });
    // Taken back after the second holder's lease runs out: a third term.
    expect(acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(21) })).toMatchObject({
      held: true,
      token: 3,
    });
  });

  it('is kept with its token by a holder whose lease ran out while nobody else took it', () => {
    const [a] = instances();
    acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(0) });
    expect(acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(30) })).toEqual({
      held: true,
      token: 1,
      expiresAt: at(40),
    });
  });

  it('is free at once when its holder releases it (a clean stop), and the next holder gets a new token', () => {
    const [a, b] = instances();
    acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(0) });
    expect(release(second, { instanceId: b.id, now: at(1) })).toBe(false);
    expect(release(first, { instanceId: a.id, now: at(1) })).toBe(true);
    expect(acquireOrRenew(second, { instanceId: b.id, seconds: 10, now: at(1.5) })).toEqual({
      held: true,
      token: 2,
      expiresAt: at(11.5),
    });
  });

  it('fences: only the holder, with its token, before expiry, passes the check', () => {
    const [a, b] = instances();
    acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(0) });
    expect(() => checkLease(first, { instanceId: a.id, token: 1, now: at(5) })).not.toThrow();
    expect(() => checkLease(first, { instanceId: a.id, token: 1, now: at(10) })).toThrow(LeaseLostError);
    expect(() => checkLease(second, { instanceId: b.id, token: 1, now: at(5) })).toThrow(LeaseLostError);
    acquireOrRenew(second, { instanceId: b.id, seconds: 10, now: at(10) });
    // The old holder, awake again with its old token, is refused; the new one passes.
    expect(() => checkLease(first, { instanceId: a.id, token: 1, now: at(11) })).toThrow(/held by .* with token 2/);
    expect(() => checkLease(second, { instanceId: b.id, token: 2, now: at(11) })).not.toThrow();
    expect(() => checkLease(second, { instanceId: b.id, token: 1, now: at(11) })).toThrow(LeaseLostError);
  });

  it('lists the instances seen in the last minute, the holder as leader, a silent one as stale', () => {
    const [a, b] = instances();
    const old = registerInstance(first, at(-120), { host: 'machine-c', pid: 303 });
    acquireOrRenew(first, { instanceId: a.id, seconds: 10, now: at(20) });
    acquireOrRenew(second, { instanceId: b.id, seconds: 10, now: at(21) });
    expect(instancesSeen(first, at(22))).toEqual([
      {
        id: a.id,
        host: 'machine-a',
        pid: 101,
        leader: true,
        leaseExpiresAt: at(30).toISOString(),
        lastSeenAt: at(20).toISOString(),
      },
      { id: b.id, host: 'machine-b', pid: 202, leader: false, leaseExpiresAt: null, lastSeenAt: at(21).toISOString() },
    ]);
    expect(instancesSeen(first, at(22)).map((instance) => instance.id)).not.toContain(old.id);
    // The leader stops renewing: past its lease it is no leader, and stale.
    acquireOrRenew(second, { instanceId: b.id, seconds: 10, now: at(29) });
    const health = leaseHealth(first, 10, at(31));
    expect(health.leader).toBeNull();
    expect(health.instances.map((instance) => [instance.host, instance.leader, instance.stale])).toEqual([
      ['machine-a', false, true],
      ['machine-b', false, false],
    ]);
    expect(health.warnings).toEqual([
      expect.stringContaining(`no instance holds the publishing lease: ${a.id} let it expire`),
      expect.stringContaining(`instance ${a.id} (machine-a pid 101)`),
    ]);
  });
});

describe('leadership of running instances', () => {
  let running: Leadership[] = [];
  afterEach(() => {
    for (const leadership of running) leadership.stop();
    running = [];
  });

  async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('one leads and one stands by; a clean stop hands the lease over at once, with the next token', async () => {
    const events: string[] = [];
    const logged: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({ write: (chunk, _encoding, done) => done(void logged.push(String(chunk))) }),
    );
    const start = (store: Store, name: string) => {
      const leadership = startLeadership(
        { store, leaseSeconds: 9, log },
        {
          gained: (term: LeaderTerm) => events.push(`${name} gained ${term.token}`),
          lost: () => events.push(`${name} lost`),
          renewed: () => {},
        },
      );
      running.push(leadership);
      return leadership;
    };
    const a = start(first, 'a');
    await until(() => a.isLeader());
    const b = start(second, 'b');
    await until(() => logged.some((line) => line.includes('standing by') && line.includes(b.instance.id)));
    expect(b.isLeader()).toBe(false);
    expect(b.fence()).toBeUndefined();
    const fence = a.fence();
    expect(fence).toBeDefined();
    const leaseOfA = leaseRow(first.db, 'publisher');
    a.stop();
    await until(() => b.isLeader());
    // Taken before a's 9 s lease would have run out: because a gave it up.
    expect(String(leaseRow(second.db, 'publisher')?.acquiredAt) < String(leaseOfA?.expiresAt)).toBe(true);
    expect(events).toEqual(['a gained 1', 'b gained 2']);
    expect(logged.filter((line) => line.includes('publishing lease')).map((line) => JSON.parse(line).msg)).toEqual([
      'gained the publishing lease',
      'standing by: another instance holds the publishing lease',
      'released the publishing lease',
      'gained the publishing lease',
    ]);
    expect(() => fence?.()).toThrow(LeaseLostError);
    expect(() => b.fence()?.()).not.toThrow();
    expect(instancesSeen(second, new Date()).map((instance) => [instance.id, instance.leader])).toEqual([
      [b.instance.id, true],
    ]);
  });
});
