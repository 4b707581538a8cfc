import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every script in bench/ runs at a tiny size and prints its figures: a benchmark that no longer
 * runs is found by `npm test`, not the day someone needs its numbers. Only that it ran and
 * printed is checked, never a timing (the machine's load decides those).
 */
const ROOT = resolve(import.meta.dirname, '..', '..');

interface Smoke {
  args: string[];
  /** What the script prints once it has measured everything. */
  prints: RegExp[];
  /** Exit codes that mean "ran to the end": some scripts exit 1 when a target is missed. */
  codes: number[];
}

const SMOKES: Record<string, Smoke> = {
  'cli.ts': {
    args: ['--runs', '1'],
    prints: [
      /node -e 0\s+\d+ ms/,
      /crieur --help\s+\d+ ms.*target|crieur --help\s+\d+ ms/,
      /crieur preview \(sample\)\s+\d+ ms/,
      /crieur preview, V8 defaults\s+\d+ ms/,
      /crieur preview, cards kept\s+\d+ ms/,
    ],
    codes: [0],
  },
  'render.ts': {
    args: ['1'],
    prints: [/warm median, 1200×675 card:\s+[\d.]+ ms/, /ratio to the \d+ ms target:\s+[\d.]+×/],
    codes: [0],
  },
  'render-vs-peers.ts': {
    args: ['1', '1', '0'],
    prints: [
      /crieur \(satori \+ Skia\)\s+[\d.]+ ms\s+[\d.]+ ms/,
      /@vercel\/og 1\.0\.1, sharp\s+[\d.]+ ms/,
      /Chromium screenshot\s+[\d.]+ ms/,
      /floor = Satori [\d.]+ ms \+ .+ = [\d.]+ ms/,
      /warm, crieur vs the floor:\s+[\d.]+×/,
      /warm, crieur vs @vercel\/og on sharp:\s+[\d.]+×/,
      /warm, crieur vs fastest Chromium way:\s+[\d.]+×/,
    ],
    codes: [0],
  },
  'history.ts': {
    // With the run: `crieur run --dry-run` imports an update from its inbox and publishes it.
    args: ['--days', '2', '--runs', '2'],
    prints: [
      /inbox update rendered and imported in \d+ ms/,
      /run: RSS while rendering and publishing \(max sampled\)\s+[\d.]+ MiB/,
      /web: history page GET \/historique, warm: [\d.]+ ms/,
      /web: journal page GET \/journal, warm: [\d.]+ ms/,
      /web: longest event-loop stall while the journal verifies: [\d.]+ ms/,
      /cli: crieur audit --verify, warm: [\d.]+ ms/,
      /every target met|\d+ target\(s\) missed/,
    ],
    codes: [0, 1],
  },
  // The same on a PostgreSQL store (a throwaway cluster of its own); the run's memory is SQLite's business.
  'history.ts --postgres': {
    args: ['--postgres', '--days', '2', '--runs', '2', '--skip-run'],
    prints: [
      /store on PostgreSQL/,
      /web: history page GET \/historique, warm: [\d.]+ ms/,
      /web: journal page GET \/journal, warm: [\d.]+ ms/,
      /web: longest event-loop stall while the journal verifies: [\d.]+ ms/,
      /cli: crieur audit --verify, warm: [\d.]+ ms/,
      /every target met|\d+ target\(s\) missed/,
    ],
    codes: [0, 1],
  },
  'publish.ts': {
    args: ['5'],
    prints: [/against the floor: at most [\d.]+× the floor/, /target: every network within/],
    codes: [0, 1],
  },
  'campaign.ts': {
    args: ['--rounds', '1', '--seed', '7'],
    prints: [/campaign: 1 rounds/],
    codes: [0],
  },
};

function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('bench', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('bench/ scripts, smoke runs at tiny sizes', () => {
  it('covers every script in bench/', () => {
    const scripts = readdirSync(join(ROOT, 'bench')).filter((name) => name.endsWith('.ts'));
    expect(scripts.sort()).toEqual([...new Set(Object.keys(SMOKES).map((name) => name.split(' ')[0]))].sort());
  });

  for (const [script, smoke] of Object.entries(SMOKES)) {
    it(`${script.split(' ')[0]} ${smoke.args.join(' ')} runs to the end and prints its figures`, {
      timeout: 600_000,
    }, async () => {
      const { code, stdout, stderr } = await run(script.split(' ')[0] as string, smoke.args);
      expect(smoke.codes, `exit ${code}\n${stdout}\n${stderr}`).toContain(code);
      for (const figure of smoke.prints) expect(stdout, stderr).toMatch(figure);
    });
  }
});
