import { PublishError } from '../../../adapters/errors.js';
import { createAdapters } from '../../../adapters/registry.js';
import { checkBrandingContrast } from '../../cards/contrast.js';
import { NETWORK_LABELS } from '../../compose/compose.js';
import { CrieurError } from '../../errors.js';
import type { Command } from '../command.js';

const DAY_MS = 24 * 3600 * 1000;

export const command: Command = {
  name: 'doctor',
  summary: 'Check the configuration and, live, the credentials of every enabled network.',
  usage: 'crieur doctor [--json]',
  options: { json: { type: 'boolean' } },
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const lines: string[] = [`config: ${loaded.path} (ok)`, `data: ${loaded.dataDir}`];
    const results: Array<Record<string, unknown>> = [];
    let bad = 0;
    try {
      checkBrandingContrast(loaded.config.branding);
    } catch (error) {
      bad++;
      if (error instanceof CrieurError) lines.push(`branding: ${error.message}\n  ${error.messageFr}`);
    }
    const { adapters, problems } = createAdapters(loaded, { dryRun: false });
    for (const network of loaded.config.networks) {
      const label = NETWORK_LABELS[network];
      const problem = problems.get(network);
      if (problem) {
        bad++;
        results.push({ network, ok: false, class: 'config', message: problem.message, messageFr: problem.messageFr });
        lines.push(`✗ ${label}: ${problem.message}\n    ${problem.messageFr}`);
        continue;
      }
      const adapter = adapters.get(network);
      if (!adapter) continue;
      try {
        const account = await adapter.verify();
        const expiry = !account.expiresAt
          ? ''
          : account.renewsAutomatically
            ? `, session valid until ${account.expiresAt.toISOString()} (renewed automatically)`
            : `, token expires ${account.expiresAt.toISOString()} (in ${Math.floor((account.expiresAt.getTime() - Date.now()) / DAY_MS)} days)`;
        results.push({ network, ok: true, account: account.account, expiresAt: account.expiresAt?.toISOString() });
        lines.push(`✓ ${label}: ${account.account}${expiry}`);
      } catch (error) {
        bad++;
        const failure =
          error instanceof PublishError
            ? { class: error.failureClass, message: error.message, messageFr: error.messageFr }
            : { class: 'internal', message: (error as Error).message, messageFr: 'erreur inattendue' };
        results.push({ network, ok: false, ...failure });
        lines.push(`✗ ${label}: ${failure.message}\n    ${failure.messageFr}`);
      }
    }
    io.stdout.write(
      args.values.json ? `${JSON.stringify({ ok: bad === 0, networks: results }, null, 2)}\n` : `${lines.join('\n')}\n`,
    );
    return bad === 0 ? 0 : 1;
  },
};
