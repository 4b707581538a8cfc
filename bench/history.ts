/**
 * A year of history in the store: 365 days of the sample update on each network, imported, approved
 * by another person and published through the dry-run adapters (every ledger row and audit event the
 * publisher writes). Then, against that store: the web page's queue listing and a draft page
 * (in-process, logged in), `crieur queue --json`, `verifyChain` and `crieur audit --verify`; and the
 * resident memory of `crieur run --dry-run` idle, then while it renders an update dropped in its inbox
 * and publishes it once approved.
 *
 * Run: node --import tsx bench/history.ts [--years 1 | --days 365] [--runs 15] [--postgres]
 *        [--networks x,bluesky,linkedin,facebook] [--max-thread 7] [--no-web] [--skip-run]
 * `--years N` is `--days` 365 × N (`--days` wins when both are given).
 * `--max-thread` caps the threads (the config's `maxThreadPosts`): 7 gives the ~20 000 audit events of a
 * year with moderate threads; 25 (the default config) keeps the sample's full 21-post X thread.
 * `--postgres`: the same on a PostgreSQL store, in a throwaway cluster started for the run
 * (Debian's `postgresql` package), instead of the SQLite file.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyChain } from '../src/audit/verify.js';
import { type LoadedConfig, loadConfig } from '../src/config/load.js';
import { silentLogger } from '../src/log.js';
import { isNetworkId } from '../src/networks/index.js';
import { prepareUpdate } from '../src/pipeline/prepare.js';
import { approveDate } from '../src/queue/approve.js';
import { openQueue } from '../src/queue/open-queue.js';
import { openStore, storePath } from '../src/store/db.js';
import { listDrafts } from '../src/store/drafts-repo.js';
import { insertUser } from '../src/store/users-repo.js';
import { hashPassword } from '../src/users/passwords.js';
import { buildWebApp } from '../src/web/server.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { freshPostgresUrl } from '../test/support/postgres-schema.js';
import { Client, PASSWORD } from '../test/web/helpers.js';
import { buildHistory, datesBefore } from './history/build-history.js';
import {
  longestStall,
  median,
  readMemory,
  runProcess,
  sampleMemory,
  sleep,
  type Timings,
  time,
  waitFor,
} from './history/measure.js';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = join(ROOT, 'examples', '2026-05-14-dsn.md');
const BIN = join(ROOT, 'bin', 'crieur.js');
const IMPORTER = 'Rédaction Communications';
const APPROVER = 'Approbatrice Communications';

const { values: options } = parseArgs({
  options: {
    years: { type: 'string' },
    days: { type: 'string' },
    runs: { type: 'string', default: '15' },
    networks: { type: 'string', default: 'x,bluesky,linkedin,facebook' },
    'max-thread': { type: 'string', default: '7' },
    'no-web': { type: 'boolean', default: false },
    'skip-run': { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
  },
});
const DAYS = Number(options.days ?? Math.round(365 * Number(options.years ?? 1)));
if (!Number.isInteger(DAYS) || DAYS < 2) throw new Error(`--days/--years: at least 2 days of history, got ${DAYS}`);
const RUNS = Math.max(2, Number(options.runs));
const CLI_RUNS = Math.max(2, Math.ceil(RUNS / 3));
const NETWORKS = options.networks.split(',').map((name) => {
  if (!isNetworkId(name)) throw new Error(`unknown network ${name}`);
  return name;
});
const MAX_THREAD = Number(options['max-thread']);

interface Row {
  measure: string;
  value: number;
  unit: 'ms' | 'MiB';
  target?: number;
  note?: string;
}
const rows: Row[] = [];
const report = (row: Row) => {
  rows.push(row);
  console.log(`  ${row.measure}: ${format(row.value, row.unit)}`);
};
const reportTimings = (measure: string, timings: Timings, target?: number, extra = '') => {
  report({ measure: `${measure}, cold`, value: timings.cold, unit: 'ms', note: 'first run' });
  report({
    measure: `${measure}, warm`,
    value: timings.warm,
    unit: 'ms',
    ...(target === undefined ? {} : { target }),
    note: `median of ${timings.runs - 1}${extra}`,
  });
};

const workDir = mkdtempSync(join(tmpdir(), 'crieur-bench-history-'));
const cluster = options.postgres ? await startPostgresCluster() : undefined;
try {
  const port = await freePort();
  const configPath = join(workDir, 'crieur.yaml');
  writeFileSync(
    configPath,
    [
      `networks: [${NETWORKS.join(', ')}]`,
      `maxThreadPosts: ${MAX_THREAD}`,
      // Threads, so `--max-thread` sets how many parts each day has.
      'formats: { x: thread, bluesky: thread, linkedin: full, facebook: full }',
      'inboxDir: ./inbox',
      `web: { host: 127.0.0.1, port: ${port} }`,
      '',
    ].join('\n'),
  );
  const dataDir = join(workDir, 'data');
  const env: Record<string, string> = { CRIEUR_CONFIG: configPath, CRIEUR_DATA_DIR: dataDir };
  if (cluster !== undefined) env.CRIEUR_DATABASE_URL = freshPostgresUrl(cluster.url);
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env, LOG_LEVEL: 'info' };
  const loaded = loadConfig({ processEnv: env, cwd: workDir });
  const zone = loaded.config.timezone;
  const today = localDate(new Date(), zone);

  // --- The year of history ----------------------------------------------------------------------
  console.log(
    `crieur history benchmark: ${DAYS} days × ${NETWORKS.join(', ')}, threads of at most ${MAX_THREAD}, store on ${cluster === undefined ? 'SQLite' : 'PostgreSQL'}`,
  );
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  const renderStart = performance.now();
  const prepared = await prepareUpdate(SAMPLE, { loaded, outDir: join(workDir, 'rendered') });
  console.log(
    `sample rendered once in ${(performance.now() - renderStart).toFixed(0)} ms: ${prepared.drafts
      .map((draft) => `${draft.network} ${draft.posts.length} post(s)`)
      .join(', ')}`,
  );
  let clock = new Date();
  const builder = openQueue(loaded, () => clock);
  // The history is scaffolding, not what is measured: no fsync per transaction while writing it.
  if (builder.store.dialect === 'sqlite') builder.store.db.exec('PRAGMA synchronous = OFF');
  const passwordHash = await hashPassword(PASSWORD);
  for (const name of [IMPORTER, APPROVER]) {
    insertUser(builder.store.db, {
      name,
      role: 'approbation',
      passwordHash,
      createdAt: new Date().toISOString(),
    });
  }
  const buildStart = performance.now();
  const stats = await buildHistory({
    queue: builder,
    setNow: (instant) => {
      clock = instant;
    },
    update: prepared.update,
    drafts: prepared.drafts,
    dates: datesBefore(today, DAYS),
    rules: loaded.config,
    importer: IMPORTER,
    approver: APPROVER,
  });
  const counts = builder.store.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM audit_events) AS events, (SELECT COUNT(*) FROM drafts) AS drafts,
              (SELECT COUNT(*) FROM ledger_parts) AS parts, (SELECT COUNT(*) FROM updates) AS updates`,
    )
    .get() as { events: number; drafts: number; parts: number; updates: number };
  if (builder.store.dialect === 'sqlite') builder.store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const sizeMiB =
    builder.store.dialect === 'sqlite'
      ? readFileSync(storePath(dataDir)).length / 1024 / 1024
      : Number(builder.store.db.prepare('SELECT pg_database_size(current_database()) AS n').pluck().get()) /
        1024 /
        1024;
  builder.store.close();
  console.log(
    `history written in ${((performance.now() - buildStart) / 1000).toFixed(1)} s: ${counts.updates} updates, ` +
      `${counts.drafts} drafts (${stats.published} published), ${counts.parts} thread parts, ${counts.events} audit events`,
  );
  console.log(`store ${cluster === undefined ? 'file' : 'database'}: ${sizeMiB.toFixed(1)} MiB`);

  // --- In-process: web pages and chain verification ------------------------------------------------
  console.log('\nin-process');
  const queue = openQueue(loaded);
  const { store } = queue;
  const middle = listDrafts(store.db, { date: datesBefore(today, Math.ceil(DAYS / 2))[0] as string }).find(
    (draft) => draft.network === 'x',
  );
  if (middle === undefined) throw new Error('no X draft in the middle of the history');
  const app = await buildWebApp({ queue, loaded, log: silentLogger() });
  const client = new Client(app);
  await client.get('/connexion');
  const login = await client.post('/connexion', { name: APPROVER, password: PASSWORD });
  if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
  const page = (url: string) => async () => {
    const response = await client.get(url);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return response;
  };
  reportTimings('web: queue page GET /', await time(RUNS, page('/')), 50);
  console.log(`  (the queue page is ${((await page('/')()).body.length / 1024).toFixed(0)} KiB of HTML)`);
  reportTimings(`web: draft page GET /brouillons/${middle.id}`, await time(RUNS, page(`/brouillons/${middle.id}`)), 50);
  // History and journal are paged (20 publications, 50 events a page) over indexed queries: each
  // page costs the same with a day or a year of history.
  reportTimings('web: history page GET /historique', await time(RUNS, page('/historique')), 50);
  reportTimings('web: history page GET /historique?page=30', await time(RUNS, page('/historique?page=30')), 50);
  reportTimings('web: journal page GET /journal', await time(RUNS, page('/journal')), 50);
  const older = /href="(\/journal\?[^"]*avant=\d+)"/
    .exec((await page('/journal')()).body)?.[1]
    ?.replaceAll('&amp;', '&');
  if (older === undefined) throw new Error('the journal has no link to older events');
  reportTimings('web: journal older page', await time(RUNS, page(older)), 50);
  reportTimings(
    'web: journal filtered GET /journal?action=approve',
    await time(RUNS, page('/journal?action=approve')),
    50,
  );
  // The journal's verify button checks the whole chain in the server process, a page of events at a
  // time: the page takes what the check takes, while every other request waits at most one page's work.
  const verifying = page('/journal?verifier=1');
  if (!(await verifying()).body.includes('data-chain="ok"')) throw new Error('the journal page did not verify');
  const verifyRuns = Math.min(RUNS, 5);
  reportTimings('web: journal page verifying GET /journal?verifier=1', await time(verifyRuns, verifying));
  const stalls: number[] = [];
  for (let run = 0; run < verifyRuns; run++) stalls.push(await longestStall(verifying));
  report({
    measure: 'web: longest event-loop stall while the journal verifies',
    value: Math.max(...stalls),
    unit: 'ms',
    target: 50,
    note: `worst of ${verifyRuns}: how long other requests wait at worst`,
  });
  reportTimings('store: listDrafts (all)', await time(RUNS, () => listDrafts(store.db)));
  const verdict = verifyChain(store.db);
  if (!verdict.ok) throw new Error(`the chain does not verify: ${verdict.reason}`);
  reportTimings(`audit: verifyChain (${verdict.count} events)`, await time(RUNS, () => verifyChain(store.db)), 1000);
  await app.close();
  store.close();

  // --- CLI processes -------------------------------------------------------------------------------
  console.log('\nCLI processes (spawn to exit)');
  // A store with nothing in it: `audit --verify` refuses a missing one (a mistyped data directory).
  const emptyDir = join(workDir, 'empty-data');
  mkdirSync(emptyDir, { recursive: true });
  const emptyUrl = cluster === undefined ? undefined : freshPostgresUrl(cluster.url);
  if (emptyUrl === undefined) openStore(storePath(emptyDir)).close();
  const usages: { cpuMs: number; maxRssMiB: number }[] = [];
  const cli =
    (args: string[], dir = dataDir) =>
    async () => {
      const result = await runProcess(process.execPath, [BIN, ...args], {
        env: {
          ...childEnv,
          CRIEUR_DATA_DIR: dir,
          ...(dir === emptyDir && emptyUrl !== undefined ? { CRIEUR_DATABASE_URL: emptyUrl } : {}),
        },
        cwd: workDir,
      });
      if (result.code !== 0) throw new Error(`crieur ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      if (result.usage) usages.push(result.usage);
      return result;
    };
  // CPU time and peak memory beside the wall time: the machine's load inflates the one, not the others.
  const timeCli = async (measure: string, args: string[], target?: number, dir = dataDir) => {
    usages.length = 0;
    const timings = await time(CLI_RUNS, cli(args, dir));
    const cpu = median(usages.map((usage) => usage.cpuMs));
    const rss = median(usages.map((usage) => usage.maxRssMiB));
    reportTimings(
      measure,
      timings,
      target,
      usages.length === 0 ? '' : `; CPU ${cpu.toFixed(0)} ms, peak RSS ${rss.toFixed(0)} MiB`,
    );
  };
  await timeCli('cli: crieur audit --verify on an empty store (start-up)', ['audit', '--verify'], undefined, emptyDir);
  const queueJson = JSON.parse((await cli(['queue', '--json'])()).stdout) as { drafts: unknown[] };
  if (queueJson.drafts.length !== counts.drafts)
    throw new Error(`queue --json listed ${queueJson.drafts.length} drafts`);
  await timeCli('cli: crieur queue --json', ['queue', '--json']);
  const verifyOut = (await cli(['audit', '--verify'])()).stdout;
  if (!verifyOut.includes(`${counts.events} events`)) throw new Error(`audit --verify said: ${verifyOut}`);
  await timeCli('cli: crieur audit --verify', ['audit', '--verify'], 1000);

  // --- crieur run: memory idle, then rendering and publishing ------------------------------------------
  if (!options['skip-run']) {
    console.log(`\ncrieur run --dry-run${options['no-web'] ? ' --no-web' : ''} (resident memory from /proc)`);
    await measureRun({ childEnv, today, zone, loaded });
  }

  printTable();
} finally {
  await cluster?.stop();
  rmSync(workDir, { recursive: true, force: true });
}

async function measureRun(input: {
  childEnv: NodeJS.ProcessEnv;
  today: string;
  zone: string;
  loaded: LoadedConfig;
}): Promise<void> {
  const { spawn } = await import('node:child_process');
  const args = [BIN, 'run', '--dry-run', ...(options['no-web'] ? ['--no-web'] : [])];
  const child = spawn(process.execPath, args, { env: input.childEnv, cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('crieur run did not start');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // The store crieur run uses: the SQLite file, or with --postgres the database.
  const { store } = openQueue(input.loaded);
  try {
    const started = performance.now();
    await waitFor('crieur run to start', 60_000, () => (stdout.includes('crieur running') ? true : undefined));
    console.log(`  started in ${(performance.now() - started).toFixed(0)} ms; settling 10 s`);
    await sleep(10_000);
    const idle = sampleMemory(pid, 100);
    await sleep(5_000);
    const idleResult = idle.stop();
    report({ measure: 'run: idle RSS (max over 5 s, after 10 s)', value: idleResult.maxRss, unit: 'MiB', target: 150 });
    report({
      measure: 'run: peak RSS so far (VmHWM, start-up included)',
      value: idleResult.last?.hwm ?? Number.NaN,
      unit: 'MiB',
    });

    // An update for today, due this very minute, dropped in the inbox (renamed in, never half-written).
    const publishAt = localTime(new Date(), input.zone);
    const text = readFileSync(SAMPLE, 'utf8').replace(/^date: .*$/m, `date: ${input.today}\npublishAt: "${publishAt}"`);
    const inbox = join(workDir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const busy = sampleMemory(pid, 25);
    const dropped = performance.now();
    writeFileSync(join(inbox, '.incoming'), text);
    renameSync(join(inbox, '.incoming'), join(inbox, `${input.today}-dsn.md`));
    const drafts = await waitFor('the inbox import', 120_000, () => {
      // A thread cut at --max-thread leaves bullets out: those drafts wait for a decision.
      const found = listDrafts(store.db, { date: input.today, statuses: ['awaiting_review', 'needs_decision'] });
      return found.length === NETWORKS.length ? found : undefined;
    });
    const imported = performance.now();
    console.log(`  inbox update rendered and imported in ${(imported - dropped).toFixed(0)} ms; approving`);
    approveDate({ store, now: () => new Date() }, { date: input.today, by: APPROVER, acceptOmissions: true });
    await waitFor('the publications and their dry-run reports', 180_000, () => {
      const reports = stderr.split('dry-run report written').length - 1;
      return reports >= drafts.length ? true : undefined;
    });
    const published = listDrafts(store.db, { date: input.today }).filter((draft) => draft.status === 'published');
    console.log(
      `  published ${published.length}/${drafts.length} drafts ${((performance.now() - imported) / 1000).toFixed(1)} s after approval (the scheduler ticks every 15 s)`,
    );
    await sleep(1_000);
    const busyResult = busy.stop();
    report({
      measure: 'run: RSS while rendering and publishing (max sampled)',
      value: busyResult.maxRss,
      unit: 'MiB',
      target: 350,
    });
    report({
      measure: 'run: peak RSS over the whole run (VmHWM)',
      value: busyResult.last?.hwm ?? Number.NaN,
      unit: 'MiB',
      target: 350,
    });
    if (published.length !== drafts.length) throw new Error(`only ${published.length} drafts published:\n${stderr}`);
  } finally {
    store.close();
    if (readMemory(pid) !== null) child.kill('SIGINT');
    const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      child.kill('SIGKILL');
      console.log('  crieur run did not stop within 30 s of SIGINT');
    } else if (code !== 0) {
      console.log(`  crieur run exited ${code}:\n${stderr.split('\n').slice(-10).join('\n')}`);
    }
  }
}

function printTable(): void {
  const table = [['measure', 'value', 'target', 'ratio', 'verdict']];
  let missed = 0;
  for (const row of rows) {
    const ratio = row.target === undefined ? undefined : row.value / row.target;
    const met = ratio === undefined ? undefined : ratio <= 1;
    if (met === false) missed += 1;
    table.push([
      `${row.measure}${row.note ? ` (${row.note})` : ''}`,
      format(row.value, row.unit),
      row.target === undefined ? '–' : `≤ ${format(row.target, row.unit)}`,
      ratio === undefined ? '–' : `${ratio.toFixed(2)}`,
      met === undefined ? '' : met ? 'ok' : 'MISSED',
    ]);
  }
  const widths = (table[0] as string[]).map((_, column) =>
    Math.max(...table.map((row) => (row[column] as string).length)),
  );
  console.log('');
  for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '));
  console.log(
    `\nload average at the end: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(missed === 0 ? 'every target met' : `${missed} target(s) missed`);
  process.exitCode = missed === 0 ? 0 : 1;
}

function format(value: number, unit: 'ms' | 'MiB'): string {
  return unit === 'ms' ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : `${value.toFixed(1)} MiB`;
}

/** `YYYY-MM-DD` of `instant` in `zone`. */
function localDate(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** `HH:MM` of `instant` in `zone`. */
function localTime(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
