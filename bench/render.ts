/**
 * Card rendering benchmark: the sample update's cards on all four networks.
 * Run: node --import tsx bench/render.ts [rounds]
 * Warm rounds change the date label so every card is drawn anew instead of coming from the cache.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planCards } from '../src/cards/plan.js';
import type { CardSpec } from '../src/cards/types.js';
import { NETWORKS } from '../src/networks/index.js';
import { CARD_FORMATS } from '../src/render/formats.js';
import { createCardRenderer } from '../src/render/renderer.js';
import { parseUpdateFile } from '../src/update/parse.js';
import { DEFAULT_BRANDING } from '../templates/frame.js';

const TARGET_MS = 30;
const rounds = Number(process.argv[2] ?? 20);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const update = parseUpdateFile(path.join(import.meta.dirname, '..', 'examples', '2026-05-14-dsn.md'));
const cards = planCards(update);
const outDir = await mkdtemp(path.join(tmpdir(), 'crieur-bench-'));
const renderer = createCardRenderer({ branding: DEFAULT_BRANDING });

async function timed(spec: CardSpec, network: (typeof NETWORKS)[number]): Promise<number> {
  const start = performance.now();
  await renderer.render(spec, network, outDir);
  return performance.now() - start;
}

// Cold: the first card pays for loading fonts and warming satori, sharp and the JIT.
const cold = await timed(cards[0]!, 'x');

// The full set once (what a day's publication costs), cache included: X and Bluesky share images.
const fullSetStart = performance.now();
for (const network of NETWORKS) for (const spec of cards) await timed(spec, network);
const fullSet = performance.now() - fullSetStart;
const fullSetStats = renderer.stats();

const warm16x9: number[] = [];
const warmAll: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const network of ['x', 'linkedin', 'facebook'] as const) {
    for (const spec of cards) {
      const fresh = { ...spec, dateLabel: `${spec.dateLabel} (${round})` } as CardSpec;
      const t = await timed(fresh, network);
      warmAll.push(t);
      if (CARD_FORMATS[network].height === 675) warm16x9.push(t);
    }
  }
}

// Concurrent, as renderDraftCards does it: satori (JS thread) overlaps sharp (libvips threads).
const concurrent: number[] = [];
for (let round = 0; round < Math.max(3, Math.floor(rounds / 4)); round++) {
  const before = renderer.stats().drawn;
  const start = performance.now();
  await Promise.all(
    NETWORKS.flatMap((network) =>
      cards.map((spec) =>
        renderer.render({ ...spec, dateLabel: `${spec.dateLabel} [${round}]` } as CardSpec, network, outDir),
      ),
    ),
  );
  concurrent.push((performance.now() - start) / (renderer.stats().drawn - before));
}

const peakRss = process.resourceUsage().maxRSS / 1024;
const warm = median(warm16x9);
console.log(`cards: ${cards.length} (${cards.map((c) => c.template).join(', ')}) × ${NETWORKS.length} networks`);
console.log(`cold first card (fonts, JIT):         ${ms(cold)}`);
console.log(
  `full set, ${cards.length * NETWORKS.length} renders (cache shared):   ${ms(fullSet)}  [${fullSetStats.drawn} drawn, ${fullSetStats.reused} reused]`,
);
console.log(`warm median, 1200×675 card:           ${ms(warm)}  (n=${warm16x9.length})`);
console.log(`warm median, all sizes:               ${ms(median(warmAll))}  (n=${warmAll.length})`);
console.log(`concurrent full set, per drawn card:   ${ms(median(concurrent))}  (n=${concurrent.length} sets)`);
console.log(`peak RSS:                             ${peakRss.toFixed(0)} MiB`);
console.log(`ratio to the ${TARGET_MS} ms target:             ${(warm / TARGET_MS).toFixed(2)}×`);
await rm(outDir, { recursive: true, force: true });
