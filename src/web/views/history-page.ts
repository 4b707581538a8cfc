import { KIND_LABELS, statusBadgeLabel as statusLabel } from '../../i18n/fr.js';
import { networkLabel } from '../../networks/index.js';
import type { LedgerPart } from '../../publish/ledger-repo.js';
import type { DraftSummary } from '../../queue/types.js';
import type { PublishSlot } from '../../schedule/due.js';
import { frenchLongDate } from '../../update/french-dates.js';
import { html, type Markup, safeHttpUrl } from '../html.js';
import { frenchInstantFormat } from '../time-format.js';
import { type PageFrame, page, statusBadge } from './layout.js';

export interface HistoryRow {
  draft: DraftSummary;
  slot: PublishSlot;
  parts: LedgerPart[];
  /** When this update's thread was retracted from its network: who asked, who approved, why. */
  retracted?: { by: string; approvedBy: string | null; reason: string; at: string; draftId: number };
}

/** Dry-run adapters answer with ids like `dry-run:x:3`: such a part was never sent. */
export function isDryRun(parts: readonly LedgerPart[]): boolean {
  return parts.some((part) => part.remoteId?.startsWith('dry-run:') === true);
}

export function historyPage(
  frame: PageFrame,
  input: { rows: HistoryRow[]; zone: string; page: number; pages: number; total: number },
): string {
  const instant = frenchInstantFormat(input.zone);
  const body = html`
<div class="page-head">
<h1>Historique</h1>
<p class="lede">Une ligne par publication, avec le lien vers chaque message publié, les essais signalés et les échecs avec leur cause.</p>
</div>
<section class="panel">
${
  input.rows.length === 0
    ? html`<p class="empty">Rien n’a encore été publié.</p>`
    : html`<p class="muted">${input.total} publication${input.total > 1 ? 's' : ''}, de la plus récente à la plus ancienne. Page ${input.page} sur ${input.pages}.</p>
<ul class="history">${input.rows.map((row) => historyEntry(row, instant))}</ul>`
}
${pager(input.page, input.pages)}
</section>`;
  return page(frame, { title: 'Historique', section: 'historique', body });
}

function pager(current: number, pages: number): Markup {
  if (pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Pages de l’historique">${
    current > 1 ? html`<a href="/historique?page=${current - 1}" rel="prev">Plus récentes</a>` : ''
  } <span>Page ${current} sur ${pages}</span> ${
    current < pages ? html`<a href="/historique?page=${current + 1}" rel="next">Plus anciennes</a>` : ''
  }</nav>`;
}

function historyEntry(row: HistoryRow, instant: (at: Date | string) => string): Markup {
  const { draft, parts } = row;
  const dryRun = isDryRun(parts);
  const failed = parts.filter((part) => part.state === 'failed' || part.state === 'unknown');
  return html`<li class="history-entry" data-history-draft="${draft.id}">
<p class="history-head"><a href="/brouillons/${draft.id}"><strong>${networkLabel(draft.network)}</strong> — ${frenchLongDate(draft.date)}</a>
${kindBadge(draft.kind)}${statusBadge(draft.status, statusLabel(draft.status))}${dryRun ? html` <span class="badge badge-dry-run" data-dry-run>Essai : rien n’a été envoyé</span>` : ''}${row.retracted ? html` <span class="badge badge-retracted" data-retracted>Retirée</span>` : ''}</p>
${
  draft.kind === 'update'
    ? html`<p class="muted">Prévu le ${instant(row.slot.at)}${parts.length > 1 ? ` · fil de ${parts.length}\u00a0publications` : ''}</p>`
    : html`<p class="muted">${
        draft.kind === 'retraction'
          ? 'Suppression de chaque publication du fil, correctifs compris, dès l’approbation'
          : 'Correctif publié dès l’approbation, en réponse à la mise à jour'
      }</p>`
}
${row.retracted ? retractedLine(row.retracted, instant) : links(parts, dryRun)}
${
  failed.length === 0
    ? ''
    : html`<p class="history-cause">${failed.map(
        (part) =>
          html`<span>Publication ${part.partIndex + 1}\u00a0: ${part.state === 'unknown' ? 'résultat inconnu, vérifié avant tout nouvel envoi' : (part.errorMessage ?? 'échec')}</span> `,
      )}<a href="/brouillons/${draft.id}">Ouvrir le brouillon</a></p>`
}
</li>`;
}

/** A correction or a retraction says so; the daily update has no badge. */
function kindBadge(kind: string): Markup {
  if (kind === 'update') return html``;
  return html`<span class="badge badge-kind" data-kind="${kind}">${KIND_LABELS[kind] ?? kind}</span> `;
}

function retractedLine(
  retracted: NonNullable<HistoryRow['retracted']>,
  instant: (at: Date | string) => string,
): Markup {
  return html`<p class="history-retracted">Fil retiré du réseau le ${instant(retracted.at)}, à la demande de <strong>${retracted.by}</strong>${
    retracted.approvedBy ? html`, approuvé par <strong>${retracted.approvedBy}</strong>` : ''
  }\u00a0: ${retracted.reason} <a href="/brouillons/${retracted.draftId}">Voir le retrait</a></p>`;
}

/** Every post that is online, as links in one line; dry-run posts are named, never linked. */
function links(parts: readonly LedgerPart[], dryRun: boolean): Markup {
  const posted = parts.filter((part) => part.state === 'posted');
  if (posted.length === 0) return html``;
  if (dryRun)
    return html`<p class="post-links muted">${posted.length} publication${posted.length > 1 ? 's' : ''} simulée${posted.length > 1 ? 's' : ''}.</p>`;
  return html`<p class="post-links">En ligne\u00a0: ${posted.map((part) => {
    const url = safeHttpUrl(part.remoteUrl);
    const label = parts.length > 1 ? `${part.partIndex + 1}` : 'voir la publication';
    return url === null
      ? html`<span class="muted">${label}</span> `
      : html`<a href="${url}" rel="noopener noreferrer" target="_blank" aria-label="Publication ${part.partIndex + 1}">${label}</a> `;
  })}</p>`;
}
