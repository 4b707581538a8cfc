import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SITE_CSS } from '../../app/registry.js';
import { listEvents } from '../../audit/journal.js';
import { describeCount } from '../../compose/describe-count.js';
import { CrieurError, RefusedError } from '../../errors.js';
import { statusBadgeLabel as statusLabel } from '../../i18n/fr.js';
import { frenchSentence } from '../../i18n/sentence.js';
import { isNetworkId } from '../../networks/index.js';
import { cardRedrawer } from '../../pipeline/card-redrawer.js';
import { draftRecomposer } from '../../pipeline/recompose.js';
import { approve } from '../../queue/approve.js';
import {
  chooseFigures,
  currentChoice,
  draftUpdate,
  figureCandidates,
  updateTextWarnings,
} from '../../queue/choose-figures.js';
import { editAltText, editPostText } from '../../queue/edit.js';
import { followUps, retractionSummary } from '../../queue/follow-up-reads.js';
import { localCard } from '../../queue/media-files.js';
import { updateTitle } from '../../queue/page-reads.js';
import { approvalOf, draftSummaries, latestDrafts, findDraft as queuedDraft } from '../../queue/read.js';
import { reject } from '../../queue/reject.js';
import { type DraftRecord, type DraftStatus, formatDraftId } from '../../queue/types.js';
import { slotFinder } from '../../schedule/slots.js';
import { addDays, zonedDate } from '../../time/zoned-time.js';
import { queueBanners } from '../banners.js';
import { can } from '../permissions.js';
import { groupQueue } from '../queue-groups.js';
import { addFlash, frameFor, sendHtml } from '../respond.js';
import { sentenceContext } from '../sentence-context.js';
import { shownUpdates } from '../shown-updates.js';
import { SITE_PREVIEW_CSP, sitePreviewHtml } from '../site-preview.js';
import { frenchInstant } from '../time-format.js';
import type { WebDeps } from '../types.js';
import { draftPage } from '../views/draft-page.js';
import { choiceFromForm } from '../views/figure-choice.js';
import { queuePage } from '../views/queue-page.js';

type IdParams = { id: string };
type PostParams = IdParams & { post: string };
type MediaParams = PostParams & { media: string };

