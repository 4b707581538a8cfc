import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listEvents } from '../../audit/log.js';
import { describeCount } from '../../compose/describe-count.js';
import { CrieurError } from '../../errors.js';
import { isNetworkId } from '../../networks/index.js';
import { approve } from '../../queue/approve.js';
import { editAltText, editPostText } from '../../queue/edit.js';
import { approvalOf, draftSummaries, findDraft as queuedDraft } from '../../queue/read.js';
import { reject } from '../../queue/reject.js';
import { type DraftRecord, type DraftStatus, formatDraftId } from '../../queue/types.js';
import { slotFinder } from '../../schedule/slots.js';
import { addDays, zonedDate } from '../../time/zoned-time.js';
import { can } from '../permissions.js';
import { addFlash, frameFor, sendHtml } from '../respond.js';
import type { WebDeps } from '../types.js';
import { draftPage } from '../views/draft-page.js';
import { queuePage } from '../views/queue-page.js';

type IdParams = { id: string };
type PostParams = IdParams & { post: string };
type MediaParams = PostParams & { media: string };

/** Card files are content-addressed: only `<sha256>.png|jpg` names are served, nothing else. */
const MEDIA_FILE = /^[0-9a-f]{64}\.(png|jpg)$/;
const INDEX = /^\d{1,4}$/;
/** How many past days the queue shows (older drafts that are still open are always shown). */
const RECENT_DAYS = 14;
const OPEN: readonly DraftStatus[] = [
  'awaiting_review',
  'needs_decision',
  'approved',
  'publishing',
  'partly_published',
  'failed',
];

