import type { FastifyInstance } from 'fastify';
import { type EventFilter, eventPage } from '../../audit/page.js';
import { AUDIT_ACTIONS } from '../../audit/types.js';
import { verifyChainInTurns } from '../../audit/verify.js';
import { ledgerPartsOf } from '../../publish/ledger.js';
import { retractionSummaries } from '../../queue/follow-up-reads.js';
import { pageDraftSummaries } from '../../queue/page-reads.js';
import { frameFor, sendHtml } from '../respond.js';
import { sentenceContext } from '../sentence-context.js';
import { shownUpdates } from '../shown-updates.js';
import type { WebDeps } from '../types.js';
import { historyPage } from '../views/history-page.js';
import { journalPage } from '../views/journal-page.js';

const HISTORY_STATUSES = ['publishing', 'published', 'partly_published', 'failed', 'missed'] as const;
export const HISTORY_PAGE_SIZE = 20;
export const JOURNAL_PAGE_SIZE = 50;

export function registerRecordRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { store } = deps.queue;
  const zone = deps.loaded.config.timezone;

  app.get<{ Querystring: { page?: string } }>('/historique', (request, reply) => {
    const pageNumber = pageParam(request.query.page);
    const { drafts, total } = pageDraftSummaries(deps.queue, HISTORY_STATUSES, {
      offset: (pageNumber - 1) * HISTORY_PAGE_SIZE,
      limit: HISTORY_PAGE_SIZE,
    });
    // The page's publish times, ledgers and retractions, each read in one query rather than one a row.
    const { slotOf } = shownUpdates(deps, drafts);
    const ledgers = ledgerPartsOf(
      store,
      drafts.map((draft) => draft.id),
    );
    const retractions = retractionSummaries(
      deps.queue,
      drafts.filter((draft) => draft.kind === 'update').map((draft) => draft.id),
    );
    const rows = drafts.map((draft) => {
      const retracted = retractions.get(draft.id);
      return { draft, slot: slotOf(draft), parts: ledgers.get(draft.id) ?? [], ...(retracted ? { retracted } : {}) };
    });
    return sendHtml(
      reply,
      historyPage(frameFor(request, reply), {
        rows,
        zone,
        page: pageNumber,
        pages: Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE)),
        total,
      }),
    );
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/journal', async (request, reply) => {
    const filter: EventFilter = {};
    for (const key of ['action', 'actor', 'subject'] as const) {
      const value = request.query[key]?.normalize('NFC').trim();
      if (value) filter[key] = value;
    }
    if (filter.action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(filter.action)) {
      delete filter.action;
    }
    const before = /^\d{1,15}$/.test(request.query.avant ?? '') ? Number(request.query.avant) : undefined;
    const page = eventPage(store.db, filter, { limit: JOURNAL_PAGE_SIZE, ...(before === undefined ? {} : { before }) });
    return sendHtml(
      reply,
      journalPage(frameFor(request, reply), {
        page,
        first: before === undefined,
        // Re-hashing the whole chain takes a while with years of events: done when asked, a page
        // of events at a time, so that other pages and the publications go on meanwhile.
        verdict: request.query.verifier === '1' ? await verifyChainInTurns(store.db) : null,
        filter,
        zone,
        sentences: sentenceContext(
          deps.queue,
          page.events.map((event) => event.subject),
        ),
      }),
    );
  });
}

function pageParam(text: string | undefined): number {
  return /^\d{1,6}$/.test(text ?? '') && Number(text) >= 1 ? Number(text) : 1;
}
