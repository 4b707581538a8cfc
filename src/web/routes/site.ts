import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { siteOutputDir } from '../../config/site-output.js';
import type { WebDeps } from '../types.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/**
 * The website channel's published pages and feed, public like any news page, at `/site/` (the
 * default SITE_BASE_URL). Only files below the output folder with a known type are served.
 */
export function registerSiteRoutes(app: FastifyInstance, deps: WebDeps): void {
  if (!deps.loaded.config.networks.includes('site')) return;
  const root = siteOutputDir(deps.loaded);
  app.get<{ Params: { '*': string } }>('/site/*', { config: { public: true } }, async (request, reply) => {
    let relative = normalize(request.params['*'] || '.');
    if (relative.startsWith('..') || relative.includes(`${sep}..`) || relative.startsWith(sep)) {
      return reply.callNotFound();
    }
    let path = join(root, relative);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      relative = join(relative, 'index.html');
      path = join(root, relative);
    }
    const type = TYPES[extname(path).toLowerCase()];
    const body = type === undefined ? undefined : await readFile(path).catch(() => undefined);
    if (body === undefined || type === undefined) return reply.callNotFound();
    return reply.type(type).header('cache-control', 'no-cache').send(body);
  });
}
