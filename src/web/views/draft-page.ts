import type { AuditEvent } from '../../audit/types.js';
import { describeCount } from '../../compose/describe-count.js';
import { FORMAT_LABELS } from '../../compose/formats.js';
import { needsDecision, OMISSION_REASONS_FR } from '../../compose/omitted.js';
import { statusBadgeLabel as statusLabel } from '../../i18n/fr.js';
import { NETWORK_FACTS, type NetworkId, networkLabel } from '../../networks/index.js';
import { sameActor } from '../../queue/context.js';
import { MAX_ALT_CHARS } from '../../queue/edit.js';
import { AWAITING, EDITABLE, REJECTABLE } from '../../queue/lifecycle.js';
import type { ApprovalRecord, DraftRecord, StoredMedia, StoredPost } from '../../queue/types.js';
import { draftFormat } from '../../queue/view.js';
import type { PublishSlot } from '../../schedule/due.js';
import { frenchLongDate } from '../../update/french-dates.js';
import type { Figure } from '../../update/types.js';
import { eventSentence, type SentenceContext, technicalDetails } from '../event-sentences.js';
import { html, type Markup } from '../html.js';
import { type Capability, ROLE_LABELS } from '../permissions.js';
import { frenchDayFormat, frenchInstant } from '../time-format.js';
import { figureChoiceForm } from './figure-choice.js';
import { type FollowUpInput, followUpPanel, kindLine } from './follow-up-panel.js';
import { formatSwitchForm } from './format-switch.js';
import { type PageFrame, page, statusBadge } from './layout.js';
import { ACTIONS, BYLINE, foldText, linkPreviewOf } from './post-preview.js';
import { countdown } from './queue-page.js';

export interface DraftPageInput {
  draft: DraftRecord;
  /** The update's title, as the team wrote it. */
  title: string | undefined;
  slot: PublishSlot;
  now: Date;
  zone: string;
  approval: ApprovalRecord | null;
  events: AuditEvent[];
  sentences: SentenceContext;
  can: (capability: Capability) => boolean;
  /** The figures the draft's update offers, and those on its card (1-based), for the figure choice form. */
  figures?: { candidates: Figure[]; chosen: number[] };
  /** What `check` says about the update's text (a comment left out, a figure dated after the update…). */
  textWarnings?: string[];
  /** Whether this page can publish a missed or failed draft at once (the service runs it). */
  canPublishNow: boolean;
  /** Corrections and retractions: the corrected update, an update's follow-ups, its retraction. */
  followUp?: Omit<FollowUpInput, 'draft' | 'csrf' | 'zone' | 'can'>;
}

/** Whether the network shows the posts as a thread. */
function threads(network: NetworkId): boolean {
  return NETWORK_FACTS[network].limits.threads;
}

