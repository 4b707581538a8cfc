import type { FastifyInstance } from 'fastify';
import { importUpdateFile } from '../../app/import-update.js';
import { CrieurError } from '../../errors.js';
import { frameFor, sendHtml } from '../respond.js';
import type { WebDeps } from '../types.js';
import { discardUpload, frenchMessage, type SavedUpload, saveUpload } from '../uploads.js';
import { importPage } from '../views/forms-pages.js';

export function registerImportRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get('/import', { config: { capability: 'import' } }, (request, reply) =>
    sendHtml(reply, importPage(frameFor(request, reply), {})),
  );

  app.post('/import', { config: { capability: 'import' } }, async (request, reply) => {
    let upload: SavedUpload | undefined;
    try {
      upload = await saveUpload(request.body, deps.loaded.dataDir, deps.now());
      const result = await importUpdateFile(upload.path, {
        loaded: deps.loaded,
        queue: deps.queue,
        by: request.user?.name ?? '',
      });
      request.log.info({ by: request.user?.name, drafts: result.drafts.length }, 'update imported from the web page');
      return sendHtml(reply, importPage(frameFor(request, reply), { result, fileName: upload.name }));
    } catch (error) {
      discardUpload(upload);
      if (!(error instanceof CrieurError)) throw error;
      const message = upload === undefined ? error.messageFr : frenchMessage(error, upload);
      return sendHtml(reply.code(422), importPage(frameFor(request, reply), { error: message }));
    }
  });
}
