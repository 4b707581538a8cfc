import type { AuditEvent } from '../../audit/types.js';
import { describeCount } from '../../compose/describe-count.js';
import { FORMAT_LABELS } from '../../compose/formats.js';
import { needsDecision, OMISSION_REASONS_FR } from '../../compose/omitted.js';
import { ACTION_LABELS, statusBadgeLabel } from '../../i18n/fr.js';
import { NETWORK_FACTS, type NetworkId, networkLabel } from '../../networks/index.js';
import { MAX_ALT_CHARS } from '../../queue/edit.js';
import { AWAITING, EDITABLE, REJECTABLE } from '../../queue/lifecycle.js';
import type { ApprovalRecord, DraftRecord, StoredMedia, StoredPost } from '../../queue/types.js';
import { formatDraftId } from '../../queue/types.js';
import { draftFormat } from '../../queue/view.js';
import type { PublishSlot } from '../../schedule/due.js';
import { frenchLongDate } from '../../update/french-dates.js';
import { html, type Markup } from '../html.js';
import { type Capability, ROLE_LABELS } from '../permissions.js';
import { frenchInstant } from '../time-format.js';
import { type PageFrame, page, statusBadge } from './layout.js';
import { countdown } from './queue-page.js';

export interface DraftPageInput {
  draft: DraftRecord;
  slot: PublishSlot;
  now: Date;
  zone: string;
  approval: ApprovalRecord | null;
  events: AuditEvent[];
  can: (capability: Capability) => boolean;
}

function threads(network: NetworkId): boolean {
  return NETWORK_FACTS[network].limits.threads;
}

