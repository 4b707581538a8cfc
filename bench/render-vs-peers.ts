/**
 * The sample update's key-figures card (1200 × 675) drawn by crieur's renderer, by @vercel/og
 * (with sharp, and with resvg-wasm when sharp cannot be imported) and by headless Chromium
 * screenshotting the same layout as HTML. Every contender runs in fresh processes, taking turns,
 * with the network blocked. The floor is measured in processes of its own, taking turns with the
 * contenders, on the same cards: Satori's layout alone, plus the fastest rasteriser and PNG encoder
 * (Skia, sharp, resvg) alone; each contender's process draws its own cards only, back to back.
 * Run: node --import tsx bench/render-vs-peers.ts [rounds] [processes] [warmup] [--keep DIR]
 *   rounds:    timed warm cards per process (default 30); processes: fresh processes per contender
 *   (default 3); warmup: untimed cards after the cold one (default 20: Satori's JIT settles by then).
 *   --keep DIR writes each contender's first card there, to compare them by eye.
 * Needs the Debian `chromium` package (or CHROMIUM_PATH) and the dev dependencies.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Contender, WorkerResult } from './peers/render-worker.js';

/** crieur's warm card against the floor: at most this many times Satori + the fastest rasteriser and encoder. */
const TARGET_VS_FLOOR = 1.2;
/** At least this many times faster than @vercel/og on sharp, and faster than every Chromium way. */
const TARGET_VS_OG = 1.5;
const TARGET_VS_CHROMIUM = 1;

const args = process.argv.slice(2);
const keepAt = args.indexOf('--keep');
const keepDir = keepAt >= 0 ? path.resolve(args[keepAt + 1] ?? 'peer-cards') : undefined;
const positional = args.filter((_, i) => keepAt < 0 || (i !== keepAt && i !== keepAt + 1));
const rounds = Number(positional[0] ?? 30);
const processes = Number(positional[1] ?? 3);
const warmup = Number(positional[2] ?? 20);
if (keepDir) await mkdir(keepDir, { recursive: true });

interface Entrant {
  label: string;
  contender: Contender;
  /** Extra `--import`s: the resvg-wasm run hides sharp from @vercel/og. */
  preload: string[];
}

const here = import.meta.dirname;
const ENTRANTS: Entrant[] = [
  { label: 'crieur (satori + Skia)', contender: 'crieur', preload: [] },
  { label: '@vercel/og 1.0.1, sharp', contender: 'og', preload: [] },
  { label: '@vercel/og 1.0.1, resvg-wasm', contender: 'og', preload: [path.join(here, 'peers', 'hide-sharp.ts')] },
  { label: 'Chromium screenshot', contender: 'chromium', preload: [] },
  { label: 'floor', contender: 'floor', preload: [] },
];

const run = promisify(execFile);
async function runWorker(entrant: Entrant): Promise<WorkerResult> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      ...entrant.preload.flatMap((file) => ['--import', file]),
      path.join(here, 'peers', 'render-worker.ts'),
      entrant.contender,
      String(rounds),
      String(warmup),
      ...(keepDir ? [keepDir] : []),
    ],
    { maxBuffer: 1 << 24 },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as WorkerResult;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);

// Taking turns spreads any background load evenly over the contenders.
const results = new Map<string, WorkerResult[]>(ENTRANTS.map((e) => [e.label, []]));
for (let p = 0; p < processes; p++) {
  for (const entrant of ENTRANTS) results.get(entrant.label)!.push(await runWorker(entrant));
}

interface Row {
  label: string;
  engine: string;
  cold: number;
  warm: number;
  bytes: number;
  blocked: number;
}
const rows: Row[] = ENTRANTS.filter((entrant) => entrant.contender !== 'floor').map((entrant) => {
  const runs = results.get(entrant.label)!;
  return {
    label: entrant.label,
    engine: [...new Set(runs.map((r) => r.engine))].join(' / '),
    cold: median(runs.map((r) => r.coldMs)),
    warm: median(runs.flatMap((r) => r.warmMs)),
    bytes: runs[0]!.pngBytes,
    blocked: runs.reduce((n, r) => n + r.blockedFetches.length, 0),
  };
});
const chromiumRuns = results.get('Chromium screenshot')!;
rows.push({
  label: 'Chromium, page kept, body swapped',
  engine: 'Chromium screenshot',
  cold: Number.NaN,
  warm: median(chromiumRuns.flatMap((r) => r.warmDomMs ?? [])),
  bytes: chromiumRuns[0]!.pngBytes,
  blocked: 0,
});

