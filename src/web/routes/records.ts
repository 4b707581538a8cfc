import type { FastifyInstance } from 'fastify';
import { listEvents } from '../../audit/log.js';
import { verifyChain } from '../../audit/verify.js';
import { ledgerParts } from '../../publish/ledger.js';
import { draftSummaries } from '../../queue/read.js';
import { slotFinder } from '../../schedule/slots.js';
import { frameFor, sendHtml } from '../respond.js';
import type { WebDeps } from '../types.js';
import { historyPage } from '../views/history-page.js';
import { type JournalFilter, journalPage } from '../views/journal-page.js';

const HISTORY_STATUSES = ['publishing', 'published', 'partly_published', 'failed', 'missed'] as const;
const JOURNAL_PAGE_SIZE = 500;

export function registerRecordRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store } = deps.queue;
  const zone = deps.loaded.config.timezone;

  app.get('/historique', (request, reply) => {
    const slotOf = slotFinder(store, deps.loaded.config);
    const rows = draftSummaries(deps.queue, { statuses: HISTORY_STATUSES })
      .map((draft) => ({ draft, slot: slotOf(draft), parts: ledgerParts(store, draft.id) }))
      .sort((a, b) => b.draft.date.localeCompare(a.draft.date) || a.draft.id - b.draft.id);
    return sendHtml(reply, historyPage(frameFor(request, reply), { rows, zone }));
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/journal', (request, reply) => {
    const filter: JournalFilter = {};
    for (const key of ['action', 'actor', 'subject'] as const) {
      const value = request.query[key]?.trim();
      if (value) filter[key] = value;
    }
    const all = listEvents(store.db);
    const matching = all.filter(
      (event) =>
        (filter.action === undefined || event.action === filter.action) &&
        (filter.actor === undefined ||
          event.actor.toLocaleLowerCase('fr-CA').includes(filter.actor.toLocaleLowerCase('fr-CA'))) &&
        (filter.subject === undefined || event.subject === filter.subject),
    );
    const events = matching.slice(-JOURNAL_PAGE_SIZE);
    return sendHtml(
      reply,
      journalPage(frameFor(request, reply), {
        events,
        total: all.length,
        shown: events.length,
        verdict: verifyChain(store.db),
        filter,
        zone,
      }),
    );
  });
}
