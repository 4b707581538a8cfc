import type { EventFilter, EventPage } from '../../audit/page.js';
import type { ChainVerdict } from '../../audit/types.js';
import { AUDIT_ACTIONS } from '../../audit/types.js';
import { ACTION_LABELS } from '../../i18n/fr.js';
import type { SentenceContext } from '../event-sentences.js';
import { html } from '../html.js';
import { eventList } from './draft-page.js';
import { type PageFrame, page } from './layout.js';

export function journalPage(
  frame: PageFrame,
  input: {
    page: EventPage;
    /** The newest page (no `avant`). */
    first: boolean;
    verdict: ChainVerdict | null;
    filter: EventFilter;
    zone: string;
    sentences: SentenceContext;
  },
): string {
  const { verdict, filter } = input;
  const { events, older, matching } = input.page;
  const query = (extra: Record<string, string>) =>
    `/journal?${new URLSearchParams({ ...(filter as Record<string, string>), ...extra }).toString()}`;
  const body = html`
<div class="page-head">
<h1>Journal</h1>
<p class="lede">Chaque importation, modification, approbation et publication, dans l’ordre. Chaque événement est lié au précédent : une ligne modifiée ou supprimée après coup est détectée.</p>
</div>
${
  verdict === null
    ? html`<p><a class="button" href="${query({ verifier: '1' })}">Vérifier l’intégrité du journal</a></p>`
    : verdict.ok
      ? html`<div class="notice notice-ok" data-chain="ok"><strong>Journal intact</strong> : les ${verdict.count} événements sont tels qu’ils ont été écrits.</div>`
      : html`<div class="notice notice-error" data-chain="broken"><strong>Journal altéré</strong> à l’événement ${verdict.firstBadId} : ${verdict.reasonFr}. Signalez-le à l’administrateur.</div>`
}
<form class="panel filters" method="get" action="/journal">
<div><label for="f-action">Action</label>
<select id="f-action" name="action"><option value="">Toutes</option>${AUDIT_ACTIONS.map(
    (action) =>
      html`<option value="${action}"${filter.action === action ? html` selected` : ''}>${ACTION_LABELS[action] ?? action}</option>`,
  )}</select></div>
<div><label for="f-actor">Personne</label><input id="f-actor" name="actor" value="${filter.actor ?? ''}"></div>
<div><label for="f-subject">Brouillon</label><input id="f-subject" name="subject" value="${filter.subject ?? ''}" placeholder="d12"></div>
<div class="filter-buttons"><button type="submit" class="button">Filtrer</button> <a href="/journal">Réinitialiser</a></div>
</form>
<section class="panel" aria-label="Événements">
<p class="muted">${matching} événement${matching > 1 ? 's' : ''}${Object.keys(filter).length > 0 ? ' correspondant au filtre' : ''}, du plus récent au plus ancien.</p>
${eventList(events, input.zone, input.sentences)}
<nav class="pager" aria-label="Pages du journal">${input.first ? '' : html`<a href="${query({})}">Les plus récents</a>`}${
    older === null ? '' : html` <a href="${query({ avant: String(older) })}" rel="next">Événements plus anciens</a>`
  }</nav>
</section>`;
  return page(frame, { title: 'Journal', section: 'journal', body });
}
