import { CrieurError } from '../../errors.js';
import { frenchLine } from '../../i18n/french-line.js';
import { type MigrateStoreResult, migrateConfiguredStore } from '../../queue/migrate-store.js';
import type { Command } from '../command.js';
import { stringOption } from './args.js';

export const command: Command = {
  name: 'migrate-store',
  summary:
    'Copy the SQLite store of the data directory (and its cards) into an empty PostgreSQL database, checked before it commits.',
  usage: 'crieur migrate-store --to postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE [--force] [--json]',
  options: { to: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const url = stringOption(args, 'to');
    if (url === undefined || url.trim() === '') {
      throw new CrieurError(
        '--to postgres://… is required: the PostgreSQL database to copy the store into',
        '--to postgres://… est requis : la base PostgreSQL où copier les données',
      );
    }
    const loaded = loadConfig();
    const started = performance.now();
    const result = migrateConfiguredStore(loaded, { url: url.trim(), force: args.values.force === true });
    const seconds = (performance.now() - started) / 1000;
    if (args.values.json) {
      const { to, tables, media, audit } = result;
      io.stdout.write(`${JSON.stringify({ ok: true, to, tables, media, audit }, null, 2)}\n`);
    } else {
      io.stdout.write(summary(result, seconds));
    }
    return 0;
  },
};

function summary(result: MigrateStoreResult & { from: string }, seconds: number): string {
  const width = Math.max(...Object.keys(result.tables).map((table) => table.length));
  const lines = [
    `Copied ${result.from} into ${result.to} in ${seconds.toFixed(1)} s, in one transaction:`,
    ...Object.entries(result.tables).map(([table, count]) => `  ${table.padEnd(width)}  ${count}`),
    `Cards: ${result.media.files} files, ${result.media.bytes} bytes (into media_files).`,
    ...(result.media.missing.length === 0
      ? []
      : [
          `Warning: ${result.media.missing.length} card(s) that drafts name were not in the media folder (missing before the copy too): ${result.media.missing.join(', ')}`,
        ]),
    `Audit chain verified before the copy (${result.audit.before} events) and after it, on PostgreSQL (${result.audit.after} events).`,
    '',
    'Next: keep `crieur run` stopped, set CRIEUR_DATABASE_URL to this URL (with its password) in the',
    "service's environment, then start `crieur run` again; every command then reads PostgreSQL.",
    `The SQLite file is left as it was: keep it as a backup, crieur no longer writes to it.`,
    frenchLine(
      `Copie terminée et vérifiée : ${result.audit.after} événements du journal, ${result.media.files} images ; définissez CRIEUR_DATABASE_URL puis redémarrez crieur run.`,
    ),
    '',
  ];
  return lines.join('\n');
}
