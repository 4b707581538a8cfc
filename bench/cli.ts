/**
 * Start-up of the command line as a person waits for it: cold runs of `crieur --help` and of
 * `crieur preview` of the sample update (cards into a fresh temporary directory each run), beside
 * `node -e 0` (Node's own start-up, the floor no command can beat). The preview runs twice over: the
 * first preview of an update (an empty data directory each run, so every card is drawn), and the
 * same preview again (the cards kept in the data directory's cache from an earlier run). The first
 * preview also runs without the compiled code kept from an earlier run (CRIEUR_CODE_CACHE=off),
 * with V8's optimising compilers on (CRIEUR_V8_TIERS=default, see bin/crieur.js) and from the
 * compiled modules instead of the bundle (CRIEUR_BUNDLE=off, as crieur ran before it was bundled),
 * so what each brings is measured side by side. Each run is a new process; the commands
 * take turns so any background load falls on all of them alike.
 *
 * Run: node --import tsx bench/cli.ts [--runs 5] [--update FILE] [--bin bin/crieur.js]
 * Prints each command's wall-clock median, min and max, its ratio to `node -e 0`, whether the
 * targets (help ≤ 250 ms, preview ≤ 1000 ms) are met, and its median CPU time (user + system, from
 * /usr/bin/time when it is there): on a loaded machine the wall clock grows, the CPU time much less.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, runProcess } from './history/measure.js';

const ROOT = join(import.meta.dirname, '..');

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    update: { type: 'string', default: join(ROOT, 'examples', '2026-05-14-dsn.md') },
    bin: { type: 'string', default: join(ROOT, 'bin', 'crieur.js') },
  },
});
const BIN = options.bin;
const RUNS = Math.max(1, Number(options.runs));

interface Case {
  label: string;
  args: (scratch: string) => string[];
  targetMs?: number;
  env?: NodeJS.ProcessEnv;
}
// The rendered cards kept between runs: each run of the first preview has a new, empty data
// directory (its scratch's `data/`); the second preview shares this one, filled by the untimed run.
const KEPT = mkdtempSync(join(tmpdir(), 'crieur-bench-cli-data-'));
process.on('exit', () => rmSync(KEPT, { recursive: true, force: true }));
function withoutDataDir(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { CRIEUR_DATA_DIR: _dataDir, ...rest } = env;
  return rest;
}
const CASES: Case[] = [
  { label: 'node -e 0', args: () => ['-e', '0'] },
  { label: 'crieur --help', args: () => [BIN, '--help'], targetMs: 250 },
  {
    label: 'crieur preview (sample)',
    args: (scratch) => [BIN, 'preview', options.update, '--out', scratch],
    targetMs: 1000,
    env: withoutDataDir(process.env),
  },
  {
    label: 'crieur preview, no code cache',
    args: (scratch) => [BIN, 'preview', options.update, '--out', scratch],
    env: { ...withoutDataDir(process.env), CRIEUR_CODE_CACHE: 'off' },
  },
  {
    label: 'crieur preview, V8 defaults',
    args: (scratch) => [BIN, 'preview', options.update, '--out', scratch],
    env: { ...withoutDataDir(process.env), CRIEUR_V8_TIERS: 'default' },
  },
  {
    label: 'crieur preview, modules',
    args: (scratch) => [BIN, 'preview', options.update, '--out', scratch],
    env: { ...withoutDataDir(process.env), CRIEUR_BUNDLE: 'off' },
  },
  {
    label: 'crieur preview, cards kept',
    args: (scratch) => [BIN, 'preview', options.update, '--out', scratch],
    targetMs: 1000,
    env: { ...process.env, CRIEUR_DATA_DIR: KEPT },
  },
];

interface Sample {
  ms: number;
  cpuMs: number;
}
async function timeOnce(test: Case): Promise<Sample> {
  const scratch = mkdtempSync(join(tmpdir(), 'crieur-bench-cli-'));
  try {
    const result = await runProcess(process.execPath, test.args(scratch), {
      cwd: scratch,
      env: test.env ?? process.env,
    });
    if (result.code !== 0) throw new Error(`${test.label} exited ${result.code}: ${result.stderr}`);
    return { ms: result.ms, cpuMs: result.usage?.cpuMs ?? Number.NaN };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const ms = (x: number) => `${x.toFixed(0)} ms`.padStart(9);

// One untimed run of each first: a build on first use, the first run of a command after a build
// (it keeps the code V8 compiled for it, see bin/load-bundle.js), or a cold disk cache, is not start-up.
for (const test of CASES) await timeOnce(test);
const times = new Map<string, Sample[]>(CASES.map((c) => [c.label, []]));
for (let i = 0; i < RUNS; i++) {
  for (const test of CASES) times.get(test.label)!.push(await timeOnce(test));
}

console.log(
  `cold start, median of ${RUNS} fresh processes per command (taking turns), ${cpus().length} CPUs, ` +
    `load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
console.log(
  `${'command'.padEnd(28)}${'median'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}   × node${'CPU'.padStart(9)}   × node   target`,
);
const floor = median(times.get('node -e 0')!.map((s) => s.ms));
const cpuFloor = median(times.get('node -e 0')!.map((s) => s.cpuMs));
for (const test of CASES) {
  const xs = times.get(test.label)!.map((s) => s.ms);
  const m = median(xs);
  const cpu = median(times.get(test.label)!.map((s) => s.cpuMs));
  const target = test.targetMs === undefined ? '' : `≤ ${test.targetMs} ms: ${m <= test.targetMs ? 'met' : 'missed'}`;
  console.log(
    `${test.label.padEnd(28)}${ms(m)}${ms(Math.min(...xs))}${ms(Math.max(...xs))}   ${(m / floor).toFixed(2).padStart(6)}` +
      `${ms(cpu)}   ${(cpu / cpuFloor).toFixed(2).padStart(6)}   ${target}`,
  );
}
