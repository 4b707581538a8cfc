import { PublishError } from '../../../adapters/errors.js';
import { createAdapters } from '../../../adapters/registry.js';
import { checkBrandingContrast } from '../../cards/contrast.js';
import { NETWORK_LABELS } from '../../compose/compose.js';
import {
  EXPIRY_WARNING_DAYS,
  expiryState,
  expiryVariable,
  type TokenExpiry,
  tokenExpiry,
} from '../../config/token-expiry.js';
import { CrieurError } from '../../errors.js';
import type { NetworkId } from '../../networks.js';
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
      let known: TokenExpiry | undefined;
      try {
        known = tokenExpiry(loaded.env, network);
      } catch (error) {
        if (!(error instanceof CrieurError)) throw error;
        bad++;
        results.push({ network, ok: false, class: 'config', message: error.message, messageFr: error.messageFr });
        lines.push(`✗ ${label}: ${error.message}\n    ${error.messageFr}`);
        continue;
      }
      try {
        const account = await adapter.verify();
        const expiresAt = known?.expiresAt ?? account.expiresAt;
        const state = expiresAt && !account.renewsAutomatically ? expiryState(expiresAt, new Date()) : undefined;
        const expiry = !expiresAt
          ? unknownExpiryHint(network)
          : account.renewsAutomatically
            ? `, session valid until ${expiresAt.toISOString()} (renewed automatically)`
            : `, token expires ${expiresAt.toISOString()} (in ${Math.floor((expiresAt.getTime() - Date.now()) / DAY_MS)} days)`;
        if (state?.state === 'expired') {
          bad++;
          const message = `token expired ${expiresAt!.toISOString()}: renew ${known?.tokenVariable ?? 'it'}`;
          const messageFr = `le jeton a expiré le ${expiresAt!.toISOString().slice(0, 10)} : il faut le renouveler`;
          results.push({ network, ok: false, class: 'auth', message, messageFr, expiresAt: expiresAt!.toISOString() });
          lines.push(`✗ ${label}: ${account.account}, ${message}\n    ${messageFr}`);
          continue;
        }
        const warning =
          state?.state === 'soon'
            ? `token expires in ${state.daysLeft} days (under ${EXPIRY_WARNING_DAYS}): renew ${known?.tokenVariable ?? 'it'} and ${known?.expiryVariable ?? 'its expiry'}`
            : undefined;
        results.push({
          network,
          ok: true,
          account: account.account,
          expiresAt: expiresAt?.toISOString(),
          ...(warning ? { warning } : {}),
        });
        lines.push(
          warning
            ? `⚠ ${label}: ${account.account}${expiry}\n    ${warning}`
            : `✓ ${label}: ${account.account}${expiry}`,
        );
      } catch (error) {
        bad++;
        const failure =
          error instanceof PublishError
            ? { class: error.failureClass, message: error.message, messageFr: error.messageFr }
            : { class: 'internal', message: (error as Error).message, messageFr: 'erreur inattendue' };
        // The written-down expiry still tells, when the network cannot be asked.
        const expiresAt = known?.expiresAt.toISOString();
        results.push({ network, ok: false, ...failure, ...(expiresAt ? { expiresAt } : {}) });
        const note = known
          ? `\n    ${known.expiryVariable}: token expires ${expiresAt} (in ${Math.floor((known.expiresAt.getTime() - Date.now()) / DAY_MS)} days)`
          : '';
        lines.push(`✗ ${label}: ${failure.message}\n    ${failure.messageFr}${note}`);
      }
    }
    io.stdout.write(
      args.values.json ? `${JSON.stringify({ ok: bad === 0, networks: results }, null, 2)}\n` : `${lines.join('\n')}\n`,
    );
    return bad === 0 ? 0 : 1;
  },
};

/** Networks whose token expiry crieur can only know from the operator. */
function unknownExpiryHint(network: NetworkId): string {
  const variable = expiryVariable(network);
  return variable ? `, token expiry unknown (set ${variable} to be warned ${EXPIRY_WARNING_DAYS} days ahead)` : '';
}
