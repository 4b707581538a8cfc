import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerInstance } from '../../src/leadership/instance.js';
import { acquireOrRenew } from '../../src/leadership/lease.js';
import { openStore } from '../../src/store/db.js';
import { runCli } from '../cli/run-cli.js';

/** `crieur status` and `crieur doctor` on a store where two instances registered; one leads. */

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function storeWithInstances(options: { leaderSilentFor: number }) {
  dir = mkdtempSync(join(tmpdir(), 'crieur-lease-cli-'));
  writeFileSync(join(dir, 'crieur.yaml'), 'dataDir: ./data\ninboxDir: ./inbox\nnetworks: [x]\nleaseSeconds: 10\n');
  const store = openStore(join(dir, 'data', 'crieur.sqlite'));
  try {
    const now = Date.now();
    const leaderAt = new Date(now - options.leaderSilentFor * 1000);
    const leader = registerInstance(store, leaderAt, { host: 'machine-a', pid: 101 });
    const standby = registerInstance(store, new Date(now), { host: 'machine-b', pid: 202 });
    acquireOrRenew(store, { instanceId: leader.id, seconds: 10, now: leaderAt });
    // The standby asked while the lease ran; past its end, it has not asked again yet.
    acquireOrRenew(store, {
      instanceId: standby.id,
      seconds: 10,
      now: new Date(Math.min(now, leaderAt.getTime() + 9000)),
    });
    return { leader, standby, env: { CRIEUR_CONFIG: join(dir, 'crieur.yaml') }, cwd: dir };
  } finally {
    store.close();
  }
}

describe('the publishing lease in status and doctor', () => {
  it('status prints one line per instance, the leader with its lease end', async () => {
    const { leader, standby, env, cwd } = storeWithInstances({ leaderSilentFor: 2 });
    const { code, stdout } = await runCli(['status'], { env, cwd });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^  ${leader.id}  machine-a pid 101  leader, lease until `)),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${standby.id}  machine-b pid 202  standby  `)));
  });

  it('status --json names the store it reads: the SQLite file', async () => {
    const { env, cwd } = storeWithInstances({ leaderSilentFor: 2 });
    const { stdout } = await runCli(['status', '--json'], { env, cwd });
    expect(JSON.parse(stdout).store).toEqual({ kind: 'sqlite', location: join(cwd, 'data', 'crieur.sqlite') });
  });

  it('doctor names the leader and its token, and warns of nothing while it renews', async () => {
    const { leader, env, cwd } = storeWithInstances({ leaderSilentFor: 2 });
    const { stdout } = await runCli(['doctor', '--json'], { env, cwd });
    const { lease } = JSON.parse(stdout) as {
      lease: {
        leader: { id: string; token: number } | null;
        instances: { host: string; stale: boolean }[];
        warnings: string[];
      };
    };
    expect(lease.leader).toMatchObject({ id: leader.id, token: 1, host: 'machine-a' });
    expect(lease.instances.map((instance) => [instance.host, instance.stale])).toEqual([
      ['machine-a', false],
      ['machine-b', false],
    ]);
    expect(lease.warnings).toEqual([]);
    const text = await runCli(['doctor'], { env, cwd });
    expect(text.stdout).toContain(`✓ lease: ${leader.id} (machine-a pid 101) publishes, token 1`);
  });

  it('doctor warns when the leader went silent past its lease and nobody took over', async () => {
    const { leader, env, cwd } = storeWithInstances({ leaderSilentFor: 15 });
    const { stdout } = await runCli(['doctor'], { env, cwd });
    expect(stdout).toContain(`⚠ lease: no instance holds the publishing lease: ${leader.id} let it expire`);
    expect(stdout).toContain(`⚠ lease: instance ${leader.id} (machine-a pid 101) last seen`);
    expect(stdout).not.toContain('✓ lease');
  });
});