export function registerDraftRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store } = deps.queue;
  const zone = deps.loaded.config.timezone;

  app.get<{ Querystring: { tout?: string } }>('/', (request, reply) => {
    const slotOf = slotFinder(store, deps.loaded.config);
    // The queue is about the days at hand: the last two weeks, and anything still open. The rest of
    // the year is in the Historique (or here with ?tout=1).
    const showAll = request.query.tout === '1';
    const cutoff = addDays(zonedDate(deps.now(), zone), -RECENT_DAYS);
    const rows = draftSummaries(deps.queue)
      .filter((draft) => showAll || draft.date >= cutoff || OPEN.includes(draft.status))
      .map((draft) => ({ draft, slot: slotOf(draft) }));
    return sendHtml(reply, queuePage(frameFor(request, reply), { rows, now: deps.now(), zone, showAll }));
  });

  app.get<{ Params: IdParams }>('/brouillons/:id', (request, reply) => {
    const draft = findDraft(request.params.id);
    if (draft === null) return reply.callNotFound();
    const user = request.user;
    return sendHtml(
      reply,
      draftPage(frameFor(request, reply), {
        draft,
        slot: slotFinder(store, deps.loaded.config)(draft),
        now: deps.now(),
        zone,
        approval: draft.status === 'approved' || draft.status === 'missed' ? approvalOf(deps.queue, draft) : null,
        events: listEvents(store.db, { subject: formatDraftId(draft.id) }),
        can: (capability) => user !== null && can(user.role, capability),
      }),
    );
  });

  app.post<{ Params: PostParams; Body: { text?: string; expectedHash?: string } }>(
    '/brouillons/:id/publications/:post/texte',
    { config: { capability: 'edit' } },
    (request, reply) =>
      act(request, reply, (draftId, by) => {
        const before = queuedDraft(deps.queue, draftId);
        const updated = editPostText(deps.queue, {
          draftId,
          by,
          postIndex: index(request.params.post),
          text: formText(request.body?.text),
          expectedHash: field(request.body?.expectedHash),
        });
        return { updated, before, what: 'Texte enregistré', anchor: `#publication-${index(request.params.post) + 1}` };
      }),
  );

  app.post<{ Params: MediaParams; Body: { alt?: string; expectedHash?: string } }>(
    '/brouillons/:id/publications/:post/images/:media/alt',
    { config: { capability: 'edit' } },
    (request, reply) =>
      act(request, reply, (draftId, by) => {
        const before = queuedDraft(deps.queue, draftId);
        const updated = editAltText(deps.queue, {
          draftId,
          by,
          postIndex: index(request.params.post),
          mediaIndex: index(request.params.media),
          alt: formText(request.body?.alt),
          expectedHash: field(request.body?.expectedHash),
        });
        return {
          updated,
          before,
          what: 'Texte de remplacement enregistré',
          anchor: `#publication-${index(request.params.post) + 1}`,
        };
      }),
  );

  app.post<{ Params: IdParams; Body: { expectedHash?: string; acceptOmissions?: string } }>(
    '/brouillons/:id/approuver',
    { config: { capability: 'approve' } },
    (request, reply) =>
      act(request, reply, (draftId, by) => {
        const updated = approve(deps.queue, {
          draftId,
          by,
          expectedHash: field(request.body?.expectedHash),
          ...(field(request.body?.acceptOmissions) === 'oui' ? { acceptOmissions: true } : {}),
        });
        deps.onApproved();
        return { updated, before: null, what: 'Brouillon approuvé', anchor: '' };
      }),
  );

  app.post<{ Params: IdParams; Body: { reason?: string } }>(
    '/brouillons/:id/rejeter',
    { config: { capability: 'reject' } },
    (request, reply) =>
      act(request, reply, (draftId, by) => {
        const updated = reject(deps.queue, { draftId, by, reason: field(request.body?.reason) });
        return { updated, before: null, what: 'Brouillon rejeté', anchor: '' };
      }),
  );

  app.post<{ Body: { network?: unknown; text?: unknown } }>('/api/compter', (request, reply) => {
    const network = request.body?.network;
    const text = request.body?.text;
    if (typeof network !== 'string' || !isNetworkId(network) || typeof text !== 'string') {
      return reply.code(400).send({ error: 'réseau ou texte manquant' });
    }
    return reply.header('cache-control', 'no-store').send(describeCount(network, text.normalize('NFC').trim()));
  });

  app.get<{ Params: { file: string } }>('/medias/:file', (request, reply) => {
    const { file } = request.params;
    const path = join(store.mediaDir, file);
    if (!MEDIA_FILE.test(file) || !existsSync(path)) return reply.callNotFound();
    return reply
      .type(file.endsWith('.png') ? 'image/png' : 'image/jpeg')
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(createReadStream(path));
  });

  function findDraft(idText: string): DraftRecord | null {
    return /^\d{1,15}$/.test(idText) ? queuedDraft(deps.queue, Number(idText)) : null;
  }

  /**
   * Runs a queue action as the signed-in person. A refusal (four-eyes, stale content, wrong state) comes
   * back as the queue's own French message on the draft page; nothing was changed.
   */
  function act(
    request: FastifyRequest<{ Params: IdParams }>,
    reply: FastifyReply,
    run: (
      draftId: number,
      by: string,
    ) => { updated: DraftRecord; before: DraftRecord | null; what: string; anchor: string },
  ) {
    const draft = findDraft(request.params.id);
    if (draft === null || request.user === null) return reply.callNotFound();
    try {
      const { updated, before, what, anchor } = run(draft.id, request.user.name);
      addFlash(request, { kind: 'ok', text: `${what} (version ${updated.version}).` });
      if (before?.status === 'approved' && updated.status !== 'approved') {
        addFlash(request, {
          kind: 'warning',
          text: 'La modification a annulé l’approbation : une autre personne doit approuver la nouvelle version.',
        });
      }
      return reply.redirect(`/brouillons/${draft.id}${anchor}`, 303);
    } catch (error) {
      if (!(error instanceof CrieurError)) throw error;
      addFlash(request, { kind: 'error', text: error.messageFr });
      return reply.redirect(`/brouillons/${draft.id}`, 303);
    }
  }
}

function field(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Browsers send a textarea's line breaks as CRLF; the networks count each as one character. */
function formText(value: unknown): string {
  return field(value).replace(/\r\n?/g, '\n');
}

function index(text: string): number {
  return INDEX.test(text) ? Number(text) : -1;
}
