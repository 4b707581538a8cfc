import { FORMAT_LABELS, formatsAllowed } from '../../compose/formats.js';
import { AWAITING } from '../../queue/lifecycle.js';
import type { DraftRecord } from '../../queue/types.js';
import { draftFormat } from '../../queue/view.js';
import { html, type Markup } from '../html.js';

/** What each format gives, in a few words, beside its name. */
const FORMAT_HINTS = {
  digest: 'le titre, l’essentiel, les chiffres clés, la carte et le lien',
  thread: 'toute la mise à jour, publication après publication',
  full: 'toute la mise à jour en une publication',
} as const;

/**
 * Before approval, the team can give a network another format (digest ↔ thread or full): the draft
 * is composed again from its update, a new version to review.
 */
export function formatSwitchForm(draft: DraftRecord, csrf: string): Markup {
  if (draft.network === 'site' || !AWAITING.includes(draft.status)) return html``;
  const current = draftFormat(draft);
  const choices = formatsAllowed(draft.network).filter((format) => format !== current);
  if (choices.length === 0) return html``;
  return html`<details class="edit format-switch">
<summary>Changer le format de ce brouillon</summary>
<form method="post" action="/brouillons/${draft.id}/format" class="stack">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="expectedHash" value="${draft.contentHash}">
<p class="muted">Le brouillon est composé de nouveau à partir de la mise à jour\u00a0: les modifications faites à la main sont remplacées (les chiffres choisis pour la carte sont gardés), et la nouvelle version doit être approuvée.</p>
${choices.map(
  (format, index) =>
    html`<label class="check"><input type="radio" name="format" value="${format}" id="format-${format}"${index === 0 ? ' checked' : ''}> <strong>${FORMAT_LABELS[format]}</strong>\u00a0— ${FORMAT_HINTS[format]}</label>`,
)}
<button type="submit" class="button">Composer dans ce format</button>
</form>
</details>`;
}