export function draftPage(frame: PageFrame, input: DraftPageInput): string {
  const { draft } = input;
  const network = networkLabel(draft.network);
  const editable = EDITABLE.includes(draft.status) && input.can('edit');
  const cleared = approvalClearedBy(input.events, draft);
  const title = input.title ?? 'Mise à jour';
  const body = html`
<nav class="crumbs" aria-label="Fil d’Ariane"><a href="/">File d’attente</a> › ${network}, ${frenchLongDate(draft.date)}</nav>
<div class="page-head draft-head">
<h1>${network} — ${title}</h1>
<p class="meta-line">${statusBadge(draft.status, statusLabel(draft.status))}
<span>Mise à jour du ${frenchLongDate(draft.date)}</span>
<span>Version ${draft.version} par <strong>${draft.author}</strong></span>
<span>Format : <strong data-format="${draftFormat(draft)}">${FORMAT_LABELS[draftFormat(draft)]}</strong></span></p>
${input.followUp ? kindLine({ ...input.followUp, draft, csrf: frame.csrf, zone: input.zone, can: input.can }) : ''}
</div>
${statusNotice(input, cleared)}
${editable ? formatSwitchForm(draft, frame.csrf) : ''}
<div class="draft-layout">
<aside class="decision" aria-labelledby="decision">
<h2 id="decision">Décision</h2>
${decisionPanel(frame, input)}
</aside>
<div class="draft-main">
${
  (input.textWarnings ?? []).length === 0
    ? ''
    : html`<section class="panel warnings" aria-labelledby="a-verifier">
<h2 id="a-verifier">À vérifier dans le texte de la mise à jour</h2>
<ul class="warning-list">${(input.textWarnings ?? []).map((warning) => html`<li>${warning}</li>`)}</ul>
</section>`
}
${
  draft.content.warnings.length === 0
    ? ''
    : html`<section class="panel warnings" aria-labelledby="avertissements">
<h2 id="avertissements">Avertissements de la composition</h2>
<ul class="warning-list">${draft.content.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>
</section>`
}
${omittedPanel(draft)}
${input.followUp ? followUpPanel({ ...input.followUp, draft, csrf: frame.csrf, zone: input.zone, can: input.can }) : ''}
${draft.network === 'site' && draft.kind === 'update' ? sitePreview(input, editable, frame.csrf) : networkPreview(input, editable, frame.csrf)}
<section class="panel" aria-labelledby="historique-brouillon">
<h2 id="historique-brouillon">Historique du brouillon</h2>
${eventList(input.events, input.zone, input.sentences)}
</section>
</div>
</div>`;
  return page(frame, {
    title: `${network}, ${frenchLongDate(draft.date)}`,
    section: 'file',
    body,
    scripts: ['countdown.js', 'draft.js'],
  });
}

/** « X : 3 publications, 1 image, mercredi 3 juin à 9 h »: exactly what approval lets go. */
export function sendsLine(draft: DraftRecord, slot: PublishSlot, zone: string, now: Date): string {
  const posts = draft.content.posts.length;
  const images = draft.content.posts.reduce((sum, post) => sum + post.media.length, 0);
  const what =
    draft.network === 'site'
      ? '1\u00a0page'
      : `${posts}\u00a0publication${posts > 1 ? 's' : ''}${threads(draft.network) && posts > 1 ? ' en fil' : ''}`;
  const pictures = images === 0 ? 'sans image' : `${images}\u00a0image${images > 1 ? 's' : ''}`;
  if (draft.kind === 'retraction')
    return `${networkLabel(draft.network)} : suppression de chaque publication du fil, dès l’approbation`;
  if (draft.kind === 'correction')
    return `${networkLabel(draft.network)} : ${what} de correctif, ${pictures}, dès l’approbation`;
  return `${networkLabel(draft.network)} : ${what}, ${pictures}, ${frenchDayFormat(zone, now)(slot.at)}`;
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
    return html`<div class="notice">Ce brouillon a été remplacé par une nouvelle importation de la mise à jour : il ne sera pas publié.</div>`;
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

function networkPreview(input: DraftPageInput, editable: boolean, csrf: string): Markup {
  const { draft } = input;
  const posts = draft.content.posts;
  return html`<section class="preview preview-${draft.network}" aria-labelledby="apercu">
<h2 id="apercu">Aperçu ${threads(draft.network) ? `du fil (${posts.length} publication${posts.length > 1 ? 's' : ''})` : `tel que ${networkLabel(draft.network)} l’affiche`}</h2>
${
  threads(draft.network)
    ? html`<ol class="thread">${posts.map((post, index) => html`<li>${postCard(input, post, index, editable, csrf)}</li>`)}</ol>`
    : posts.map((post, index) => postCard(input, post, index, editable, csrf))
}
</section>`;
}

/** The website's page as it will be published (the same renderer), not its Markdown source. */
function sitePreview(input: DraftPageInput, editable: boolean, csrf: string): Markup {
  const { draft } = input;
  return html`<section class="preview preview-site" aria-labelledby="apercu">
<h2 id="apercu">Aperçu de la page du site Web</h2>
<iframe class="site-frame" src="/brouillons/${draft.id}/apercu-site" title="Page du site Web telle qu’elle sera publiée" loading="lazy"></iframe>
<p class="muted"><a href="/brouillons/${draft.id}/apercu-site" target="_blank" rel="noopener">Ouvrir la page dans un nouvel onglet</a></p>
${editable ? draft.content.posts.map((post, index) => textEditor(input, post, index, csrf, 'Modifier le texte source de la page')) : ''}
</section>`;
}

function postCard(input: DraftPageInput, post: StoredPost, index: number, editable: boolean, csrf: string): Markup {
  const { draft } = input;
  const total = draft.content.posts.length;
  const count = describeCount(draft.network, post.text);
  const { shown, folded } = foldText(draft.network, post.text);
  const label = networkLabel(draft.network);
  return html`<article class="post" id="publication-${index + 1}" aria-label="Publication ${index + 1} sur ${total}">
<div class="avatar" aria-hidden="true">${label.slice(0, 1)}</div>
<div class="post-body">
<header class="post-header"><strong>Compte de l’organisation</strong>
<span class="byline">${BYLINE[draft.network]}${total > 1 ? ` · ${index + 1}/${total}` : ''}</span>
<span class="count ${count.valid ? '' : 'count-over'}" data-count-display="${index}" title="Longueur comptée comme le fait ${label}">${count.label}</span></header>
<div class="post-text">${shown}${
    folded === ''
      ? ''
      : html`<span class="fold-more">…voir plus</span><span class="fold-note">Après « voir plus » :</span><span class="fold-rest">${folded}</span>`
  }</div>
${post.media.length === 0 ? '' : html`<div class="media media-${Math.min(post.media.length, 4)}">${post.media.map((media, mediaIndex) => mediaFigure(input, media, index, mediaIndex, editable, csrf))}</div>`}
${linkCard(input, post)}
<p class="post-actions" aria-hidden="true">${ACTIONS[draft.network].join(' · ')}</p>
${editable ? textEditor(input, post, index, csrf, 'Modifier le texte') : ''}
</div>
</article>`;
}

/**
 * The preview card the network draws under a post with a link and no image (X, Facebook): the
 * linked page's host and title, as the team will see it in the feed.
 */
function linkCard(input: DraftPageInput, post: StoredPost): Markup {
  const link = linkPreviewOf(input.draft.network, post.text, post.media.length);
  if (link === undefined) return html``;
  return html`<div class="link-card" data-link-card="${link.url}">
<span class="link-card-host">${link.host}</span>
<strong class="link-card-title">${input.title ?? link.host}</strong>
<span class="link-card-note">Carte de lien : ${networkLabel(input.draft.network)} affiche le titre et l’image de la page liée.</span>
</div>`;
}

/** Editing an approved draft clears its approval: the form says so and asks to confirm. */
function clearsApproval(input: DraftPageInput, id: string): Markup {
  if (input.draft.status !== 'approved') return html``;
  const by = input.approval?.approvedBy ?? 'la personne qui l’a approuvé';
  return html`<p class="notice notice-warning">Ce brouillon est approuvé par ${by}. L’enregistrer annule cette approbation : une autre personne devra approuver la nouvelle version.</p>
<label class="check"><input type="checkbox" name="annulerApprobation" value="oui" id="${id}" required> Je comprends que l’approbation sera annulée.</label>`;
}

function textEditor(input: DraftPageInput, post: StoredPost, index: number, csrf: string, summary: string): Markup {
  const { draft } = input;
  const count = describeCount(draft.network, post.text);
  const fieldId = `texte-${index}`;
  return html`<details class="edit">
<summary>${summary}</summary>
<form method="post" action="/brouillons/${draft.id}/publications/${index}/texte" class="stack" data-count-form data-network="${draft.network}">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="expectedHash" value="${draft.contentHash}">
<label for="${fieldId}">Texte de la publication ${index + 1}</label>
<textarea id="${fieldId}" name="text" rows="${Math.min(14, Math.max(4, Math.ceil(post.text.length / 60) + 1))}" data-count-input data-network="${draft.network}" data-count-target="count-${index}" data-count-index="${index}" required>${post.text}</textarea>
<p class="count-line">Longueur : <output id="count-${index}" class="count ${count.valid ? '' : 'count-over'}" aria-live="polite">${count.label}</output></p>
${clearsApproval(input, `annuler-texte-${index}`)}
<button type="submit" class="button">Enregistrer le texte</button>
</form>
</details>`;
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
<label for="${fieldId}">Texte de remplacement (${MAX_ALT_CHARS}\u00a0caractères au plus)</label>
<textarea id="${fieldId}" name="alt" rows="4" maxlength="${MAX_ALT_CHARS}" required>${media.alt}</textarea>
${clearsApproval(input, `annuler-alt-${postIndex}-${mediaIndex}`)}
<button type="submit" class="button">Enregistrer le texte de remplacement</button>
</form>
</details>${
        media.spec.template === 'key-figures' && input.figures
          ? figureChoiceForm(draft, input.figures.candidates, input.figures.chosen, csrf)
          : ''
      }`
    : ''
}
</figure>`;
}

function decisionPanel(frame: PageFrame, input: DraftPageInput): Markup {
  const { draft } = input;
  const user = frame.user;
  const role = user === null ? '' : ROLE_LABELS[user.role];
  const sends = sendsLine(draft, input.slot, input.zone, input.now);
  const parts: Markup[] = [
    html`<p class="sends"><span class="sends-label">Ce qui part à l’approbation</span> <strong data-sends>${sends}</strong></p>
${draft.kind === 'update' ? html`<p class="slot">${countdown(input.slot.at, input.now, input.zone)}</p>` : ''}`,
  ];
  const isAuthor = user !== null && sameActor(user.name, draft.author);
  if (AWAITING.includes(draft.status)) {
    if (!input.can('approve')) {
      parts.push(
        html`<p class="muted" data-cannot-approve>Votre rôle (${role}) ne permet pas d’approuver : une personne du rôle Approbation doit le faire.</p>`,
      );
    } else if (isAuthor) {
      parts.push(
        html`<p class="notice" data-cannot-approve>Vous avez rédigé la version ${draft.version} : une autre personne doit l’approuver (règle des quatre yeux). Demandez à une personne du rôle Approbation de la relire.</p>`,
      );
    } else {
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
    }
  } else if (draft.status === 'approved') {
    parts.push(html`<p>Ce brouillon est approuvé : il partira à l’heure prévue.</p>`);
  } else if (draft.status === 'missed' && input.approval === null) {
    parts.push(
      html`<p>Ce brouillon n’est pas parti à temps : rien n’a été publié. Le service ne l’enverra pas de lui-même.</p>`,
    );
    if (input.can('approve') && !isAuthor) {
      parts.push(html`<form method="post" action="/brouillons/${draft.id}/approuver" class="stack">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<input type="hidden" name="expectedHash" value="${draft.contentHash}">
<p>Si la mise à jour est toujours d’actualité, approuvez la version ${draft.version} telle qu’elle est affichée : un administrateur pourra alors la publier en retard.</p>
<button type="submit" class="button button-primary">Approuver pour une publication en retard</button>
</form>`);
    } else if (isAuthor) {
      parts.push(
        html`<p class="notice" data-cannot-approve>Vous avez rédigé la version ${draft.version} : une autre personne doit l’approuver.</p>`,
      );
    }
  } else if (draft.status === 'missed' || draft.status === 'failed' || draft.status === 'partly_published') {
    const late = draft.status === 'missed';
    parts.push(
      html`<p>${late ? 'Manqué, mais approuvé : il peut être publié en retard.' : 'La publication n’est pas complète : elle peut être relancée. Les parties déjà en ligne ne sont pas republiées.'}</p>`,
    );
    if (input.can('operate') && input.canPublishNow) {
      parts.push(html`<form method="post" action="/brouillons/${draft.id}/publier" class="stack">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<label class="check"><input type="checkbox" name="confirmer" value="oui" required> Je confirme : publier maintenant sur ${networkLabel(draft.network)}, ${late ? 'en retard' : 'en reprise'}.</label>
<button type="submit" class="button button-primary">${late ? 'Publier maintenant, en retard' : 'Relancer la publication'}</button>
</form>`);
    } else {
      parts.push(
        html`<p class="muted">Seul un administrateur peut ${late ? 'la publier en retard' : 'la relancer'}, depuis cette page.</p>`,
      );
    }
  } else {
    parts.push(html`<p>État : ${statusLabel(draft.status)}. Aucune décision à prendre.</p>`);
  }
  if (REJECTABLE.includes(draft.status) && input.can('reject')) {
    parts.push(html`<details class="reject"><summary>Rejeter ce brouillon</summary><form method="post" action="/brouillons/${draft.id}/rejeter" class="stack">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<label for="raison">Raison du rejet</label>
<textarea id="raison" name="reason" rows="3" required placeholder="Ce qui doit être corrigé"></textarea>
<button type="submit" class="button button-danger">Rejeter</button>
</form></details>`);
  }
  return html`${parts}`;
}

/** Events as French sentences, newest first, each with its technical details folded away. */
export function eventList(events: AuditEvent[], zone: string, sentences: SentenceContext): Markup {
  if (events.length === 0) return html`<p class="empty">Aucun événement.</p>`;
  return html`<ol class="events" reversed>${[...events].reverse().map(
    (event) => html`<li class="event">
<p><time datetime="${event.at}" class="event-when">${frenchInstant(event.at, zone)}</time> <span class="event-text">${eventSentence(event, sentences)}</span></p>
<details class="technical"><summary>Détails techniques</summary><pre>${technicalDetails(event)}</pre></details>
</li>`,
  )}</ol>`;
}
