import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planCards } from '../../src/cards/plan.js';
import type { CardSpec } from '../../src/cards/types.js';
import { diskCardCache } from '../../src/render/card-cache.js';
import { MissingGlyphsError } from '../../src/render/errors.js';
import { createCardRenderer } from '../../src/render/renderer.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';
import { sampleUpdate } from './sample-update.js';

const cards = planCards(sampleUpdate());
const keyFigures = cards.find((card) => card.template === 'key-figures') as CardSpec;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crieur-card-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rendered cards kept between runs', () => {
  it('gives a later run the exact bytes without drawing anything', async () => {
    const cache = diskCardCache(path.join(dir, 'cache'));
    const first = createCardRenderer({ branding: DEFAULT_BRANDING, cache });
    const drawn = await first.render(keyFigures, 'linkedin', path.join(dir, 'a'));
    expect(first.stats()).toEqual({ drawn: 1, reused: 0 });

    const later = createCardRenderer({ branding: DEFAULT_BRANDING, cache: diskCardCache(path.join(dir, 'cache')) });
    const again = await later.render(keyFigures, 'linkedin', path.join(dir, 'b'));
    expect(later.stats()).toEqual({ drawn: 0, reused: 1 });
    expect(again.sha256).toBe(drawn.sha256);
    expect(await readFile(again.path)).toEqual(await readFile(drawn.path));
    expect({ ...again, path: '' }).toEqual({ ...drawn, path: '' });
  });

  it('draws again when the branding, the size or the data differ', async () => {
    const cache = diskCardCache(path.join(dir, 'cache'));
    await createCardRenderer({ branding: DEFAULT_BRANDING, cache }).render(keyFigures, 'linkedin', dir);
    const other = createCardRenderer({ branding: { ...DEFAULT_BRANDING, accent: '#6a1b4d' }, cache });
    await other.render(keyFigures, 'linkedin', dir);
    await other.render(keyFigures, 'x', dir);
    const edited = { ...keyFigures, title: `${(keyFigures as { title: string }).title} (révisé)` } as CardSpec;
    await other.render(edited, 'x', dir);
    expect(other.stats()).toEqual({ drawn: 3, reused: 0 });
  });

  it('never hands back a damaged entry: an image that does not match its hash is drawn again', async () => {
    const cacheDir = path.join(dir, 'cache');
    const good = await createCardRenderer({ branding: DEFAULT_BRANDING, cache: diskCardCache(cacheDir) }).render(
      keyFigures,
      'facebook',
      path.join(dir, 'a'),
    );
    const image = (await readdir(cacheDir)).find((name) => name.endsWith('.png'));
    if (image === undefined) throw new Error('no cached image');
    const bytes = await readFile(path.join(cacheDir, image));
    await writeFile(path.join(cacheDir, image), bytes.subarray(0, bytes.length >> 1));

    const renderer = createCardRenderer({ branding: DEFAULT_BRANDING, cache: diskCardCache(cacheDir) });
    const redrawn = await renderer.render(keyFigures, 'facebook', path.join(dir, 'b'));
    expect(renderer.stats()).toEqual({ drawn: 1, reused: 0 });
    expect(redrawn.sha256).toBe(good.sha256);
  });

  it('keeps the characters no font has: a cached card still refuses or reports them', async () => {
    const spec: CardSpec = {
      ...(cards.find((card) => card.template === 'highlights') as Extract<CardSpec, { template: 'highlights' }>),
      bullets: ['Tibétain ༀ ici.'],
    };
    const cache = diskCardCache(path.join(dir, 'cache'));
    const first = await createCardRenderer({ branding: DEFAULT_BRANDING, cache }).render(spec, 'x', dir);
    expect(first.missing).toEqual(['ༀ']);
    const strict = createCardRenderer({ branding: DEFAULT_BRANDING, cache, onMissingGlyphs: 'throw' });
    await expect(strict.render(spec, 'x', dir)).rejects.toBeInstanceOf(MissingGlyphsError);
    expect(strict.stats().drawn).toBe(0);
  });

  it('keeps at most the newest entries it is allowed', async () => {
    const cacheDir = path.join(dir, 'cache');
    const cache = diskCardCache(cacheDir, { maxEntries: 2 });
    const renderer = createCardRenderer({ branding: DEFAULT_BRANDING, cache });
    for (const network of ['x', 'linkedin', 'facebook'] as const) await renderer.render(keyFigures, network, dir);
    const names = await readdir(cacheDir);
    expect(names.filter((name) => name.endsWith('.json'))).toHaveLength(2);
    expect(names.filter((name) => name.endsWith('.png'))).toHaveLength(2);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
