import type { AuditEvent, ChainVerdict } from '../../audit/types.js';
import { AUDIT_ACTIONS } from '../../audit/types.js';
import { ACTION_LABELS } from '../../i18n/fr.js';
import { html } from '../html.js';
import { eventTable } from './draft-page.js';
import { type PageFrame, page } from './layout.js';

export interface JournalFilter {
  action?: string;
  actor?: string;
  subject?: string;
}

export function journalPage(
  frame: PageFrame,
  input: {
    events: AuditEvent[];
    total: number;
    shown: number;
    verdict: ChainVerdict;
    filter: JournalFilter;
    zone: string;
  },
): string {
  const { verdict, filter } = input;
  const body = html`
<div class="page-head">
<h1>Journal</h1>
<p class="lede">Chaque changement d’état, chaque approbation et chaque publication, enchaînés par empreinte : une ligne modifiée ou supprimée est détectée.</p>
</div>
${
  verdict.ok
    ? html`<div class="notice notice-ok" data-chain="ok"><strong>Chaîne vérifiée</strong> : les ${verdict.count} événements du journal sont intacts.</div>`
    : html`<div class="notice notice-error" data-chain="broken"><strong>Chaîne rompue</strong> à l’événement ${verdict.firstBadId} : ${verdict.reason}. Signalez-le à l’administrateur.</div>`
}
<form class="panel filters" method="get" action="/journal">
<div><label for="f-action">Action</label>
<select id="f-action" name="action"><option value="">Toutes</option>${AUDIT_ACTIONS.map(
    (action) =>
      html`<option value="${action}"${filter.action === action ? html` selected` : ''}>${ACTION_LABELS[action] ?? action}</option>`,
  )}</select></div>
<div><label for="f-actor">Personne</label><input id="f-actor" name="actor" value="${filter.actor ?? ''}"></div>
<div><label for="f-subject">Objet</label><input id="f-subject" name="subject" value="${filter.subject ?? ''}" placeholder="d12, update 3…"></div>
<div class="filter-buttons"><button type="submit" class="button">Filtrer</button> <a href="/journal">Réinitialiser</a></div>
</form>
<section class="panel" aria-label="Événements">
<p class="muted">${input.shown} événement${input.shown > 1 ? 's' : ''} affiché${input.shown > 1 ? 's' : ''} sur ${input.total}, du plus récent au plus ancien.</p>
${eventTable(input.events, input.zone)}
</section>`;
  return page(frame, { title: 'Journal', section: 'journal', body });
}
