import type { DraftRecord } from '../../queue/types.js';
import type { Figure } from '../../update/types.js';
import { html, type Markup } from '../html.js';

/** The most figures a card shows (the form offers as many ranks). */
const MAX_RANK = 4;

/**
 * A small form under the key-figures card: each figure the update offers, with the rank it has on
 * the card (1 = most important) or none. Saving redraws the card, a new version to approve again.
 */
export function figureChoiceForm(
  draft: DraftRecord,
  candidates: readonly Figure[],
  chosen: readonly number[],
  csrf: string,
): Markup {
  if (candidates.length === 0) return html``;
  const rows = candidates.map((figure, index) => {
    const number = index + 1;
    const rank = chosen.indexOf(number) + 1;
    const id = `rang-${number}`;
    const total = figure.total ? ` sur ${figure.total.value}` : '';
    const place = figure.place ? ` — ${figure.place}` : '';
    const when = figure.refersTo ? ` (${figure.refersTo})` : '';
    return html`<li><label for="${id}"><strong>${figure.value}</strong>${total} ${figure.label}${place}${when}</label>
<select id="${id}" name="${id}">
<option value=""${rank === 0 ? ' selected' : ''}>Pas sur la carte</option>
${Array.from({ length: MAX_RANK }, (_, i) => html`<option value="${i + 1}"${rank === i + 1 ? ' selected' : ''}>Rang ${i + 1}</option>`)}
</select></li>`;
  });
  return html`<details class="edit figure-choice">
<summary>Choisir les chiffres clés de la carte</summary>
<form method="post" action="/brouillons/${draft.id}/chiffres" class="stack">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="expectedHash" value="${draft.contentHash}">
<p class="muted">Le rang 1 est le chiffre le plus important. La carte est redessinée et le brouillon doit être approuvé de nouveau.</p>
<ol class="figure-candidates">${rows}</ol>
<button type="submit" class="button">Redessiner la carte</button>
</form>
</details>`;
}

/** The choice a submitted form makes: candidate numbers ordered by their rank (`rang-N` fields). */
export function choiceFromForm(body: Record<string, unknown> | undefined): number[] {
  const ranked: Array<{ number: number; rank: number }> = [];
  for (const [key, value] of Object.entries(body ?? {})) {
    const match = /^rang-(\d{1,3})$/.exec(key);
    if (!match || typeof value !== 'string' || !/^\d$/.test(value)) continue;
    ranked.push({ number: Number(match[1]), rank: Number(value) });
  }
  return ranked.sort((a, b) => a.rank - b.rank || a.number - b.number).map((item) => item.number);
}