/** Card files are content-addressed: only `<sha256>.png|jpg` names are served, nothing else. */
const MEDIA_FILE = /^[0-9a-f]{64}\.(png|jpg)$/;
const INDEX = /^\d{1,4}$/;
/** How many past days the queue shows (older drafts that are still open are always shown). */
const RECENT_DAYS = 14;
/** Sent or tried: what the banner about a network's last publication looks at. */
const SENT: readonly DraftStatus[] = ['published', 'failed', 'partly_published'];
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

  app.get<{ Querystring: { remplaces?: string } }>('/', (request, reply) => {
    const now = deps.now();
    // The queue is about the days at hand: the last two weeks, and anything still open. The rest of
    // the year is in the Historique.
    const cutoff = addDays(zonedDate(now, zone), -RECENT_DAYS);
    const shown = draftSummaries(deps.queue, { recentOrOpen: { since: cutoff, statuses: OPEN } });
    // Each network's last publication, however old: a failure stays in the banner until the next one.
    const lastSent = latestDrafts(deps.queue, SENT);
    const { slotOf, titleOf } = shownUpdates(deps, shown);
    const groups = groupQueue(shown, { now, slotOf, titleOf });
    return sendHtml(
      reply,
      queuePage(frameFor(request, reply), {
        groups,
        banners: queueBanners({
          loaded: deps.loaded,
          dryRun: deps.dryRun,
          now,
          drafts: [...shown, ...lastSent],
          connections: deps.connections,
        }),
        now,
        zone,
        showSuperseded: request.query.remplaces === '1',
        recentDays: RECENT_DAYS,
      }),
    );
  });

  app.get<{ Params: IdParams }>('/brouillons/:id', (request, reply) => {
    const draft = findDraft(request.params.id);
    if (draft === null) return reply.callNotFound();
    const user = request.user;
    const update = draftUpdate(deps.queue, draft);
    return sendHtml(
      reply,
      draftPage(frameFor(request, reply), {
        draft,
        title: updateTitle(deps.queue, draft.updateId),
        slot: slotFinder(store, deps.loaded.config)(draft),
        now: deps.now(),
        zone,
        approval: currentApproval(draft),
        events: listEvents(store.db, { subject: formatDraftId(draft.id) }),
        sentences: sentenceContext(deps.queue),
        can: (capability) => user !== null && can(user.role, capability),
        figures: (() => {
          const candidates = figureCandidates(deps.queue, draft, update);
          return { candidates, chosen: currentChoice(draft, candidates) };
        })(),
        textWarnings: updateTextWarnings(update, draft),
        canPublishNow: deps.publishNow !== undefined,
        followUp: {
          target: draft.targetId === null ? null : queuedDraft(deps.queue, draft.targetId),
          followUps: draft.kind === 'update' ? followUps(deps.queue, draft.id) : [],
          retracted: draft.kind === 'update' ? retractionSummary(deps.queue, draft.id) : null,
        },
      }),
    );
  });

  app.post<{ Params: IdParams; Body: Record<string, unknown> }>(
    '/brouillons/:id/chiffres',
    { config: { capability: 'edit' } },
    async (request, reply) => {
      const draft = findDraft(request.params.id);
      if (draft === null || request.user === null) return reply.callNotFound();
      const before = draft;
      const redrawer = cardRedrawer(deps.loaded);
      const recomposer = draftRecomposer(deps.loaded);
      try {
        const choice = choiceFromForm(request.body);
        const updated = await chooseFigures(
          deps.queue,
          { draftId: draft.id, choice, by: request.user.name, expectedHash: field(request.body?.expectedHash) },
          { style: redrawer.style, render: redrawer.render, recompose: recomposer.recompose },
        );
        addFlash(request, {
          kind: 'ok',
          text: `Carte redessinée avec ${choice.length} chiffre${choice.length > 1 ? 's' : ''} clé${choice.length > 1 ? 's' : ''} (version ${updated.version}).`,
        });
        if (before.status === 'approved' && updated.status === 'awaiting_review') {
          addFlash(request, {
            kind: 'warning',
            text: 'La modification a annulé l’approbation : une autre personne doit approuver la nouvelle version.',
          });
        }
        return reply.redirect(`/brouillons/${draft.id}#publication-1`, 303);
      } catch (error) {
        if (!(error instanceof CrieurError)) throw error;
        addFlash(request, { kind: 'error', text: error.messageFr });
        return reply.redirect(`/brouillons/${draft.id}`, 303);
      } finally {
        redrawer.dispose();
        recomposer.dispose();
      }
    },
  );

  app.get<{ Params: IdParams }>('/brouillons/:id/apercu-site', (request, reply) => {
    const draft = findDraft(request.params.id);
    if (draft === null || draft.network !== 'site') return reply.callNotFound();
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', SITE_PREVIEW_CSP)
      .header('x-frame-options', 'SAMEORIGIN')
      .send(sitePreviewHtml(draft, deps.loaded));
  });

  app.get('/apercu-site/style.css', (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(SITE_CSS),
  );

  app.post<{ Params: IdParams; Body: { confirmer?: string } }>(
    '/brouillons/:id/publier',
    { config: { capability: 'operate' } },
    async (request, reply) => {
      const draft = findDraft(request.params.id);
      if (draft === null || request.user === null) return reply.callNotFound();
      const publishNow = deps.publishNow;
      if (request.body?.confirmer !== 'oui' || publishNow === undefined) {
        addFlash(request, {
          kind: 'error',
          text:
            publishNow === undefined
              ? 'Cette page ne peut pas publier : le service de publication n’y est pas relié.'
              : 'Cochez la case de confirmation pour publier maintenant.',
        });
        return reply.redirect(`/brouillons/${draft.id}`, 303);
      }
      request.log.info(
        { by: request.user.name, draft: formatDraftId(draft.id), network: draft.network, from: draft.status },
        'publication started from the web page',
      );
      const outcomes = await publishNow(draft.date, { by: request.user.name, network: draft.network });
      const outcome = outcomes.find((item) => item.draftId === draft.id);
      addFlash(
        request,
        outcome === undefined
          ? { kind: 'error', text: 'Rien n’a été envoyé : ce brouillon n’est pas prêt à publier (voir son état).' }
          : {
              kind: outcome.status === 'published' ? 'ok' : 'warning',
              text: `Publication lancée : ${statusLabel(outcome.status).toLocaleLowerCase('fr-CA')}.`,
            },
      );
      return reply.redirect(`/brouillons/${draft.id}`, 303);
    },
  );

  app.post<{ Params: PostParams; Body: { text?: string; expectedHash?: string; annulerApprobation?: string } }>(
    '/brouillons/:id/publications/:post/texte',
    { config: { capability: 'edit' } },
    (request, reply) =>
      act(request, reply, (draftId, by) => {
        const before = queuedDraft(deps.queue, draftId);
        confirmClearing(before, request.body?.annulerApprobation);
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

  app.post<{ Params: MediaParams; Body: { alt?: string; expectedHash?: string; annulerApprobation?: string } }>(
    '/brouillons/:id/publications/:post/images/:media/alt',
    { config: { capability: 'edit' } },
    (request, reply) =>
      act(request, reply, (draftId, by) => {
        const before = queuedDraft(deps.queue, draftId);
        confirmClearing(before, request.body?.annulerApprobation);
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
        const current = queuedDraft(deps.queue, draftId);
        const given = current === null ? null : currentApproval(current);
        if (current?.status === 'approved' && given !== null) {
          throw new RefusedError(
            `${formatDraftId(draftId)} is approved already`,
            `ce brouillon est déjà approuvé, par ${given.approvedBy} le ${frenchInstant(given.approvedAt, zone)} (version ${given.version}) : rien d’autre à faire`,
          );
        }
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
    if (!MEDIA_FILE.test(file)) return reply.callNotFound();
    const path = localCard(store, file);
    if (!existsSync(path)) return reply.callNotFound();
    return reply
      .type(file.endsWith('.png') ? 'image/png' : 'image/jpeg')
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(createReadStream(path));
  });

  function currentApproval(draft: DraftRecord) {
    return draft.status === 'approved' || draft.status === 'missed' ? approvalOf(deps.queue, draft) : null;
  }

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
      addFlash(request, { kind: 'error', text: frenchSentence(error.messageFr) });
      return reply.redirect(`/brouillons/${draft.id}`, 303);
    }
  }
}

/** Saving over an approved draft clears its approval: only once the person has ticked that they know. */
function confirmClearing(before: DraftRecord | null, confirmed: string | undefined): void {
  if (before?.status === 'approved' && confirmed !== 'oui') {
    throw new RefusedError(
      'editing an approved draft clears its approval: confirm first',
      'rien n’a été enregistré : ce brouillon est approuvé, et le modifier annule l’approbation. Cochez la case de confirmation pour enregistrer',
    );
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
