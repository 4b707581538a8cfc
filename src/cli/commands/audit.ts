import { iterateEvents, jsonLines } from '../../audit/journal.js';
import { verifyChain } from '../../audit/verify.js';
import { CrieurError } from '../../errors.js';
import { hasStore, queueFile, withQueue } from '../../queue/open-queue.js';
import { batchedWriter } from '../batched-output.js';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'audit',
  summary: 'Print the audit log (JSON lines with --json) or verify its hash chain (--verify).',
  usage: 'crieur audit [--json] [--verify]',
  options: { json: { type: 'boolean' }, verify: { type: 'boolean' } },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const path = queueFile(loaded);
    if (!hasStore(loaded)) {
      // Never an empty store made on the spot and reported intact: a mistyped data directory must show.
      const reason = `no store at ${path}: check dataDir / CRIEUR_DATA_DIR`;
      if (args.values.verify && args.values.json) {
        io.stdout.write(`${JSON.stringify({ ok: false, count: 0, reason })}\n`);
      }
      throw new CrieurError(reason, `aucune base de données à ${path} : vérifiez dataDir / CRIEUR_DATA_DIR`, {
        exitCode: 1,
      });
    }
    return withQueue(loaded, async ({ store }) => {
      if (args.values.verify) {
        const verdict = verifyChain(store.db);
        if (args.values.json) {
          io.stdout.write(`${JSON.stringify(verdict)}\n`);
        } else if (verdict.ok) {
          io.stdout.write(
            `audit chain verifies: ${verdict.count} events / journal intègre : ${verdict.count} événements\n`,
          );
        } else {
          io.stderr.write(
            `audit chain broken at event ${verdict.firstBadId}: ${verdict.reason}\njournal altéré à l’événement ${verdict.firstBadId} : ${verdict.reasonFr}\n`,
          );
        }
        return verdict.ok ? 0 : 1;
      }
      // Written as read, ~64 KB at a time: ten years of events are never one string.
      const out = batchedWriter(io.stdout);
      const lines = args.values.json
        ? jsonLines(store.db)
        : (function* () {
            for (const event of iterateEvents(store.db)) {
              yield `${event.seq}\t${event.at}\t${event.actor}\t${event.action}\t${event.subject}\t${JSON.stringify(event.data)}\n`;
            }
          })();
      for (const line of lines) {
        const full = out.write(line);
        if (full) await full;
      }
      await out.end();
      return 0;
    });
  },
};
