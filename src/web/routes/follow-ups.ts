import type { FastifyInstance } from 'fastify';
import { CrieurError } from '../../errors.js';
import { frenchSentence } from '../../i18n/sentence.js';
import { cardRedrawer } from '../../pipeline/card-redrawer.js';
import { correctedCards, parseFigureCorrection } from '../../queue/corrected-cards.js';
import { queueCorrections, queueRetractions } from '../../queue/corrections.js';
import { addFlash } from '../respond.js';
import type { WebDeps } from '../types.js';

type DateParams = { date: string };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * « Publier un correctif » (anyone who may edit) and « Retirer la publication » (admin only): each
 * queues one draft per network where the update is online, for another person to approve.
 */
export function registerFollowUpRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.post<{ Params: DateParams; Body: { texte?: unknown; chiffre?: unknown; valeur?: unknown } }>(
    '/mises-a-jour/:date/correctif',
    { config: { capability: 'edit' } },
    async (request, reply) => {
      const { date } = request.params;
      if (!DATE.test(date) || request.user === null) return reply.callNotFound();
      const by = request.user.name;
      const number = typeof request.body?.chiffre === 'string' ? request.body.chiffre.trim() : '';
      const value = typeof request.body?.valeur === 'string' ? request.body.valeur.trim() : '';
      const redrawer = cardRedrawer(deps.loaded);
      try {
        // A corrected figure (optional): the card drawn again with it goes with the correction.
        const figures = number === '' && value === '' ? [] : [parseFigureCorrection(`${number}=${value}`)];
        const cards = await correctedCards(deps.queue, { date, figures }, (spec, on) => redrawer.render(spec, on));
        return queued(request, reply, date, () =>
          queueCorrections(deps.queue, {
            date,
            by,
            text: typeof request.body?.texte === 'string' ? request.body.texte : '',
            cards,
          }),
        );
      } catch (error) {
        if (!(error instanceof CrieurError)) throw error;
        addFlash(request, { kind: 'error', text: frenchSentence(error.messageFr) });
        return reply.redirect(back(request.headers.referer), 303);
      } finally {
        redrawer.dispose();
      }
    },
  );

  app.post<{ Params: DateParams; Body: { raison?: unknown; confirmer?: unknown } }>(
    '/mises-a-jour/:date/retrait',
    { config: { capability: 'operate' } },
    (request, reply) => {
      const { date } = request.params;
      if (!DATE.test(date) || request.user === null) return reply.callNotFound();
      const by = request.user.name;
      if (request.body?.confirmer !== 'oui') {
        addFlash(request, { kind: 'error', text: 'Cochez la case de confirmation pour demander le retrait.' });
        return reply.redirect(back(request.headers.referer), 303);
      }
      const reason = typeof request.body?.raison === 'string' ? request.body.raison : '';
      return queued(request, reply, date, () => queueRetractions(deps.queue, { date, by, reason }));
    },
  );

  function queued(
    request: Parameters<typeof addFlash>[0],
    reply: import('fastify').FastifyReply,
    _date: string,
    run: () => Array<{ id: number; kind: string }>,
  ) {
    try {
      const drafts = run();
      const what = drafts[0]?.kind === 'retraction' ? 'retrait' : 'correctif';
      addFlash(request, {
        kind: 'ok',
        text: `Demande de ${what} enregistrée : ${drafts.length}\u00a0brouillon${drafts.length > 1 ? 's' : ''}, un par réseau, en attente d’approbation par une autre personne.`,
      });
      return reply.redirect(drafts[0] ? `/brouillons/${drafts[0].id}` : '/', 303);
    } catch (error) {
      if (!(error instanceof CrieurError)) throw error;
      addFlash(request, { kind: 'error', text: frenchSentence(error.messageFr) });
      return reply.redirect(back(request.headers.referer), 303);
    }
  }
}

/** Back to the draft page the form was on (only a path of this site), else the queue. */
function back(referer: string | undefined): string {
  try {
    const path = new URL(referer ?? '', 'http://page.invalid').pathname;
    return /^\/brouillons\/\d{1,15}$/.test(path) ? path : '/';
  } catch {
    return '/';
  }
}
