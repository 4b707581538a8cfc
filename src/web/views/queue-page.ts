import { statusBadgeLabel } from '../../i18n/fr.js';
import { networkLabel } from '../../networks/index.js';
import type { DraftStatus, DraftSummary } from '../../queue/types.js';
import { formatDraftId } from '../../queue/types.js';
import type { PublishSlot } from '../../schedule/due.js';
import { frenchLongDate } from '../../update/french-dates.js';
import { html, type Markup } from '../html.js';
import { countdownLabel, frenchInstant, frenchInstantFormat } from '../time-format.js';
import { type PageFrame, page, statusBadge } from './layout.js';

export interface QueueRow {
  draft: DraftSummary;
  slot: PublishSlot;
}

interface Attention {
  row: QueueRow;
  rank: number;
  why: string;
}

/** What needs someone first: failures, then drafts still to approve before their time, then misses. */
function attentionOf(row: QueueRow, now: Date): Attention | null {
  const { draft, slot } = row;
  const recent = now.getTime() - slot.at.getTime() < 3 * 86_400_000;
  const reasons: Partial<Record<DraftStatus, [number, string]>> = {
    failed: [0, 'La publication a échoué : voir l’historique pour la cause et la marche à suivre.'],
    partly_published: [0, 'Publication partielle : une partie du fil n’est pas en ligne.'],
    awaiting_review: [1, 'À réviser et à approuver avant l’heure de publication.'],
    needs_decision: [1, 'Du contenu ne tient pas : à réviser, et à approuver en acceptant ce qui est laissé de côté.'],
    rejected: [2, 'Rejeté : à corriger, ou à remplacer par une nouvelle mise à jour.'],
    missed: [3, 'Manqué : la fenêtre de publication est dépassée, rien n’a été publié.'],
  };
  const reason = reasons[draft.status];
  if (reason === undefined) return null;
  if (draft.status !== 'failed' && draft.status !== 'partly_published' && !recent) return null;
  const waiting = draft.status === 'awaiting_review' || draft.status === 'needs_decision';
  if ((waiting || draft.status === 'rejected') && slot.deadline < now) return null;
  return { row, rank: reason[0], why: reason[1] };
}

export function queuePage(
  frame: PageFrame,
  input: { rows: QueueRow[]; now: Date; zone: string; showAll: boolean },
): string {
  const { rows, now, zone } = input;
  const instant = frenchInstantFormat(zone);
  const attention = rows
    .map((row) => attentionOf(row, now))
    .filter((item): item is Attention => item !== null)
    .sort((a, b) => a.rank - b.rank || a.row.slot.at.getTime() - b.row.slot.at.getTime());
  const byDate = new Map<string, QueueRow[]>();
  for (const row of rows) {
    if (!input.showAll && row.draft.status === 'superseded') continue;
    const list = byDate.get(row.draft.date) ?? [];
    list.push(row);
    byDate.set(row.draft.date, list);
  }
  const dates = [...byDate.keys()].sort().reverse();
  const body = html`
<div class="page-head">
<h1>File d’attente</h1>
<p class="lede">Les brouillons de chaque réseau, par date de publication. Rien n’est publié sans l’approbation d’une autre personne que l’auteur de la dernière version.</p>
</div>
<section class="panel attention" aria-labelledby="a-traiter">
<h2 id="a-traiter">À traiter en priorité</h2>
${
  attention.length === 0
    ? html`<p class="empty">Rien ne demande votre attention pour le moment.</p>`
    : html`<ul class="attention-list">${attention.map(
        ({ row, why }) => html`<li class="attention-${row.draft.status}">
<a href="/brouillons/${row.draft.id}"><strong>${networkLabel(row.draft.network)}</strong> — ${frenchLongDate(row.draft.date)}</a>
${statusBadge(row.draft.status, statusBadgeLabel(row.draft.status))}
<span class="why">${why}</span>
${countdown(row.slot.at, now, zone, instant)}
</li>`,
      )}</ul>`
}
</section>
${
  dates.length === 0
    ? html`<section class="panel"><p class="empty">Aucun brouillon. Importez une mise à jour pour commencer.</p><p><a class="button" href="/import">Importer une mise à jour</a></p></section>`
    : dates.map((date) => dateSection(date, byDate.get(date) ?? [], now, zone, instant))
}
<p class="aside">${
    input.showAll
      ? html`<a href="/">Masquer les brouillons remplacés</a>`
      : html`<a href="/?tout=1">Afficher aussi les brouillons remplacés</a>`
  }</p>`;
  return page(frame, { title: 'File d’attente', section: 'file', body, scripts: ['countdown.js'] });
}

function dateSection(date: string, rows: QueueRow[], now: Date, zone: string, instant: (at: Date) => string): Markup {
  const slot = rows[0]?.slot;
  return html`<section class="panel" aria-labelledby="date-${date}">
<div class="panel-head">
<h2 id="date-${date}">Mise à jour du ${frenchLongDate(date)}</h2>
${slot === undefined ? '' : html`<p class="slot">Publication prévue le ${instant(slot.at)} ${countdown(slot.at, now, zone, instant)}</p>`}
</div>
<table class="drafts">
<thead><tr><th scope="col">Réseau</th><th scope="col">État</th><th scope="col">Publications</th><th scope="col">Version</th><th scope="col">Dernière version par</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>
${rows.map(
  ({ draft }) => html`<tr>
<th scope="row"><span class="net net-${draft.network}">${networkLabel(draft.network)}</span></th>
<td>${statusBadge(draft.status, statusBadgeLabel(draft.status))}</td>
<td>${postSummary(draft)}</td>
<td>v${draft.version} <span class="muted">(${formatDraftId(draft.id)})</span></td>
<td>${draft.author}</td>
<td class="actions"><a class="button button-small" href="/brouillons/${draft.id}">Ouvrir</a></td>
</tr>`,
)}
</tbody>
</table>
</section>`;
}

function postSummary(draft: DraftSummary): string {
  const posts = draft.posts;
  const images = draft.media;
  const postsText = posts > 1 ? `fil de ${posts} publications` : '1 publication';
  return `${postsText}, ${images} image${images > 1 ? 's' : ''}`;
}

export function countdown(
  target: Date,
  now: Date,
  zone: string,
  instant: (at: Date) => string = (at) => frenchInstant(at, zone),
): Markup {
  return html`<time class="countdown" datetime="${target.toISOString()}" title="${instant(target)}" data-countdown>${countdownLabel(target, now)}</time>`;
}
