import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { CrieurError, RefusedError } from '../../errors.js';
import { localReports } from '../../rehearsal/report-rows.js';
import { frameFor, sendHtml } from '../respond.js';
import type { WebDeps } from '../types.js';
import { discardUpload, frenchMessage, multipartField, type SavedUpload, saveUpload } from '../uploads.js';
import { type RehearsalEntry, rehearsalsPage } from '../views/forms-pages.js';

const REPORT_ID = /^[0-9A-Za-z-]{1,64}$/;
const REPORT_MEDIA = /^[0-9A-Za-z._-]{1,160}$/;
/** The report is a self-contained page with its own inline style sheet and no script at all. */
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function registerRehearsalRoutes(app: FastifyInstance, deps: WebDeps): void {
  const root = join(deps.loaded.dataDir, 'rehearsals');
  const zone = deps.loaded.config.timezone;

  // On PostgreSQL, reports made on the other machine are written here from the database first.
  const reports = (): RehearsalEntry[] => {
    localReports(deps.queue.store, root);
    return listReports(root);
  };

  app.get('/repetitions', (request, reply) =>
    sendHtml(reply, rehearsalsPage(frameFor(request, reply), { reports: reports(), zone })),
  );

  app.post('/repetitions', { config: { capability: 'rehearse' } }, async (request, reply) => {
    let upload: SavedUpload | undefined;
    try {
      const at = multipartField(request.body, 'at')?.trim() || undefined;
      if (at !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) {
        throw new RefusedError('the time must be HH:MM (24 h)', 'l’heure doit être au format HH:MM (24 h)');
      }
      upload = await saveUpload(request.body, deps.loaded.dataDir, deps.now());
      // The renderer loads with the first rehearsal, not with the web page.
      const { rehearse } = await import('../../rehearsal/rehearse.js');
      const result = await rehearse(upload.path, {
        loaded: deps.loaded,
        log: deps.log,
        now: deps.now,
        ...(at === undefined ? {} : { at }),
      });
      return reply.redirect(`/repetitions/${result.report.id}/`, 303);
    } catch (error) {
      discardUpload(upload);
      if (!(error instanceof CrieurError)) throw error;
      const message = upload === undefined ? error.messageFr : frenchMessage(error, upload);
      return sendHtml(
        reply.code(422),
        rehearsalsPage(frameFor(request, reply), { reports: reports(), zone, error: message }),
      );
    }
  });

  app.get<{ Params: { id: string } }>('/repetitions/:id', (request, reply) =>
    REPORT_ID.test(request.params.id)
      ? reply.redirect(`/repetitions/${request.params.id}/`, 301)
      : reply.callNotFound(),
  );

  app.get<{ Params: { id: string } }>('/repetitions/:id/', (request, reply) => {
    const { id } = request.params;
    if (!REPORT_ID.test(id)) return reply.callNotFound();
    const path = join(root, id, 'report.html');
    if (!existsSync(path)) localReports(deps.queue.store, root);
    if (!existsSync(path)) return reply.callNotFound();
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', REPORT_CSP)
      .header('cache-control', 'no-store')
      .send(createReadStream(path));
  });

  app.get<{ Params: { id: string; file: string } }>('/repetitions/:id/media/:file', (request, reply) => {
    const { id, file } = request.params;
    if (!REPORT_ID.test(id) || !REPORT_MEDIA.test(file) || file.startsWith('.')) return reply.callNotFound();
    const path = join(root, id, 'media', file);
    if (!existsSync(path)) localReports(deps.queue.store, root);
    if (!existsSync(path)) return reply.callNotFound();
    const type = file.endsWith('.png')
      ? 'image/png'
      : file.endsWith('.jpg') || file.endsWith('.jpeg')
        ? 'image/jpeg'
        : null;
    if (type === null) return reply.callNotFound();
    return reply.type(type).send(createReadStream(path));
  });
}

/** Reports found on disk, newest first. */
export function listReports(root: string): RehearsalEntry[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && REPORT_ID.test(entry.name) && existsSync(join(root, entry.name, 'report.html')),
    )
    .map((entry) => ({
      id: entry.name,
      createdAt: createdAt(entry.name, join(root, entry.name, 'report.html')),
      ...reportFacts(join(root, entry.name, 'report.json')),
    }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Report ids are their creation instant with `:` and `.` replaced; the file's time otherwise. */
function createdAt(id: string, path: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(id);
  if (match !== null) return new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`);
  return statSync(path).mtime;
}

/** The update's date, its file's name and the simulated time, from the report's JSON when readable. */
function reportFacts(path: string): { date?: string; file?: string; simulatedAt?: string } {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return {
      ...(typeof report.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(report.date) ? { date: report.date } : {}),
      ...(typeof report.updateFile === 'string' ? { file: basename(report.updateFile) } : {}),
      ...(typeof report.simulatedAt === 'string' ? { simulatedAt: report.simulatedAt } : {}),
    };
  } catch {
    return {};
  }
}
