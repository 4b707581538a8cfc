/**
 * One contender of bench/render-vs-peers.ts, in a fresh process so its cold start is its own.
 * `floor` is not a contender but the floor's parts (Satori's layout alone, then each rasteriser and
 * encoder alone), taking turns in processes of their own: their aftermath (buffers freed, libvips
 * and Skia threads winding down) never lands in crieur's timed cards.
 * Run: node --import tsx bench/peers/render-worker.ts <crieur|floor|og|chromium> <rounds> <warmup> [outDir]
 *   warmup: untimed cards between the cold card and the timed ones, so that every contender is
 *   measured once its JIT has settled (crieur's and @vercel/og's Satori take ~20 cards).
 * Prints one JSON line (WorkerResult) on stdout.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { createEmojiLoader } from '../../src/render/emoji.js';
import { loadCardFonts } from '../../src/render/fonts.js';
import { cardTree } from '../../src/render/templates.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';
import { createCardPage } from './card-html.js';
import { blockNetwork } from './offline-fetch.js';

export type Contender = 'crieur' | 'floor' | 'og' | 'chromium';

export interface WorkerResult {
  contender: Contender;
  /** What rasterised the SVG (@vercel/og picks sharp when it can import it). */
  engine: string;
  /** Import or launch, then the first card. */
  coldMs: number;
  warmMs: number[];
  /** Chromium only: the same cards drawn by replacing the body of an already loaded page. */
  warmDomMs?: number[];
  /** floor only: Satori's layout and SVG alone (no rasterising, no encoding), card after card. */
  warmSvgMs?: number[];
  /** floor only: each rasteriser + encoder alone on Satori's SVG of the same cards (the floor's other half). */
  warmRasterMs?: Record<string, number[]>;
  /** floor only: PNG bytes of the sample card per rasteriser + encoder. */
  rasterBytes?: Record<string, number>;
  pngBytes: number;
  blockedFetches: string[];
  emojiServedLocally: number;
}

const SIZE = { width: 1200, height: 675 } as const;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Nothing may leave the machine: no proxy answers and no name resolves.
  '--proxy-server=127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

type Render = (spec: CardSpec) => Promise<Buffer>;

const [contender, roundsArg, warmupArg, outDir] = process.argv.slice(2) as [
  Contender,
  string | undefined,
  string | undefined,
  string | undefined,
];
const rounds = Number(roundsArg ?? 20);
const warmup = Number(warmupArg ?? 20);
const counts = blockNetwork();
const sample = planCards(parseUpdateFile(path.join(import.meta.dirname, '..', '..', 'examples', '2026-05-14-dsn.md')));
const spec = sample.find((card) => card.template === 'key-figures');
if (!spec) throw new Error('the sample update has no key-figures card');
// Each warm round draws a different card, so no renderer can answer from a cache.
const variant = (round: number): CardSpec => ({ ...spec, dateLabel: `${spec.dateLabel} (${round})` });

const scratch = await mkdtemp(path.join(tmpdir(), 'crieur-peers-'));
const cleanup: Array<() => Promise<unknown>> = [() => rm(scratch, { recursive: true, force: true })];

