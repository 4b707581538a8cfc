import { statusBadgeLabel } from '../../i18n/fr.js';
import { networkLabel } from '../../networks/index.js';
import type { ImportResult } from '../../queue/import.js';
import { frenchLongDate } from '../../update/french-dates.js';
import { html, type Markup } from '../html.js';
import { frenchInstant } from '../time-format.js';
import { type PageFrame, page, type Section } from './layout.js';

export interface RehearsalEntry {
  id: string;
  createdAt: Date;
}

export function loginPage(frame: PageFrame, input: { error?: string; name?: string }): string {
  const body = html`<section class="panel login">
<h1>Connexion</h1>
<p class="lede">Révision et approbation de la mise à jour quotidienne.</p>
${input.error === undefined ? '' : html`<div class="flash flash-error" role="alert">${input.error}</div>`}
<form method="post" action="/connexion" class="stack">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<label for="name">Nom d’utilisateur</label>
<input id="name" name="name" autocomplete="username" required value="${input.name ?? ''}">
<label for="password">Mot de passe</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="button button-primary">Se connecter</button>
</form>
</section>`;
  return page(frame, { title: 'Connexion', section: 'none', body });
}

export function messagePage(
  frame: PageFrame,
  input: { title: string; message: string; back?: { href: string; label: string }; section?: Section },
): string {
  const body = html`<section class="panel">
<h1>${input.title}</h1>
<p>${input.message}</p>
${input.back === undefined ? '' : html`<p><a class="button" href="${input.back.href}">${input.back.label}</a></p>`}
</section>`;
  return page(frame, { title: input.title, section: input.section ?? 'none', body });
}

function uploadForm(frame: PageFrame, action: string, submit: string, extra: Markup = html``): Markup {
  return html`<form method="post" action="${action}" enctype="multipart/form-data" class="stack upload">
<input type="hidden" name="_csrf" value="${frame.csrf}">
<label for="fichier">Fichier de mise à jour (Markdown, <code>.md</code>)</label>
<input id="fichier" name="fichier" type="file" accept=".md,.markdown,.txt,text/markdown,text/plain" required>
${extra}
<button type="submit" class="button button-primary">${submit}</button>
</form>`;
}

export function importPage(
  frame: PageFrame,
  input: { error?: string; result?: ImportResult; fileName?: string },
): string {
  const { result } = input;
  const body = html`
<div class="page-head">
<h1>Import</h1>
<p class="lede">Téléversez le fichier de la mise à jour : il est vérifié, composé pour chaque réseau, et ses brouillons attendent l’approbation. La vérification est la même que celle de la commande <code>crieur check</code>.</p>
</div>
${input.error === undefined ? '' : html`<div class="flash flash-error" role="alert"><strong>Le fichier a été refusé :</strong> <span data-import-error>${input.error}</span></div>`}
${result === undefined ? '' : importResult(result, input.fileName ?? '')}
<section class="panel">${uploadForm(frame, '/import', 'Importer')}</section>`;
  return page(frame, { title: 'Import', section: 'import', body });
}

function importResult(result: ImportResult, fileName: string): Markup {
  const date = result.drafts[0]?.date;
  const approvedReplaced = result.superseded.filter((item) => item.previousStatus === 'approved');
  return html`<section class="panel import-result">
<h2>Mise à jour importée${date === undefined ? '' : ` : ${frenchLongDate(date)}`}</h2>
<p class="muted">Fichier <code>${fileName}</code></p>
${
  approvedReplaced.length === 0
    ? ''
    : html`<div class="notice notice-warning"><strong>Attention :</strong> des brouillons déjà approuvés ont été remplacés (${approvedReplaced.map((item) => networkLabel(item.network)).join(', ')}). Les nouveaux doivent être approuvés de nouveau.</div>`
}
<ul>${result.drafts.map((draft) => html`<li><a href="/brouillons/${draft.id}">${networkLabel(draft.network)}</a> — ${statusBadgeLabel(draft.status)}, ${draft.content.posts.length} publication${draft.content.posts.length > 1 ? 's' : ''}</li>`)}</ul>
${
  result.skipped.length === 0
    ? ''
    : html`<p class="notice">Non importé (déjà publié ou en cours de publication pour cette date) : ${result.skipped.map((item) => `${networkLabel(item.network)} (${statusBadgeLabel(item.existingStatus)})`).join(', ')}.</p>`
}
${result.superseded.length === 0 ? '' : html`<p class="muted">${result.superseded.length} brouillon${result.superseded.length > 1 ? 's' : ''} précédent${result.superseded.length > 1 ? 's' : ''} remplacé${result.superseded.length > 1 ? 's' : ''}.</p>`}
</section>`;
}

export function rehearsalsPage(
  frame: PageFrame,
  input: { reports: RehearsalEntry[]; zone: string; error?: string },
): string {
  const body = html`
<div class="page-head">
<h1>Répétition</h1>
<p class="lede">Une répétition fait tout le parcours d’une mise à jour avec des réseaux simulés : rien n’est publié. Le rapport montre exactement ce qui serait envoyé.</p>
</div>
${input.error === undefined ? '' : html`<div class="flash flash-error" role="alert"><strong>Répétition impossible :</strong> ${input.error}</div>`}
<section class="panel">
<h2>Lancer une répétition</h2>
${uploadForm(
  frame,
  '/repetitions',
  'Lancer la répétition',
  html`<label for="at">Heure simulée (facultatif, HH:MM)</label><input id="at" name="at" pattern="([01][0-9]|2[0-3]):[0-5][0-9]" placeholder="09:00" inputmode="numeric">`,
)}
</section>
<section class="panel">
<h2>Rapports</h2>
${
  input.reports.length === 0
    ? html`<p class="empty">Aucune répétition pour le moment.</p>`
    : html`<ul class="reports">${input.reports.map(
        (report) =>
          html`<li><a href="/repetitions/${report.id}/">Répétition du ${frenchInstant(report.createdAt, input.zone)}</a> <code class="muted">${report.id}</code></li>`,
      )}</ul>`
}
</section>`;
  return page(frame, { title: 'Répétition', section: 'repetitions', body });
}
