import type { FastifyInstance } from 'fastify';
import { FORMAT_LABELS } from '../../compose/formats.js';
import { CrieurError } from '../../errors.js';
import { frenchSentence } from '../../i18n/sentence.js';
import { draftRecomposer } from '../../pipeline/recompose.js';
import { AWAITING } from '../../queue/lifecycle.js';
import { findDraft } from '../../queue/read.js';
import { switchFormat } from '../../queue/switch-format.js';
import { draftFormat } from '../../queue/view.js';
import { addFlash } from '../respond.js';
import type { WebDeps } from '../types.js';

/** `POST /brouillons/:id/format`: the draft composed again in another format, a new version to review. */
export function registerDraftFormatRoute(app: FastifyInstance, deps: WebDeps): void {
  app.post<{ Params: { id: string }; Body: { format?: unknown; expectedHash?: unknown } }>(
    '/brouillons/:id/format',
    { config: { capability: 'edit' } },
    async (request, reply) => {
      const draft = /^\d{1,15}$/.test(request.params.id) ? findDraft(deps.queue, Number(request.params.id)) : null;
      if (draft === null || request.user === null) return reply.callNotFound();
      if (!AWAITING.includes(draft.status)) {
        addFlash(request, {
          kind: 'error',
          text: 'Le format se change avant l’approbation\u00a0: ce brouillon n’attend plus de relecture.',
        });
        return reply.redirect(`/brouillons/${draft.id}`, 303);
      }
      const recomposer = draftRecomposer(deps.loaded);
      try {
        const expected = request.body?.expectedHash;
        const updated = await switchFormat(
          deps.queue,
          {
            draftId: draft.id,
            format: typeof request.body?.format === 'string' ? request.body.format : '',
            by: request.user.name,
            ...(typeof expected === 'string' && expected !== '' ? { expectedHash: expected } : {}),
          },
          recomposer,
        );
        const posts = updated.content.posts.length;
        addFlash(request, {
          kind: 'ok',
          text: `Brouillon composé au format ${FORMAT_LABELS[draftFormat(updated)]}\u00a0: ${posts}\u00a0publication${posts > 1 ? 's' : ''} (version ${updated.version}).`,
        });
        if (updated.status === 'needs_decision') {
          addFlash(request, {
            kind: 'warning',
            text: 'Ce format laisse de côté une partie de la mise à jour\u00a0: lisez la liste avant d’approuver.',
          });
        }
        return reply.redirect(`/brouillons/${draft.id}`, 303);
      } catch (error) {
        if (!(error instanceof CrieurError)) throw error;
        addFlash(request, { kind: 'error', text: frenchSentence(error.messageFr) });
        return reply.redirect(`/brouillons/${draft.id}`, 303);
      } finally {
        recomposer.dispose();
      }
    },
  );
}
