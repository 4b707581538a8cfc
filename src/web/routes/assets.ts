import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { shippedFile } from '../../shipped-files.js';

const ASSETS: Record<string, string> = {
  'site.css': 'text/css; charset=utf-8',
  'countdown.js': 'text/javascript; charset=utf-8',
  'draft.js': 'text/javascript; charset=utf-8',
  'editor.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};
const FONT_WEIGHTS = ['400', '600', '700'] as const;

/** The style sheet, the two small scripts and the fonts, read once: the page has no inline script or style. */
export function registerAssetRoutes(app: FastifyInstance): void {
  const files = new Map<string, { body: Buffer; type: string; cache: string }>();
  for (const [name, type] of Object.entries(ASSETS)) {
    files.set(name, { body: readFileSync(shippedFile('src', 'web', 'assets', name)), type, cache: 'no-cache' });
  }
  const fontDir = join(dirname(createRequire(import.meta.url).resolve('@fontsource/inter')), 'files');
  for (const weight of FONT_WEIGHTS) {
    for (const subset of ['latin', 'latin-ext']) {
      const name = `inter-${subset}-${weight}-normal.woff2`;
      files.set(`fonts/${name}`, {
        body: readFileSync(join(fontDir, name)),
        type: 'font/woff2',
        cache: 'public, max-age=31536000, immutable',
      });
    }
  }
  app.get<{ Params: { '*': string } }>('/static/*', { config: { public: true } }, (request, reply) => {
    const file = files.get(request.params['*']);
    if (file === undefined) return reply.callNotFound();
    return reply.type(file.type).header('cache-control', file.cache).send(file.body);
  });
}
