import { join } from 'node:path';
import { FORMAT_LABELS } from '../compose/formats.js';
import { needsDecision, OMISSION_REASONS_FR } from '../compose/omitted.js';
import type { DraftRecord } from '../store/types.js';
import { formatDraftId } from '../store/types.js';
import { draftFormat } from './view.js';

/** One line per draft, for `crieur queue` and `crieur draft`. */
export function draftLine(draft: DraftRecord): string {
  const media = draft.content.posts.reduce((sum, post) => sum + post.media.length, 0);
  const posts = `${draft.content.posts.length} post${draft.content.posts.length === 1 ? '' : 's'}`;
  return [
    formatDraftId(draft.id).padEnd(6),
    draft.date,
    draft.network.padEnd(8),
    draft.status.padEnd(16),
    ...(draft.kind === 'update' ? [] : [`${draft.kind} of ${formatDraftId(draft.targetId ?? 0)}`]),
    `v${draft.version}`.padEnd(4),
    draft.contentHash.slice(0, 12),
    `${posts}, ${media} image${media === 1 ? '' : 's'}`,
    `by ${draft.author}`,
  ].join('  ');
}

/** Everything a reviewer reads before approving: every post in full, every image and its alt text. */
export function describeDraft(draft: DraftRecord, mediaDir: string): string {
  const lines = [
    `${formatDraftId(draft.id)} — ${draft.date} — ${draft.network} — ${draft.status} — version ${draft.version} by ${draft.author}`,
    `content hash: ${draft.contentHash}`,
    `format: ${draftFormat(draft)} (${FORMAT_LABELS[draftFormat(draft)]})`,
  ];
  if (draft.reason !== null) lines.push(`reason: ${draft.reason}`);
  const total = draft.content.posts.length;
  draft.content.posts.forEach((post, index) => {
    lines.push('', `--- post ${index + 1}/${total} ---`, post.text);
    post.media.forEach((media, mediaIndex) => {
      lines.push(
        `  [image ${index + 1}:${mediaIndex + 1}] ${join(mediaDir, media.file)} (${media.mime}, ${media.width}×${media.height}, ${media.bytes} bytes)`,
        `    alt: ${media.alt}`,
      );
    });
  });
  if (draft.content.warnings.length > 0) {
    lines.push('', 'Warnings / avertissements:', ...draft.content.warnings.map((warning) => `  - ${warning}`));
  }
  const omitted = draft.content.omitted ?? [];
  if (omitted.length > 0) {
    lines.push(
      '',
      needsDecision(omitted)
        ? 'Left out, a person must accept it (approve --accept-omissions) / Laissé de côté, à accepter :'
        : 'On the website only / Sur le site seulement :',
      ...omitted.map((item) => `  - [${item.section || '—'}] ${item.text} (${OMISSION_REASONS_FR[item.reason]})`),
    );
  }
  return `${lines.join('\n')}\n`;
}
