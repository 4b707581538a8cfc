import { KIND_LABELS, statusBadgeLabel as statusLabel } from '../../i18n/fr.js';
import { networkLabel } from '../../networks/index.js';
import type { DraftSummary } from '../../queue/page-reads.js';
import type { Banner } from '../banners.js';
import { html, type Markup } from '../html.js';
import { approvalProgress, type QueueGroups, type UpdateGroup } from '../queue-groups.js';
import { countdownLabel, frenchDayFormat, frenchInstant } from '../time-format.js';
import { type PageFrame, page } from './layout.js';

export interface QueuePageInput {
  groups: QueueGroups;
  banners: Banner[];
  now: Date;
  zone: string;
  showSuperseded: boolean;
  /** How many past days the queue keeps; older ones are in the history. */
  recentDays: number;
}

type When = (instant: Date | string) => string;

export function queuePage(frame: PageFrame, input: QueuePageInput): string {
  const { groups, now, zone } = input;
  const when = frenchDayFormat(zone, now);
  const empty = groups.next === null && groups.later.length + groups.late.length + groups.past.length === 0;
  const body = html`
<div class="page-head">
<h1>File d’attente</h1>
<p class="lede">Chaque mise à jour avec ses réseaux. Rien n’est publié sans l’approbation d’une autre personne que l’auteur de la dernière version.</p>
</div>
${input.banners.map(bannerBox)}
<section class="panel next" aria-labelledby="prochaine">
<h2 id="prochaine">Prochaine publication${groups.next === null ? '' : html` : <span data-next-slot="${groups.next.slot.at.toISOString()}">${when(groups.next.slot.at)}</span>`}</h2>
${
  groups.next === null
    ? html`<p class="empty">Aucune publication prévue. ${empty ? html`<a href="/import">Importez une mise à jour</a> pour commencer.` : ''}</p>`
    : updateBlock(groups.next, now, zone, when, true)
}
</section>
${groupSection('plus-tard', 'Publications suivantes', groups.later, now, zone, when)}
${groupSection(
  'en-retard',
  'En retard, manqués ou en échec',
  groups.late,
  now,
  zone,
  when,
  'Ces mises à jour n’ont pas été publiées à leur heure. Ouvrez chaque réseau pour voir ce qui est possible.',
)}
${groupSection(
  'passees',
  'Publications passées',
  groups.past,
  now,
  zone,
  when,
  `Les ${input.recentDays}\u00a0derniers jours; les précédentes sont dans l’historique.`,
)}
${input.showSuperseded ? groupSection('remplaces', 'Brouillons remplacés', groups.superseded, now, zone, when, 'Remplacés par une importation plus récente de la même date : ils ne seront pas publiés.') : ''}
<p class="aside">${
    input.showSuperseded
      ? html`<a href="/">Masquer les brouillons remplacés</a>`
      : groups.superseded.length === 0
        ? ''
        : html`<a href="/?remplaces=1">Afficher les brouillons remplacés (${groups.superseded.length})</a>`
  }</p>`;
  return page(frame, { title: 'File d’attente', section: 'file', body, scripts: ['countdown.js'] });
}

function bannerBox(banner: Banner): Markup {
  return html`<div class="banner banner-${banner.kind}" role="${banner.kind === 'info' ? 'status' : 'alert'}">${banner.text}${
    banner.link === undefined ? '' : html` <a href="${banner.link.href}">${banner.link.label}</a>`
  }</div>`;
}

function groupSection(
  id: string,
  title: string,
  groups: UpdateGroup[],
  now: Date,
  zone: string,
  when: When,
  note?: string,
): Markup {
  if (groups.length === 0) return html``;
  return html`<section class="panel" aria-labelledby="${id}">
<h2 id="${id}">${title}</h2>
${note === undefined ? '' : html`<p class="muted">${note}</p>`}
<ul class="updates">${groups.map((group) => html`<li>${updateBlock(group, now, zone, when, false)}</li>`)}</ul>
</section>`;
}

/** One update of one date: when, its title, how far its approval is, and each network as a chip. */
function updateBlock(group: UpdateGroup, now: Date, zone: string, when: When, lead: boolean): Markup {
  // The update's approval, then each correction or retraction asked since, counted apart.
  const kinds = [...new Set(group.drafts.map((draft) => draft.kind))].sort((a, b) =>
    a === 'update' ? -1 : b === 'update' ? 1 : a.localeCompare(b),
  );
  const lines = kinds.map((kind) => {
    const line = progressLine(approvalProgress(group, kind));
    return kind === 'update' ? line : `${KIND_LABELS[kind] ?? kind}\u00a0: ${line}`;
  });
  const first = group.drafts[0];
  const title = group.title ?? 'Mise à jour sans titre';
  return html`<article class="update${lead ? ' update-next' : ''}" data-update-date="${group.date}">
<div class="update-head">
${lead ? '' : html`<p class="update-when">${when(group.slot.at)} ${countdown(group.slot.at, now, zone)}</p>`}
<h3 class="update-title">${first === undefined ? title : html`<a href="/brouillons/${first.id}">${title}</a>`}</h3>
${lead ? html`<p class="update-when">${countdown(group.slot.at, now, zone)}</p>` : ''}
</div>
${lines.map((line) => html`<p class="progress">${line}</p>`)}
<ul class="chips" aria-label="Réseaux">${group.drafts.map(chip)}</ul>
</article>`;
}

function progressLine(progress: ReturnType<typeof approvalProgress>): string {
  const head = `${progress.approved} sur ${progress.total} approuvé${progress.approved > 1 ? 's' : ''}`;
  if (progress.missing.length === 0) return progress.approved === progress.total ? `${head} — tout est prêt` : head;
  return `${head} — ${progress.missing.length > 1 ? 'manquent' : 'manque'}\u00a0: ${progress.missing
    .map((draft) => networkLabel(draft.network))
    .join(', ')}`;
}

function chip(draft: DraftSummary): Markup {
  return html`<li><a class="chip chip-${draft.status}" href="/brouillons/${draft.id}"><span class="chip-net">${networkLabel(draft.network)}</span> ${draft.kind === 'update' ? '' : html`<span class="chip-kind" data-kind="${draft.kind}">${KIND_LABELS[draft.kind] ?? draft.kind}</span> `}<span class="chip-state">${statusLabel(draft.status)}</span> <span class="chip-meta">${postSummary(draft)}, v${draft.version}</span></a></li>`;
}

function postSummary(draft: DraftSummary): string {
  const posts = draft.posts > 1 ? `${draft.posts}\u00a0publications` : '1\u00a0publication';
  return draft.media === 0 ? posts : `${posts}, ${draft.media}\u00a0image${draft.media > 1 ? 's' : ''}`;
}

export function countdown(target: Date, now: Date, zone: string, instant?: When): Markup {
  const title = instant === undefined ? frenchInstant(target, zone) : instant(target);
  return html`<time class="countdown" datetime="${target.toISOString()}" title="${title}" data-countdown>${countdownLabel(target, now)}</time>`;
}
