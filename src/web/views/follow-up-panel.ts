import { KIND_LABELS } from '../../i18n/fr.js';
import { networkLabel } from '../../networks/index.js';
import type { RetractionSummary } from '../../queue/follow-up-reads.js';
import type { DraftRecord } from '../../queue/types.js';
import { formatDraftId } from '../../queue/types.js';
import { html, type Markup } from '../html.js';
import type { Capability } from '../permissions.js';
import { frenchInstant } from '../time-format.js';

export interface FollowUpInput {
  draft: DraftRecord;
  csrf: string;
  zone: string;
  can: (capability: Capability) => boolean;
  /** The update draft a correction or retraction acts on. */
  target: DraftRecord | null;
  /** An update draft's corrections and retractions. */
  followUps: DraftRecord[];
  retracted: RetractionSummary | null;
}

/** What a draft is, beside its status: nothing for the daily update. */
export function kindLine(input: FollowUpInput): Markup {
  const { draft, target } = input;
  if (draft.kind === 'update') return html``;
  const label = KIND_LABELS[draft.kind] ?? draft.kind;
  return html`<p class="kind-line" data-kind="${draft.kind}"><span class="badge badge-kind">${label}</span> ${
    draft.kind === 'correction'
      ? 'publié aussitôt approuvé, en réponse à la première publication du fil'
      : 'une fois approuvé, supprime chaque publication du fil sur ce réseau, correctifs compris'
  }${
    target === null
      ? ''
      : html` — <a href="/brouillons/${target.id}">mise à jour corrigée (${formatDraftId(target.id)})</a>`
  }</p>`;
}

/**
 * On a published update: « Publier un correctif » (a form with the text) for whoever may edit, and
 * « Retirer la publication » for an admin, with the reason and a confirmation. A retracted update says
 * who retracted it and why, and takes no correction.
 */
export function followUpPanel(input: FollowUpInput): Markup {
  const { draft } = input;
  if (draft.kind !== 'update' || !['published', 'partly_published'].includes(draft.status)) return html``;
  const list =
    input.followUps.length === 0
      ? html``
      : html`<ul class="follow-ups">${input.followUps.map(
          (other) =>
            html`<li><a href="/brouillons/${other.id}">${KIND_LABELS[other.kind] ?? other.kind} ${formatDraftId(other.id)}</a> — ${other.status === 'published' ? 'publié' : other.status === 'awaiting_review' ? 'en attente d’approbation' : other.status}</li>`,
        )}</ul>`;
  if (input.retracted) {
    const { retracted } = input;
    return html`<section class="panel follow-up" aria-labelledby="retrait" data-retracted>
<h2 id="retrait">Publication retirée</h2>
<p>Retirée de ${networkLabel(draft.network)} le ${frenchInstant(retracted.at, input.zone)}, à la demande de <strong>${retracted.by}</strong>${
      retracted.approvedBy ? html`, approuvée par <strong>${retracted.approvedBy}</strong>` : ''
    }.</p>
<p>Raison\u00a0: ${retracted.reason}</p>
<p class="muted">Un correctif n’est plus possible\u00a0: la publication n’est plus en ligne.</p>
${list}
</section>`;
  }
  const forms: Markup[] = [];
  if (input.can('edit')) {
    forms.push(html`<form method="post" action="/mises-a-jour/${draft.date}/correctif" class="stack" data-correct>
<input type="hidden" name="_csrf" value="${input.csrf}">
<label for="texte-correctif">Texte du correctif (il commencera par «\u00a0Correctif\u00a0:\u00a0»)</label>
<textarea id="texte-correctif" name="texte" rows="4" required></textarea>
<fieldset class="corrected-figure">
<legend>Chiffre corrigé sur la carte (facultatif)</legend>
<label for="chiffre-correctif">Numéro du chiffre sur la carte</label>
<input id="chiffre-correctif" name="chiffre" type="text" inputmode="numeric" pattern="[0-9]{1,2}" size="3">
<label for="valeur-correctif">Valeur corrigée</label>
<input id="valeur-correctif" name="valeur" type="text" size="12">
<p class="muted">La carte des chiffres clés est redessinée avec cette valeur et accompagne le correctif sur X, Bluesky et le site Web.</p>
</fieldset>
<p class="muted">Un brouillon par réseau où la mise à jour est en ligne, compté comme une publication. Une autre personne l’approuve, puis il part aussitôt.</p>
<button type="submit" class="button button-primary">Publier un correctif</button>
</form>`);
  }
  if (input.can('operate')) {
    forms.push(html`<form method="post" action="/mises-a-jour/${draft.date}/retrait" class="stack" data-retract>
<input type="hidden" name="_csrf" value="${input.csrf}">
<label for="raison-retrait">Raison du retrait (affichée sur le site Web)</label>
<input id="raison-retrait" name="raison" type="text" required>
<label class="check"><input type="checkbox" name="confirmer" value="oui" required> Je confirme : une fois approuvé, le retrait supprime chaque publication du fil sur chaque réseau.</label>
<button type="submit" class="button button-danger">Retirer la publication</button>
</form>`);
  }
  return html`<section class="panel follow-up" aria-labelledby="corriger">
<h2 id="corriger">Corriger ou retirer</h2>
${forms}
${list}
</section>`;
}
