import { describeCount } from '../../compose/describe-count.js';
import type { RenderedDraft } from '../../compose/types.js';
import { networkLabel } from '../../networks/index.js';
import { frenchLongDate } from '../../update/french-dates.js';
import type { Update } from '../../update/types.js';
import type { FieldProblem, WrittenFields } from '../../update/written-update.js';
import { html, type Markup } from '../html.js';
import { type PageFrame, page } from './layout.js';

/** A draft of the preview, its cards already in the media folder (`/medias/<file>`). */
export interface PreviewDraft {
  network: RenderedDraft['network'];
  warnings: string[];
  posts: { text: string; media: { file: string; alt: string; width: number; height: number }[] }[];
}

export interface NewUpdateInput {
  fields: WrittenFields;
  problems?: FieldProblem[];
  /** A refusal of the text itself (the parser's), in French. */
  error?: string;
  preview?: { update: Update; drafts: PreviewDraft[] };
}

const FIELD_IDS: Record<keyof WrittenFields, string> = {
  date: 'date',
  title: 'titre',
  summary: 'resume',
  link: 'lien',
  body: 'corps',
};

/** « Nouvelle mise à jour »: the update written or pasted in the page, previewed, then drafted. */
export function newUpdatePage(frame: PageFrame, input: NewUpdateInput): string {
  const { fields } = input;
  const problems = input.problems ?? [];
  const problem = (field: keyof WrittenFields) => problems.find((item) => item.field === field);
  const described = (field: keyof WrittenFields, help?: string) => {
    const ids = [
      help === undefined ? '' : `${FIELD_IDS[field]}-aide`,
      problem(field) ? `${FIELD_IDS[field]}-erreur` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return ids === '' ? html`` : html` aria-describedby="${ids}"`;
  };
  const invalid = (field: keyof WrittenFields) => (problem(field) ? html` aria-invalid="true"` : html``);
  const fieldError = (field: keyof WrittenFields) => {
    const found = problem(field);
    return found ? html`<p class="field-error" id="${FIELD_IDS[field]}-erreur">${found.messageFr}</p>` : html``;
  };
  const body = html`
<div class="page-head">
<h1>Nouvelle mise à jour</h1>
<p class="lede">Écrivez la mise à jour ou collez-la depuis Word ou une page Web : les titres, les puces, le gras et les liens sont conservés. L’aperçu montre chaque réseau et les cartes; l’enregistrement crée les brouillons, qui attendent l’approbation.</p>
</div>
${
  problems.length === 0 && input.error === undefined
    ? ''
    : html`<div class="flash flash-error" role="alert" id="erreurs"><strong>À corriger :</strong> ${
        input.error === undefined
          ? html`<ul>${problems.map((item) => html`<li><a href="#${FIELD_IDS[item.field]}">${item.messageFr}</a></li>`)}</ul>`
          : html`<span data-written-error>${input.error}</span>`
      }</div>`
}
<section class="panel">
<form method="post" action="/nouvelle" class="stack written-form" data-written-form>
<input type="hidden" name="_csrf" value="${frame.csrf}">
<div class="field-row">
<div class="field">
<label for="date">Date de la mise à jour</label>
<input id="date" name="date" type="date" value="${fields.date}" required${invalid('date')}${described('date')}>
${fieldError('date')}
</div>
<div class="field field-wide">
<label for="titre">Titre</label>
<input id="titre" name="titre" type="text" value="${fields.title}" maxlength="200" required autocomplete="off"${invalid('title')}${described('title')}>
${fieldError('title')}
</div>
</div>
<div class="field">
<label for="resume">Résumé (sous le titre)</label>
<input id="resume" name="resume" type="text" value="${fields.summary}" maxlength="240" autocomplete="off"${described('summary', 'aide')}>
<p class="muted" id="resume-aide">Facultatif, p. ex. « Dossier santé numérique (DSN) ».</p>
</div>
<div class="field">
<label for="lien">Lien « Pour en savoir plus »</label>
<input id="lien" name="lien" type="url" value="${fields.link}" maxlength="500" placeholder="https://" autocomplete="off"${invalid('link')}${described('link', 'aide')}>
<p class="muted" id="lien-aide">Facultatif : il termine chaque fil.</p>
${fieldError('link')}
</div>
<div class="field">
<label for="corps">Texte de la mise à jour</label>
<p class="muted" id="corps-aide">Une ligne courte seule est un titre de section; « - » commence une puce, et un espace de plus devant, une sous-puce; <code>**gras**</code>, <code>_italique_</code>, <code>[texte](https://…)</code>. Un collage depuis Word ou une page Web est converti ainsi.</p>
<textarea id="corps" name="corps" rows="18" required spellcheck="true" lang="fr-CA" data-paste-convert${invalid('body')}${described('body', 'aide')}>${fields.body}</textarea>
<p class="muted" role="status" aria-live="polite" data-paste-status></p>
${fieldError('body')}
</div>
<div class="actions">
<button type="submit" class="button" formaction="/nouvelle/apercu">Aperçu</button>
<button type="submit" class="button button-primary">Créer les brouillons</button>
</div>
</form>
</section>
${input.preview === undefined ? '' : previewSection(input.preview)}`;
  return page(frame, { title: 'Nouvelle mise à jour', section: 'nouvelle', body, scripts: ['editor.js'] });
}

function previewSection(preview: { update: Update; drafts: PreviewDraft[] }): Markup {
  const { update } = preview;
  const warnings = update.intake?.warnings ?? [];
  // What `check` and `preview` say about the text itself: a figure dated after the update, an empty
  // section, a comment left out, a decimal point, a character the cards cannot draw, an @handle…
  const toCheck = update.warnings ?? [];
  return html`<section class="panel preview" id="apercu" aria-labelledby="apercu-titre" tabindex="-1">
<h2 id="apercu-titre">Aperçu : ${update.title}, ${frenchLongDate(update.date)}</h2>
<p class="muted">${update.sections.length} section${update.sections.length > 1 ? 's' : ''}, ${update.figures.length} chiffre${update.figures.length > 1 ? 's' : ''} clé${update.figures.length > 1 ? 's' : ''}${update.figures.length === 0 ? '' : html` : ${update.figures.map((figure) => `${figure.value} ${figure.label}`).join(' · ')}`}. Rien n’est enregistré tant que vous ne créez pas les brouillons.</p>
${warnings.length === 0 ? '' : html`<div class="notice notice-warning"><strong>Laissé de côté :</strong><ul>${warnings.map((warning) => html`<li>${warning.messageFr}</li>`)}</ul></div>`}
${toCheck.length === 0 ? '' : html`<div class="notice notice-warning"><strong>À vérifier :</strong><ul>${toCheck.map((warning) => html`<li>${warning.messageFr}</li>`)}</ul></div>`}
<div class="preview-grid">${preview.drafts.map(
    (draft) => html`<article class="preview-network" aria-label="${networkLabel(draft.network)}">
<h3>${networkLabel(draft.network)} <span class="muted">· ${draft.posts.length} publication${draft.posts.length > 1 ? 's' : ''}</span></h3>
${draft.warnings.length === 0 ? '' : html`<ul class="notice">${draft.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>`}
<ol class="preview-posts">${draft.posts.map((post) => {
      const count = describeCount(draft.network, post.text);
      return html`<li><p class="post-text">${post.text}</p>
<p class="count ${count.valid ? '' : 'count-over'}">${count.label}</p>
${post.media.map((media) => html`<figure class="preview-card"><img src="/medias/${media.file}" alt="${media.alt}" width="${media.width}" height="${media.height}"><figcaption class="muted">Texte de remplacement : ${media.alt}</figcaption></figure>`)}</li>`;
    })}</ol>
</article>`,
  )}</div>
</section>`;
}
