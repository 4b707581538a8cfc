import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { statusExplained } from '../../i18n/fr.js';
import { frenchLine } from '../../i18n/french-line.js';
import { prepareUpdate } from '../../pipeline/prepare.js';
import { systemUserName } from '../../queue/context.js';
import { draftLine } from '../../queue/describe.js';
import { importDrafts } from '../../queue/import.js';
import { mediaDirOf, withQueue } from '../../queue/open-queue.js';
import { formatDraftId } from '../../queue/types.js';
import { draftView } from '../../queue/view.js';
import type { Command } from '../command.js';
import { requirePositional, stringOption, typedPath } from './args.js';

export const command: Command = {
  name: 'draft',
  summary: 'Compose and render an update for every network and queue the drafts for review.',
  usage: 'crieur draft <update-file> [--by NAME] [--json]',
  options: { by: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const path = requirePositional(args, 0, 'update-file', 'fichier de mise à jour');
    const loaded = loadConfig();
    const by = stringOption(args, 'by') ?? systemUserName(io.env);
    mkdirSync(loaded.dataDir, { recursive: true });
    const outDir = mkdtempSync(join(loaded.dataDir, 'render-'));
    try {
      const { update, drafts } = await prepareUpdate(typedPath(io.cwd, path), { loaded, outDir });
      const result = await withQueue(loaded, (context) => importDrafts(context, { update, drafts, by }));
      // What `check` says about the text, once (each draft's own warnings follow its line).
      for (const warning of update.warnings ?? []) {
        if (warning.about === 'text') io.stderr.write(`! ${warning.message}\n  ${frenchLine(warning.messageFr)}\n`);
      }
      for (const old of result.superseded) {
        const loud = old.previousStatus === 'approved' ? 'WARNING / ATTENTION: an approved draft was replaced; ' : '';
        io.stderr.write(
          `${loud}${formatDraftId(old.id)} (${old.network}, ${old.previousStatus}) superseded by this update / remplacé par cette mise à jour (était ${statusExplained(old.previousStatus)})\n`,
        );
      }
      for (const skip of result.skipped) {
        io.stderr.write(
          `${skip.network}: not queued, ${formatDraftId(skip.existingId)} for this date is ${skip.existingStatus} / ${frenchLine(`non mis en file : ${formatDraftId(skip.existingId)} pour cette date est ${statusExplained(skip.existingStatus)}`)}\n`,
        );
      }
      if (args.values.json) {
        const mediaDir = mediaDirOf(loaded);
        io.stdout.write(
          `${JSON.stringify({ drafts: result.drafts.map((draft) => draftView(draft, mediaDir)) }, null, 2)}\n`,
        );
      } else {
        for (const draft of result.drafts) {
          io.stdout.write(`${draftLine(draft)}\n`);
          for (const warning of draft.content.warnings) io.stdout.write(`    ! ${frenchLine(warning)}\n`);
        }
      }
      return 0;
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
