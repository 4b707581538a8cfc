import { resolve } from 'node:path';
import { secretValues } from '../../config/env.js';
import { CrieurError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { rehearse } from '../../rehearsal/rehearse.js';
import { rehearsalText } from '../../rehearsal/report-text.js';
import type { Command } from '../command.js';
import { readTextFile, requirePositional, stringOption } from './args.js';

export const command: Command = {
  name: 'rehearse',
  summary: 'Rehearse an update: the whole pipeline with the dry-run adapters, and an HTML + JSON report.',
  usage: 'crieur rehearse <update-file> [--at HH:MM] [--correct TEXT-FILE] [--retract] [--json]',
  options: {
    at: { type: 'string' },
    json: { type: 'boolean' },
    correct: { type: 'string' },
    retract: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const file = resolve(io.cwd, requirePositional(args, 0, 'update-file', 'fichier de mise à jour'));
    const at = stringOption(args, 'at');
    if (at !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) {
      throw new CrieurError(`--at must be HH:MM (24 h), got "${at}"`, `--at doit être HH:MM (24 h), reçu « ${at} »`);
    }
    const loaded = loadConfig();
    const log = createLogger({ secrets: secretValues(loaded.env), level: 'warn' });
    const correctFile = stringOption(args, 'correct');
    const correct = correctFile === undefined ? undefined : readTextFile(io.cwd, correctFile, '--correct');
    const result = await rehearse(file, {
      loaded,
      log,
      ...(at ? { at } : {}),
      ...(correct === undefined ? {} : { correct }),
      ...(args.values.retract === true ? { retract: true } : {}),
    });
    if (args.values.json) {
      io.stdout.write(
        `${JSON.stringify({ ...result.report, jsonPath: result.jsonPath, htmlPath: result.htmlPath }, null, 2)}\n`,
      );
    } else {
      io.stdout.write(rehearsalText(result.report, result));
    }
    const followUpsDone = (result.report.followUps ?? []).every((followUp) => followUp.status === 'published');
    return result.report.networks.every((network) => network.status === 'published') && followUpsDone ? 0 : 1;
  },
};
