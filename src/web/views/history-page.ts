import { PART_STATE_LABELS, statusBadgeLabel } from '../../i18n/fr.js';
import { networkLabel } from '../../networks/index.js';
import { formatNotification } from '../../notify/format.js';
import type { LedgerPart } from '../../publish/ledger-repo.js';
import type { DraftSummary } from '../../queue/types.js';
import type { PublishSlot } from '../../schedule/due.js';
import { frenchLongDate } from '../../update/french-dates.js';
import { html, type Markup, safeHttpUrl, withCodeSpans } from '../html.js';
import { frenchInstantFormat } from '../time-format.js';
import { type PageFrame, page, statusBadge } from './layout.js';

export interface HistoryRow {
  draft: DraftSummary;
  slot: PublishSlot;
  parts: LedgerPart[];
}

export function historyPage(frame: PageFrame, input: { rows: HistoryRow[]; zone: string }): string {
  const instant = frenchInstantFormat(input.zone);
  const body = html`
<div class="page-head">
<h1>Historique</h1>
<p class="lede">Ce qui a été publié, avec le lien vers chaque publication, et les échecs avec leur cause et la marche à suivre.</p>
</div>
${
  input.rows.length === 0
    ? html`<section class="panel"><p class="empty">Rien n’a encore été publié.</p></section>`
    : input.rows.map((row) => historyEntry(row, input.zone, instant))
}`;
  return page(frame, { title: 'Historique', section: 'historique', body });
}

function historyEntry(row: HistoryRow, zone: string, instant: (at: Date | string) => string): Markup {
  const { draft, parts } = row;
  const next = nextStep(row, zone);
  return html`<section class="panel history-entry">
<div class="panel-head">
<h2><a href="/brouillons/${draft.id}">${networkLabel(draft.network)} — ${frenchLongDate(draft.date)}</a></h2>
${statusBadge(draft.status, statusBadgeLabel(draft.status))}
</div>
<p class="muted">Prévu le ${instant(row.slot.at)} · dernière mise à jour le ${instant(draft.updatedAt)}</p>
${
  parts.length === 0
    ? html`<p class="empty">Aucune partie envoyée.</p>`
    : html`<table class="parts">
<thead><tr><th scope="col">Partie</th><th scope="col">État</th><th scope="col">Lien</th><th scope="col">Cause</th></tr></thead>
<tbody>${parts.map((part) => partRow(part, parts.length))}</tbody>
</table>`
}
${next === null ? '' : html`<p class="next-step"><strong>Marche à suivre :</strong> ${withCodeSpans(next)}</p>`}
</section>`;
}

function partRow(part: LedgerPart, total: number): Markup {
  const url = safeHttpUrl(part.remoteUrl);
  return html`<tr>
<td>${total > 1 ? `${part.partIndex + 1}/${total}` : 'Publication'}</td>
<td><span class="part part-${part.state}">${PART_STATE_LABELS[part.state] ?? part.state}</span></td>
<td>${
    url !== null
      ? html`<a href="${url}" rel="noopener noreferrer" target="_blank">Voir la publication</a>`
      : part.remoteUrl !== null
        ? html`<code>${part.remoteUrl}</code>`
        : part.remoteId !== null
          ? html`<span class="muted">en ligne (identifiant <code>${part.remoteId}</code>)</span>`
          : '—'
  }</td>
<td>${part.errorMessage === null ? '—' : html`<span class="error-class">${part.errorClass ?? ''}</span> ${part.errorMessage}`}</td>
</tr>`;
}

/** The same advice as the team's notifications, so the page and the message never disagree. */
function nextStep(row: HistoryRow, zone: string): string | null {
  const { draft, parts, slot } = row;
  if (draft.status === 'missed') {
    return (
      formatNotification(
        {
          kind: 'missed',
          date: draft.date,
          network: draft.network,
          publishAt: slot.at,
          deadline: slot.deadline,
          status: 'approved',
        },
        { timeZone: zone },
      ).action ?? null
    );
  }
  if (draft.status !== 'failed' && draft.status !== 'partly_published') return null;
  const broken = parts.find((part) => part.state === 'failed' || part.state === 'unknown');
  const posted = parts
    .filter((part) => part.state === 'posted')
    .map((part) => ({ index: part.partIndex, ...(part.remoteUrl ? { url: part.remoteUrl } : {}) }));
  const notPosted = parts
    .filter((part) => part.state !== 'posted')
    .map((part) => ({ index: part.partIndex, reason: part.errorMessage ?? 'non envoyée' }));
  return (
    formatNotification(
      {
        kind: draft.status === 'failed' ? 'failed' : 'partly-published',
        date: draft.date,
        network: draft.network,
        posted,
        notPosted,
        errorClass: broken?.state === 'unknown' ? 'outcome-unknown' : (broken?.errorClass ?? 'unknown'),
        messageFr: broken?.errorMessage ?? '',
      },
      { timeZone: zone },
    ).action ?? null
  );
}