async function setUp(): Promise<{ engine: string; render: Render; renderDom?: Render; svgOnly?: Render }> {
  switch (contender) {
    case 'crieur': {
      const { createCardRenderer } = await import('../../src/render/renderer.js');
      const renderer = createCardRenderer({ branding: DEFAULT_BRANDING });
      return {
        engine: 'satori + Skia',
        render: async (card) => readFile((await renderer.render(card, 'x', scratch)).path),
      };
    }
    case 'floor': {
      const { drawCardSvg } = await import('../../src/render/draw.js');
      const { RASTERISERS } = await import('./rasterisers.js');
      const [firstRasteriser] = Object.values(RASTERISERS);
      const drawOptions = { fonts: await loadCardFonts(), loadEmoji: createEmojiLoader() };
      const svgOnly = async (card: CardSpec) =>
        Buffer.from((await drawCardSvg(card, DEFAULT_BRANDING, SIZE, drawOptions)).svg);
      return {
        engine: 'Satori, then each rasteriser',
        render: async (card) => firstRasteriser!((await svgOnly(card)).toString(), SIZE),
        svgOnly,
      };
    }
    case 'og': {
      const engine = await import('sharp').then(
        () => 'satori + sharp',
        () => 'satori + resvg-wasm',
      );
      const { ImageResponse } = await import('@vercel/og');
      const fonts = await loadCardFonts();
      type OgElement = ConstructorParameters<typeof ImageResponse>[0];
      type OgFonts = NonNullable<ConstructorParameters<typeof ImageResponse>[1]>['fonts'];
      return {
        engine,
        render: async (card) => {
          const tree = cardTree(card, DEFAULT_BRANDING, SIZE) as unknown as OgElement;
          const response = new ImageResponse(tree, { ...SIZE, fonts: fonts as unknown as OgFonts, emoji: 'twemoji' });
          return Buffer.from(await response.arrayBuffer());
        },
      };
    }
    case 'chromium': {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      });
      cleanup.push(() => browser.close());
      const page = await browser.newPage({ viewport: SIZE, deviceScaleFactor: 1 });
      page.on('request', (request) => {
        if (!request.url().startsWith('data:')) counts.blocked.push(request.url());
      });
      const html = createCardPage(await loadCardFonts(), createEmojiLoader());
      const shoot = async () => {
        await page.evaluate('document.fonts.ready.then(() => true)');
        return page.screenshot({ type: 'png' });
      };
      return {
        engine: 'Chromium screenshot',
        render: async (card) => {
          await page.setContent(await html.page(cardTree(card, DEFAULT_BRANDING, SIZE)), { waitUntil: 'load' });
          return shoot();
        },
        renderDom: async (card) => {
          const body = await html.body(cardTree(card, DEFAULT_BRANDING, SIZE));
          await page.evaluate((inner) => {
            (globalThis as unknown as { document: { body: { innerHTML: string } } }).document.body.innerHTML = inner;
          }, body);
          return shoot();
        },
      };
    }
  }
}

const coldStart = performance.now();
const { engine, render, renderDom, svgOnly } = await setUp();
const first = await render(spec);
const coldMs = performance.now() - coldStart;

// Every card below is new to the renderer: variants are numbered from 0 without repeats.
let next = 0;
async function timed(draw: Render): Promise<number[]> {
  for (let round = 0; round < warmup; round++) await draw(variant(next++));
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const card = variant(next++);
    const start = performance.now();
    await draw(card);
    times.push(performance.now() - start);
  }
  return times;
}
const floor = contender === 'floor' && svgOnly ? await timeFloor(svgOnly) : undefined;
const warmMs = floor?.warmMs ?? (await timed(render));
const warmDomMs = renderDom ? await timed(renderDom) : undefined;
const warmSvgMs = floor?.svgMs;
const rasters = floor?.rasters;

/**
 * The floor's parts, each alone and back to back as a renderer would run it, on new cards:
 * Satori's layout of `warmup + rounds` cards, then every rasteriser + encoder in turn on those
 * cards' SVG, each after its own `warmup` untimed cards. Taking turns card by card instead let
 * each part pay for the one before it (buffers freed, libvips threads winding down): Satori's
 * layout measured half again as long as alone. A round's sum stands as this process's `warmMs`.
 */
async function timeFloor(layout: Render): Promise<{
  warmMs: number[];
  svgMs: number[];
  rasters: { ms: Record<string, number[]>; bytes: Record<string, number> };
}> {
  const { RASTERISERS } = await import('./rasterisers.js');
  const svgs: string[] = [];
  const svgMs: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const start = performance.now();
    svgs.push((await layout(variant(next++))).toString());
    if (round >= warmup) svgMs.push(performance.now() - start);
  }
  const ms: Record<string, number[]> = {};
  const bytes: Record<string, number> = {};
  for (const [name, rasterise] of Object.entries(RASTERISERS)) {
    ms[name] = [];
    for (const [round, svg] of svgs.entries()) {
      const start = performance.now();
      const png = await rasterise(svg, SIZE);
      if (round >= warmup) ms[name].push(performance.now() - start);
      bytes[name] ??= png.length;
    }
  }
  const warmMs = svgMs.map((layoutMs, round) =>
    Object.values(ms).reduce((sum, times) => sum + times[round]!, layoutMs),
  );
  return { warmMs, svgMs, rasters: { ms, bytes } };
}

if (outDir) await writeFile(path.join(outDir, `${contender}-${engine.replace(/\W+/g, '-')}.png`), first);
for (const step of cleanup.reverse()) await step();

const result: WorkerResult = {
  contender,
  engine,
  coldMs,
  warmMs,
  ...(warmDomMs ? { warmDomMs } : {}),
  ...(warmSvgMs ? { warmSvgMs } : {}),
  ...(rasters ? { warmRasterMs: rasters.ms, rasterBytes: rasters.bytes } : {}),
  pngBytes: first.length,
  blockedFetches: counts.blocked,
  emojiServedLocally: counts.servedLocally,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
