import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeCount } from '../../compose/describe-count.js';
import { FORMAT_LABELS } from '../../compose/formats.js';
import { needsDecision, OMISSION_REASONS_FR, type Omitted } from '../../compose/omitted.js';
import type { RenderedDraft } from '../../compose/types.js';
import { frenchLine } from '../../i18n/french-line.js';
import { networkLabel } from '../../networks/index.js';
import { prepareUpdate } from '../../pipeline/prepare.js';
import type { Update } from '../../update/types.js';
import type { Command } from '../command.js';
import { requirePositional, stringOption } from './args.js';

export const command: Command = {
  name: 'preview',
  summary: "Parse, compose and render an update without storing anything; show each network's draft.",
  usage: 'crieur preview <update-file> [--out DIR] [--json]',
  options: { out: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const path = requirePositional(args, 0, 'update-file', 'fichier de mise à jour');
    const loaded = loadConfig();
    const out = stringOption(args, 'out');
    const outDir = out === undefined ? mkdtempSync(join(tmpdir(), 'crieur-preview-')) : resolve(io.cwd, out);
    const { update, drafts } = await prepareUpdate(resolve(io.cwd, path), { loaded, outDir });
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify(previewJson(update, drafts), null, 2)}\n`);
    } else {
      io.stdout.write(previewText(update, drafts));
      io.stdout.write(`\nCards written to ${outDir}\n`);
    }
    return 0;
  },
};

/** The JSON contract of `crieur preview --json` (later checks rely on it: extend, never rename). */
export function previewJson(update: Update, drafts: RenderedDraft[]) {
  return {
    update: {
      date: update.date,
      title: update.title,
      ...(update.subtitle === undefined ? {} : { subtitle: update.subtitle }),
      ...(update.link === undefined ? {} : { link: update.link }),
      hashtags: update.hashtags,
      figures: update.figures,
      warnings: update.warnings ?? [],
    },
    drafts: drafts.map((draft) => ({
      network: draft.network,
      posts: draft.posts.map((post) => ({
        text: post.text,
        count: describeCount(draft.network, post.text),
        media: post.media.map((card) => ({
          path: card.path,
          alt: card.alt,
          mime: card.mime,
          width: card.width,
          height: card.height,
          bytes: card.bytes,
        })),
      })),
      warnings: draft.warnings,
      format: draft.format ?? 'full',
      omitted: draft.omitted ?? [],
      needsDecision: needsDecision(draft.omitted ?? []),
    })),
  };
}

function previewText(update: Update, drafts: RenderedDraft[]): string {
  const lines = [`${update.title} — ${update.date}`, ''];
  for (const warning of update.warnings ?? []) lines.push(`! ${warning.message}`, `  ${frenchLine(warning.messageFr)}`);
  if (update.warnings?.length) lines.push('');
  for (const draft of drafts) {
    const format = draft.format ? `, ${draft.format} / ${FORMAT_LABELS[draft.format]}` : '';
    lines.push(
      `=== ${networkLabel(draft.network)} (${draft.posts.length} post${draft.posts.length > 1 ? 's' : ''}${format}) ===`,
    );
    draft.posts.forEach((post, index) => {
      const count = describeCount(draft.network, post.text);
      lines.push(`--- ${index + 1}/${draft.posts.length}  [${count.label}]`);
      lines.push(post.text);
      for (const card of post.media) {
        lines.push(`  [image ${card.width}×${card.height}, ${Math.round(card.bytes / 1024)} Ko] ${card.path}`);
        lines.push(`  alt: ${card.alt}`);
      }
    });
    for (const warning of draft.warnings) lines.push(`! ${frenchLine(warning)}`);
    lines.push(...omittedLines(draft.omitted ?? []));
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What the draft leaves out: a count for a digest (on the site only, as expected), each item when
 * a person must decide.
 */
export function omittedLines(omitted: readonly Omitted[]): string[] {
  if (omitted.length === 0) return [];
  if (!needsDecision(omitted)) {
    return [`~ ${omitted.length} item(s) on the website only / élément(s) sur le site seulement`];
  }
  return [
    `! NEEDS DECISION / DÉCISION REQUISE: ${omitted.length} item(s) left out / élément(s) laissé(s) de côté (approve with --accept-omissions)`,
    ...omitted.map((item) => `  - [${item.section || '—'}] ${item.text} (${OMISSION_REASONS_FR[item.reason]})`),
  ];
}
