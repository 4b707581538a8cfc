import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCards } from '../../src/cards/plan.js';
import { NETWORKS } from '../../src/networks/index.js';
import { drawingSteps } from '../../src/render/drawing-steps.js';
import { CARD_FORMATS } from '../../src/render/formats.js';
import { rasterise, rasteriseDocument } from '../../src/render/rasterise.js';
import { createCardRenderer } from '../../src/render/renderer.js';
import { withoutUnusedMasks } from '../../src/render/unused-masks.js';
import { parseUpdateFile } from '../../src/update/parse.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';

const UPDATES = path.join(import.meta.dirname, 'updates');
const SAMPLE = path.join(import.meta.dirname, '..', '..', 'examples', '2026-05-14-dsn.md');
const ROOT = '<svg width="100" height="50" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg">';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crieur-rasterise-'));
  const logo =
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">' +
    '<rect width="300" height="100" fill="#c0392b"/><circle cx="50" cy="50" r="40" fill="#fff"/></svg>';
  await writeFile(path.join(dir, 'logo.svg'), logo);
  await sharp(Buffer.from(logo)).png().toFile(path.join(dir, 'logo.png'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** How many bytes differ, and by how much at most. */
function compare(a: Buffer, b: Buffer): { bytes: number; most: number } {
  expect(a.length).toBe(b.length);
  let bytes = 0;
  let most = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > 0) bytes++;
    most = Math.max(most, d);
  }
  return { bytes, most };
}

function pixelAt(pixels: { data: Buffer; width: number }, x: number, y: number): number[] {
  const at = (y * pixels.width + x) * 4;
  return [...pixels.data.subarray(at, at + 4)];
}

describe('cards drawn step by step look as Skia draws their SVG', async () => {
  const files = [SAMPLE, ...(await readdir(UPDATES)).map((name) => path.join(UPDATES, name))];
  for (const logo of [null, 'logo.png', 'logo.svg']) {
    it(`every card of every update on every network, ${logo ?? 'without a logo'}`, async () => {
      const renderer = createCardRenderer({ branding: { ...DEFAULT_BRANDING, logo }, baseDir: dir });
      let cards = 0;
      for (const file of files) {
        for (const spec of planCards(parseUpdateFile(file))) {
          for (const network of NETWORKS) {
            const { width, height } = CARD_FORMATS[network];
            const svg = await renderer.svg(spec, { width, height });
            const label = `${path.basename(file)}, ${spec.template} on ${network}`;
            // Drawn step by step, not handed whole to the slower SVG renderer.
            expect(drawingSteps(withoutUnusedMasks(svg)), label).toBeDefined();
            const steps = await rasterise(svg);
            const whole = await rasteriseDocument(svg);
            expect([steps.width, steps.height]).toEqual([width, height]);
            const { bytes, most } = compare(steps.data, whole.data);
            expect(most, label).toBeLessThanOrEqual(1);
            expect(bytes / steps.data.length, label).toBeLessThan(0.0005);
            cards++;
          }
        }
      }
      expect(cards).toBeGreaterThan(20);
    });
  }

  it('hands an SVG with anything else to the SVG renderer, which draws it', async () => {
    const circle = `${ROOT}<rect x="0" y="0" width="100" height="50" fill="#ffffff"/><circle cx="75" cy="25" r="20" fill="#0b4f8a"/></svg>`;
    expect(drawingSteps(circle)).toBeUndefined();
    const pixels = await rasterise(circle);
    expect(pixelAt(pixels, 75, 25)).toEqual([0x0b, 0x4f, 0x8a, 255]);
    expect(pixelAt(pixels, 10, 25)).toEqual([255, 255, 255, 255]);
  });

  it('does not draw a rounded or translucent rectangle as a plain one', () => {
    expect(
      drawingSteps(`${ROOT}<rect x="0" y="0" width="10" height="10" fill="#000000" rx="4"/></svg>`),
    ).toBeUndefined();
    expect(
      drawingSteps(`${ROOT}<rect x="0" y="0" width="10" height="10" fill="rgba(0,0,0,0.5)"/></svg>`),
    ).toBeUndefined();
    expect(
      drawingSteps(`${ROOT}<g opacity="0.5"><path fill="#000000" d="M0 0L10 0L10 10Z"/></g></svg>`),
    ).toBeUndefined();
  });

  it('draws an image with the clip and mask it uses, and refuses one whose clip is missing', async () => {
    const red = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c0392b' } })
      .png()
      .toBuffer();
    const href = `data:image/png;base64,${red.toString('base64')}`;
    const clipped =
      `${ROOT}<rect x="0" y="0" width="100" height="50" fill="#ffffff"/>` +
      '<clipPath id="c"><rect x="0" y="0" width="50" height="50"/></clipPath>' +
      `<image x="0" y="0" width="100" height="50" href="${href}" preserveAspectRatio="none" clip-path="url(#c)"/></svg>`;
    const drawing = drawingSteps(clipped);
    expect(drawing?.steps.map((step) => step.kind)).toEqual(['rect', 'element']);
    const pixels = await rasterise(clipped);
    expect(pixelAt(pixels, 25, 25)).toEqual([0xc0, 0x39, 0x2b, 255]);
    // Outside the clip, the white rectangle under the image.
    expect(pixelAt(pixels, 75, 25)).toEqual([255, 255, 255, 255]);
    expect(drawingSteps(clipped.replace('<clipPath id="c">', '<clipPath id="other">'))).toBeUndefined();
  });

  it('leaves out the masks nothing uses, and keeps the ones in use', () => {
    const svg =
      `${ROOT}<mask id="unused"><rect x="0" y="0" width="10" height="10" fill="#fff"/></mask>` +
      '<mask id="used"><rect x="0" y="0" width="20" height="20" fill="#fff"/></mask>' +
      '<image x="0" y="0" width="10" height="10" href="data:," mask="url(#used)"/></svg>';
    const lean = withoutUnusedMasks(svg);
    expect(lean).not.toContain('id="unused"');
    expect(lean).toContain('<mask id="used">');
    expect(lean).toContain('mask="url(#used)"');
  });
});