export function draftPage(frame: PageFrame, input: DraftPageInput): string {
  const { draft } = input;
  const network = networkLabel(draft.network);
  const editable = EDITABLE.includes(draft.status) && input.can('edit');
  const cleared = approvalClearedBy(input.events, draft);
  const body = html`
<nav class="crumbs" aria-label="Fil d’Ariane"><a href="/">File d’attente</a> › ${network}, ${frenchLongDate(draft.date)}</nav>
<div class="page-head draft-head">
<div>
<h1>${network} — mise à jour du ${frenchLongDate(draft.date)}</h1>
<p class="meta-line">${statusBadge(draft.status, statusBadgeLabel(draft.status))}
<span>Version ${draft.version} par <strong>${draft.author}</strong></span>
<span>Format : <strong data-format="${draftFormat(draft)}">${FORMAT_LABELS[draftFormat(draft)]}</strong></span>
<span class="muted">${formatDraftId(draft.id)} · empreinte <code title="${draft.contentHash}">${draft.contentHash.slice(0, 12)}</code></span></p>
</div>
<p class="slot">Publication prévue le ${frenchInstant(input.slot.at, input.zone)}<br>${countdown(input.slot.at, input.now, input.zone)}</p>
</div>
${statusNotice(input, cleared)}
${
  draft.content.warnings.length === 0
    ? ''
    : html`<section class="panel warnings" aria-labelledby="avertissements">
<h2 id="avertissements">Avertissements de la composition</h2>
<ul class="warning-list">${draft.content.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>
</section>`
}
${omittedPanel(draft)}
<div class="draft-layout">
<section class="preview preview-${draft.network}" aria-labelledby="apercu">
<h2 id="apercu">Aperçu ${threads(draft.network) ? `du fil (${draft.content.posts.length} publications)` : 'de la publication'}</h2>
${
  threads(draft.network)
    ? html`<ol class="thread">${draft.content.posts.map((post, index) => html`<li>${postCard(input, post, index, editable, frame.csrf)}</li>`)}</ol>`
    : draft.content.posts.map((post, index) => postCard(input, post, index, editable, frame.csrf))
}
</section>
<aside class="decision" aria-labelledby="decision">
<h2 id="decision">Décision</h2>
${decisionPanel(frame, input)}
</aside>
</div>
<section class="panel" aria-labelledby="historique-brouillon">
<h2 id="historique-brouillon">Historique du brouillon</h2>
${eventTable(input.events, input.zone)}
</section>`;
  return page(frame, {
    title: `${network}, ${frenchLongDate(draft.date)}`,
    section: 'file',
    body,
    scripts: ['countdown.js', 'draft.js'],
  });
}

/**
 * What of the update the draft does not hold. In a digest that is expected: listed under a fold,
 * « Sur le site seulement ». Past a limit, listed open: a person must accept it before approving.
 */
function omittedPanel(draft: DraftRecord): Markup {
  const omitted = draft.content.omitted ?? [];
  if (omitted.length === 0) return html``;
  const items = html`<ul class="omitted-list">${omitted.map(
    (item) =>
      html`<li>${item.section ? html`<span class="muted">${item.section} — </span>` : ''}${item.text} <span class="muted">(${OMISSION_REASONS_FR[item.reason]})</span></li>`,
  )}</ul>`;
  if (!needsDecision(omitted)) {
    return html`<details class="panel omitted" data-omitted="on-site-only">
<summary>Sur le site seulement (${omitted.length} élément${omitted.length > 1 ? 's' : ''})</summary>
${items}
</details>`;
  }
  return html`<section class="panel warnings omitted" data-omitted="needs-decision" aria-labelledby="laisse-de-cote">
<h2 id="laisse-de-cote">Laissé de côté : décision requise</h2>
<p>Ce ${threads(draft.network) ? 'fil' : 'texte'} ne peut pas tout contenir. Les éléments suivants ne seront pas publiés sur ce réseau; l’approbation exige de l’accepter.</p>
${items}
</section>`;
}

function statusNotice(input: DraftPageInput, cleared: AuditEvent | null): Markup {
  const { draft, approval } = input;
  if (draft.status === 'approved' && approval !== null) {
    return html`<div class="notice notice-ok" data-approval><strong>Approuvé</strong> par ${approval.approvedBy} le ${frenchInstant(approval.approvedAt, input.zone)} (version ${approval.version}). Toute modification annule cette approbation.</div>`;
  }
  if (draft.status === 'rejected') {
    return html`<div class="notice notice-error"><strong>Rejeté</strong> — raison : ${draft.reason ?? 'non précisée'}. Corrigez le texte pour le soumettre de nouveau, ou importez une nouvelle mise à jour.</div>`;
  }
  if (draft.status === 'superseded') {
    return html`<div class="notice">Ce brouillon a été remplacé par une nouvelle mise à jour; il ne sera pas publié.</div>`;
  }
  if (draft.status === 'awaiting_review' && cleared !== null) {
    return html`<div class="notice notice-warning" data-approval-cleared><strong>Approbation annulée</strong> : ${cleared.actor} a modifié le brouillon après son approbation (version ${String(cleared.data.version ?? draft.version)}). Une autre personne doit l’approuver de nouveau.</div>`;
  }
  return html``;
}

/** The edit that made the current version, when it replaced an approved one. */
function approvalClearedBy(events: AuditEvent[], draft: DraftRecord): AuditEvent | null {
  const edit = [...events].reverse().find((event) => event.action === 'edit' && event.data.version === draft.version);
  return edit !== undefined && edit.data.approvalCleared === true ? edit : null;
}

function postCard(input: DraftPageInput, post: StoredPost, index: number, editable: boolean, csrf: string): Markup {
  const { draft } = input;
  const total = draft.content.posts.length;
  const count = describeCount(draft.network, post.text);
  const fieldId = `texte-${index}`;
  return html`<article class="post" id="publication-${index + 1}" aria-label="Publication ${index + 1} sur ${total}">
<div class="avatar" aria-hidden="true">${networkLabel(draft.network).slice(0, 1)}</div>
<div class="post-body">
<header class="post-header"><strong>Compte de l’organisation</strong>
<span class="muted">${networkLabel(draft.network)}${total > 1 ? ` · ${index + 1}/${total}` : ''}</span>
<span class="count ${count.valid ? '' : 'count-over'}" data-count-display="${index}" title="Longueur comptée comme le fait ${networkLabel(draft.network)}">${count.label}</span></header>
<p class="post-text">${post.text}</p>
${post.media.length === 0 ? '' : html`<div class="media media-${Math.min(post.media.length, 4)}">${post.media.map((media, mediaIndex) => mediaFigure(input, media, index, mediaIndex, editable, csrf))}</div>`}
${
  editable
    ? html`<details class="edit">
<summary>Modifier le texte</summary>
<form method="post" action="/brouillons/${draft.id}/publications/${index}/texte" class="stack" data-count-form data-network="${draft.network}">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="expectedHash" value="${draft.contentHash}">
<label for="${fieldId}">Texte de la publication ${index + 1}</label>
<textarea id="${fieldId}" name="text" rows="${Math.min(14, Math.max(4, Math.ceil(post.text.length / 60) + 1))}" data-count-input data-network="${draft.network}" data-count-target="count-${index}" required>${post.text}</textarea>
<p class="count-line">Longueur : <output id="count-${index}" class="count ${count.valid ? '' : 'count-over'}" aria-live="polite">${count.label}</output></p>
<button type="submit" class="button">Enregistrer le texte</button>
</form>
</details>`
    : ''
}
</div>
</article>`;
}

function mediaFigure(
  input: DraftPageInput,
  media: StoredMedia,
  postIndex: number,
  mediaIndex: number,
  editable: boolean,
  csrf: string,
): Markup {
  const { draft } = input;
  const fieldId = `alt-${postIndex}-${mediaIndex}`;
  return html`<figure class="card">
<a href="/medias/${media.file}"><img src="/medias/${media.file}" alt="${media.alt}" width="${media.width}" height="${media.height}"></a>
<figcaption><span class="alt-label">Texte de remplacement</span> ${media.alt}</figcaption>
${
  editable
    ? html`<details class="edit">
<summary>Modifier le texte de remplacement</summary>
<form method="post" action="/brouillons/${draft.id}/publications/${postIndex}/images/${mediaIndex}/alt" class="stack">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="expectedHash" value="${draft.contentHash}">
<label for="${fieldId}">Texte de remplacement (${MAX_ALT_CHARS} caractères au plus)</label>
<textarea id="${fieldId}" name="alt" rows="4" maxlength="${MAX_ALT_CHARS}" required>${media.alt}</textarea>
<button type="submit" class="button">Enregistrer le texte de remplacement</button>
</form>
</details>`
    : ''
}
</figure>`;
}

function decisionPanel(frame: PageFrame, input: DraftPageInput): Markup {
  const { draft } = input;
  const user = frame.user;
  const role = user === null ? '' : ROLE_LABELS[user.role];
  const parts: Markup[] = [];
  if (AWAITING.includes(draft.status)) {
    if (input.can('approve')) {
      const omitted = draft.content.omitted ?? [];
      const decide = needsDecision(omitted);
      parts.push(html`<form method="post" action="/brouillons/${draft.id}/approuver" class="stack">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<input type="hidden" name="expectedHash" value="${draft.contentHash}">
<p>Approuver la version ${draft.version} exactement telle qu’elle est affichée.</p>
${
  decide
    ? html`<p class="field-check"><input type="checkbox" id="accepter-omissions" name="acceptOmissions" value="oui" required>
<label for="accepter-omissions">J’ai lu ce qui est laissé de côté (${omitted.length} élément${omitted.length > 1 ? 's' : ''}) et j’accepte de publier sans.</label></p>`
    : ''
}
<button type="submit" class="button button-primary">Approuver</button>
</form>`);
    } else {
      parts.push(
        html`<p class="muted">Votre rôle (${role}) ne permet pas d’approuver. Une personne du rôle Approbation doit le faire.</p>`,
      );
    }
  } else if (draft.status === 'approved') {
    parts.push(html`<p>Ce brouillon est approuvé et partira à l’heure prévue.</p>`);
  } else if (draft.status === 'missed' && input.approval === null && input.can('approve')) {
    // Approved late, it stays missed: only a person's `publish --now` sends it, never the service.
    parts.push(html`<form method="post" action="/brouillons/${draft.id}/approuver" class="stack">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<input type="hidden" name="expectedHash" value="${draft.contentHash}">
<p>Ce brouillon n’est pas parti à temps. Si la mise à jour est toujours d’actualité, approuvez la version ${draft.version} telle qu’elle est affichée : l’exploitation pourra alors la publier en retard. Le service ne l’enverra pas de lui-même.</p>
<button type="submit" class="button button-primary">Approuver pour une publication en retard</button>
</form>`);
  } else if (draft.status === 'missed' && input.approval !== null) {
    parts.push(
      html`<p>Manqué, mais approuvé : pour le publier en retard, l’exploitation lance <code>crieur publish --date ${draft.date} --network ${draft.network} --now</code>.</p>`,
    );
  } else {
    parts.push(html`<p>État : ${statusBadgeLabel(draft.status)}. Aucune décision à prendre.</p>`);
  }
  if (REJECTABLE.includes(draft.status) && input.can('reject')) {
    parts.push(html`<form method="post" action="/brouillons/${draft.id}/rejeter" class="stack reject">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<label for="raison">Raison du rejet</label>
<textarea id="raison" name="reason" rows="3" required placeholder="Ce qui doit être corrigé"></textarea>
<button type="submit" class="button button-danger">Rejeter</button>
</form>`);
  }
  return html`${parts}`;
}

export function eventTable(events: AuditEvent[], zone: string): Markup {
  if (events.length === 0) return html`<p class="empty">Aucun événement.</p>`;
  return html`<table class="events">
<thead><tr><th scope="col">Quand</th><th scope="col">Qui</th><th scope="col">Action</th><th scope="col">Objet</th><th scope="col">Détails</th></tr></thead>
<tbody>${[...events].reverse().map(
    (event) => html`<tr>
<td class="nowrap">${frenchInstant(event.at, zone)}</td>
<td>${event.actor}</td>
<td>${ACTION_LABELS[event.action] ?? event.action}</td>
<td><code>${event.subject}</code></td>
<td><code class="data">${JSON.stringify(event.data)}</code></td>
</tr>`,
  )}</tbody>
</table>`;
}