const crieur = rows[0]!;
console.log(
  `key-figures card 1200×675, ${processes} fresh processes × (1 cold + ${warmup} untimed + ${rounds} timed warm) per contender, network blocked`,
);
console.log(
  `${'contender'.padEnd(36)}${'cold'.padStart(10)}${'warm median'.padStart(14)}   cold ×   warm ×    PNG bytes  blocked`,
);
for (const row of rows) {
  const coldRatio = Number.isNaN(row.cold) ? '     -' : `${(row.cold / crieur.cold).toFixed(2)}`.padStart(6);
  console.log(
    `${row.label.padEnd(36)}${Number.isNaN(row.cold) ? '         -' : ms(row.cold)}${ms(row.warm).padStart(14)}` +
      `   ${coldRatio}   ${(row.warm / crieur.warm).toFixed(2).padStart(6)}   ${String(row.bytes).padStart(10)}  ${row.blocked}`,
  );
}
const unknownEngine = rows.find((r) => r.label.includes('resvg') && !r.engine.includes('resvg'));
if (unknownEngine) console.log(`warning: ${unknownEngine.label} ran on ${unknownEngine.engine}`);
const emoji = ENTRANTS.filter((e) => e.contender === 'og').flatMap((e) => results.get(e.label)!);
console.log(
  `@vercel/og emoji requests answered from the local Twemoji package: ${emoji.reduce((n, r) => n + r.emojiServedLocally, 0)}`,
);
const floorRuns = results.get('floor')!;
const satoriMs = median(floorRuns.flatMap((r) => r.warmSvgMs ?? []));
const rasterNames = Object.keys(floorRuns[0]!.warmRasterMs ?? {});
const rasterRows = rasterNames
  .map((name) => ({
    name,
    ms: median(floorRuns.flatMap((r) => r.warmRasterMs?.[name] ?? [])),
    bytes: floorRuns[0]!.rasterBytes?.[name] ?? Number.NaN,
  }))
  .sort((a, b) => a.ms - b.ms);
console.log(`\nthe floor, in processes of its own on the same cards: Satori layout + SVG ${ms(satoriMs)}, then alone:`);
for (const row of rasterRows) {
  console.log(`  ${row.name.padEnd(40)}${ms(row.ms)}   ${String(row.bytes).padStart(10)} bytes`);
}
const fastest = rasterRows[0];
const ogSharp = rows[1]!.warm;
const chromiumBest = Math.min(rows[3]!.warm, rows[4]!.warm);
const verdict = (ratio: number, ok: boolean, target: string) =>
  `${ratio.toFixed(2)}× (target ${target}: ${ok ? 'met' : 'missed'})`;
if (fastest) {
  const floor = satoriMs + fastest.ms;
  const ratio = crieur.warm / floor;
  console.log(
    `floor = Satori ${satoriMs.toFixed(1)} ms + ${fastest.name} ${fastest.ms.toFixed(1)} ms = ${floor.toFixed(1)} ms`,
  );
  console.log(
    `warm, crieur vs the floor:                 ${verdict(ratio, ratio <= TARGET_VS_FLOOR, `≤ ${TARGET_VS_FLOOR}×`)}`,
  );
}
const vsOg = ogSharp / crieur.warm;
console.log(
  `warm, crieur vs @vercel/og on sharp:       ${verdict(vsOg, vsOg >= TARGET_VS_OG, `≥ ${TARGET_VS_OG}× faster`)}`,
);
const vsWasm = rows[2]!.warm / crieur.warm;
console.log(`warm, crieur vs @vercel/og on resvg-wasm:  ${vsWasm.toFixed(2)}×`);
const vsChromium = chromiumBest / crieur.warm;
console.log(
  `warm, crieur vs fastest Chromium way:      ${verdict(vsChromium, vsChromium > TARGET_VS_CHROMIUM, 'faster than every way')}`,
);
console.log(`warm, crieur vs Chromium new page content: ${(rows[3]!.warm / crieur.warm).toFixed(2)}×`);
console.log(`cold, crieur vs Chromium launch:           ${(rows[3]!.cold / crieur.cold).toFixed(2)}×`);
console.log(
  `crieur warm per card: Satori layout + SVG ${satoriMs.toFixed(1)} ms, rasterise + PNG + hash + write ${(crieur.warm - satoriMs).toFixed(1)} ms`,
);
