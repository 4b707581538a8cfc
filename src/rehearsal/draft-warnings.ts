import { describeCount } from '../compose/describe-count.js';
import { needsDecision, OMISSION_REASONS_FR } from '../compose/omitted.js';
import { frenchSentence } from '../i18n/sentence.js';
import { networkLabel } from '../networks/index.js';
import type { DraftContent } from '../store/types.js';

/**
 * What a reviewer would be warned about on the real morning but that the draft's own warnings do
 * not say, in French: content left out that needs a decision (the rehearsal accepts it to go on),
 * a post longer than the network allows, an image without alt text.
 * Typeset as the page shows sentences (no-break spaces before `:` and `;`).
 */
export function rehearsalDraftWarnings(content: DraftContent): string[] {
  const warnings: string[] = [];
  const omitted = content.omitted ?? [];
  if (needsDecision(omitted)) {
    const left = omitted.filter((item) => item.reason !== 'on-site-only');
    const reasons = [...new Set(left.map((item) => OMISSION_REASONS_FR[item.reason]))].join(' ; ');
    const count = left.length > 1 ? `${left.length} éléments` : '1 élément';
    warnings.push(
      `Décision requise : ce brouillon laisse de côté ${count} de la mise à jour (${reasons}). La répétition l’a accepté pour aller jusqu’au bout ; le vrai matin, une personne doit l’approuver avec --accept-omissions, ou le raccourcir d’abord (crieur edit).`,
    );
  }
  content.posts.forEach((post, index) => {
    const count = describeCount(content.network, post.text);
    if (!count.valid) {
      warnings.push(
        `Publication ${index + 1} : trop longue pour ${networkLabel(content.network)} (${count.label}) ; raccourcissez-la (crieur edit) avant d’approuver.`,
      );
    }
    post.media.forEach((media, mediaIndex) => {
      if (media.alt.trim() === '') {
        warnings.push(
          `Publication ${index + 1}, image ${mediaIndex + 1} : aucun texte de remplacement ; écrivez-en un (crieur edit --alt ${index + 1}:${mediaIndex + 1}) avant d’approuver.`,
        );
      }
    });
  });
  return warnings.map(frenchSentence);
}
