import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importUpdateFile } from '../../app/import-update.js';
import { CrieurError, UpdateFileError } from '../../errors.js';
import { networkLabel } from '../../networks/index.js';
import { storeCardFile } from '../../queue/media-files.js';
import { frenchLongDate } from '../../update/french-dates.js';
import { MAX_PASTED_HTML_CHARS, pastedHtmlToText } from '../../update/pasted-html.js';
import { fieldProblems, parseWritten, type WrittenFields, writtenUpdateText } from '../../update/written-update.js';
import { addFlash, frameFor, sendHtml } from '../respond.js';
import type { WebDeps } from '../types.js';
import { newUpdatePage, type PreviewDraft } from '../views/new-update-page.js';

type FormBody = Partial<Record<'date' | 'titre' | 'resume' | 'lien' | 'corps', string>>;

/** « Nouvelle mise à jour »: written or pasted in the page, previewed, saved as drafts like an import. */
export function registerNewUpdateRoutes(app: FastifyInstance, deps: WebDeps): void {
  const zone = deps.loaded.config.timezone;

  app.get('/nouvelle', { config: { capability: 'import' } }, (request, reply) => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(deps.now());
    const fields: WrittenFields = { date: today, title: 'Mise à jour quotidienne', summary: '', link: '', body: '' };
    return sendHtml(reply, newUpdatePage(frameFor(request, reply), { fields }));
  });

  app.post<{ Body: FormBody }>('/nouvelle/apercu', { config: { capability: 'import' } }, async (request, reply) => {
    const fields = readFields(request.body);
    const refused = refuseFields(request, reply, fields);
    if (refused) return refused;
    try {
      const update = parseWritten(fields, fileName(fields));
      const outDir = join(deps.loaded.dataDir, 'rendered', `apercu-${stamp(deps.now())}`);
      const { prepareParsed } = await import('../../pipeline/prepare.js');
      const prepared = await prepareParsed(update, { loaded: deps.loaded, outDir });
      // Said with the lines of the text area, as a refusal is.
      const where = textAreaPlace(fields);
      if (update.warnings) update.warnings = update.warnings.map((w) => ({ ...w, messageFr: where(w.messageFr) }));
      // Cards go where the draft pages read them; the folder is content-addressed, so this is harmless.
      const drafts: PreviewDraft[] = prepared.drafts.map((draft) => ({
        network: draft.network,
        warnings: draft.warnings.map(where),
        posts: draft.posts.map((post) => ({
          text: post.text,
          media: post.media.map((card) => ({
            file: storeCardFile(card, deps.queue.store).file,
            alt: card.alt,
            width: card.width,
            height: card.height,
          })),
        })),
      }));
      return sendHtml(reply, newUpdatePage(frameFor(request, reply), { fields, preview: { update, drafts } }));
    } catch (error) {
      return refuseText(request, reply, fields, error);
    }
  });

  app.post<{ Body: FormBody }>('/nouvelle', { config: { capability: 'import' } }, async (request, reply) => {
    const fields = readFields(request.body);
    const refused = refuseFields(request, reply, fields);
    if (refused) return refused;
    try {
      // Checked before anything is written: a refused text leaves no file behind.
      parseWritten(fields, fileName(fields));
      const dir = join(deps.loaded.dataDir, 'uploads', `${stamp(deps.now())}-${randomBytes(4).toString('hex')}`);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, fileName(fields));
      writeFileSync(path, writtenUpdateText(fields).text);
      const by = request.user?.name ?? '';
      const result = await importUpdateFile(path, { loaded: deps.loaded, queue: deps.queue, by });
      request.log.info({ by, drafts: result.drafts.length, source: path }, 'update written in the web page drafted');
      const networks = result.drafts.map((draft) => networkLabel(draft.network)).join(', ');
      addFlash(request, {
        kind: result.superseded.some((item) => item.previousStatus === 'approved') ? 'warning' : 'ok',
        text: `Brouillons créés pour le ${frenchLongDate(fields.date)} (${networks}) : ils attendent l’approbation.${
          result.superseded.length > 0 ? ` ${result.superseded.length} brouillon(s) précédent(s) remplacé(s).` : ''
        }`,
      });
      return reply.redirect('/', 303);
    } catch (error) {
      return refuseText(request, reply, fields, error);
    }
  });

  app.post<{ Body: { html?: unknown; text?: unknown } }>(
    '/api/collage',
    { config: { capability: 'import' }, bodyLimit: MAX_PASTED_HTML_CHARS * 2 },
    (request, reply) => {
      const source = request.body?.html;
      if (typeof source !== 'string') return reply.code(400).send({ error: 'aucun contenu HTML reçu' });
      return reply.header('cache-control', 'no-store').send(pastedHtmlToText(source));
    },
  );
}

function readFields(body: FormBody | undefined): WrittenFields {
  const text = (value: unknown) => (typeof value === 'string' ? value.normalize('NFC') : '');
  return {
    date: text(body?.date).trim(),
    title: text(body?.titre),
    summary: text(body?.resume),
    link: text(body?.lien).trim(),
    body: text(body?.corps),
  };
}

function refuseFields(request: FastifyRequest, reply: FastifyReply, fields: WrittenFields): FastifyReply | undefined {
  const problems = fieldProblems(fields);
  if (problems.length === 0) return undefined;
  return sendHtml(reply.code(422), newUpdatePage(frameFor(request, reply), { fields, problems }));
}

/** The parser's refusal shown on the form, its line counted in the text area rather than the stored file. */
function refuseText(request: FastifyRequest, reply: FastifyReply, fields: WrittenFields, error: unknown) {
  if (!(error instanceof CrieurError)) throw error;
  let message = error.messageFr;
  if (error instanceof UpdateFileError) {
    const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
    message = message.startsWith(`${where} : `) ? message.slice(where.length + 3) : message;
    const { bodyLine } = writtenUpdateText(fields);
    if (error.line !== undefined && error.line >= bodyLine)
      message = `texte, ligne ${error.line - bodyLine + 1}\u00A0: ${message}`;
  }
  request.log.warn({ by: request.user?.name, reason: error.message }, 'update written in the web page refused');
  return sendHtml(reply.code(422), newUpdatePage(frameFor(request, reply), { fields, error: message }));
}

/**
 * A message naming a line of the file the page writes (`2026-07-09-nouvelle-mise-a-jour.txt, ligne 9 : …`)
 * as the person sees it: `texte, ligne 6 : …`, counted in the text area.
 */
function textAreaPlace(fields: WrittenFields): (message: string) => string {
  const { bodyLine } = writtenUpdateText(fields);
  const file = fileName(fields);
  return (message) => {
    if (!message.startsWith(file)) return message;
    const rest = message.slice(file.length);
    const line = /^, ligne (\d+)[\u00A0 ]:[\u00A0 ]/u.exec(rest);
    if (line === null) return rest.replace(/^[\u00A0 ]:[\u00A0 ]/u, '');
    const number = Number(line[1]);
    const text = rest.slice(line[0].length);
    return number >= bodyLine ? `texte, ligne ${number - bodyLine + 1}\u00A0: ${text}` : text;
  };
}

function fileName(fields: WrittenFields): string {
  return `${fields.date}-nouvelle-mise-a-jour.txt`;
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}
