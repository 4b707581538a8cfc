import { createAdapters } from '../../app/registry.js';
import { accountsPageUrl } from '../../app/token-watch.js';
import { checkBrandingContrast } from '../../cards/contrast.js';
import type { Env } from '../../config/env.js';
import {
  EXPIRY_WARNING_DAYS,
  expiryState,
  expiryVariable,
  type TokenExpiry,
  tokenExpiry,
} from '../../config/token-expiry.js';
import { type Connections, openConnections } from '../../connections/connections.js';
import { SecretKeyError } from '../../connections/errors.js';
import { connectionsFor } from '../../connections/open.js';
import { ACCOUNT_TOKEN_VARIABLE, credentialSource } from '../../connections/source.js';
import { isConnectable } from '../../connections/types.js';
import { CrieurError } from '../../errors.js';
import { type LeaseHealth, leaseHealth } from '../../leadership/lease-health.js';
import type { NetworkId } from '../../networks/index.js';
import { networkLabel } from '../../networks/index.js';
import type { AccountInfo, NetworkAdapter } from '../../publish/port.js';
import { PublishError } from '../../publish/port-errors.js';
import { checkPostgres, type DatabaseHealth, databaseLines } from '../../queue/database-health.js';
import { databaseUrl, hasStore, openQueue } from '../../queue/open-queue.js';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'doctor',
  summary: 'Check the configuration, the publishing lease and, live, the credentials of every enabled network.',
  usage: 'crieur doctor [--json]',
  options: { json: { type: 'boolean' } },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    const lines: string[] = [`config: ${loaded.path} (ok)`, `data: ${loaded.dataDir}`];
    const results: Array<Record<string, unknown>> = [];
    let bad = 0;
    let lease: LeaseHealth | undefined;
    try {
      checkBrandingContrast(loaded.config.branding);
    } catch (error) {
      bad++;
      if (error instanceof CrieurError) lines.push(`branding: ${error.message}\n  ${error.messageFr}`);
    }
    // On PostgreSQL, the database first: when it cannot be used, the rest is checked without it.
    const url = databaseUrl(loaded);
    const database: DatabaseHealth | undefined = url === undefined ? undefined : checkPostgres(url);
    if (database) {
      lines.push(...databaseLines(database));
      if (database.problem !== undefined) bad++;
    }
    // The accounts connected in the page, when there is a store to hold them.
    const queue = hasStore(loaded) && database?.reachable !== false ? openQueue(loaded) : undefined;
    try {
      if (queue) {
        lease = leaseHealth(queue.store, loaded.config.leaseSeconds, new Date());
        lines.push(...leaseLines(lease));
      }
      let connections: Connections | undefined;
      try {
        connections = queue ? connectionsFor(loaded, queue, io.cwd) : undefined;
      } catch (error) {
        if (!(error instanceof SecretKeyError) || !queue) throw error;
        bad++;
        lines.push(`✗ secret key: ${error.message}\n    ${error.messageFr}`);
        connections = openConnections(queue, undefined);
      }
      const { adapters, problems } = createAdapters(loaded, { dryRun: false, ...(connections ? { connections } : {}) });
      for (const network of loaded.config.networks) {
        const problem = problems.get(network);
        const adapter = adapters.get(network);
        if (!problem && !adapter) continue;
        const stored =
          connections && isConnectable(network) && credentialSource(loaded.env, network, connections) === 'store'
            ? connections.get(network)
            : null;
        const check = problem
          ? failed(network, { class: 'config', message: problem.message, messageFr: problem.messageFr })
          : stored === null &&
              connections &&
              isConnectable(network) &&
              credentialSource(loaded.env, network, connections) === 'none'
            ? failed(network, {
                class: 'config',
                message: `not connected: connect it in the « Comptes » page (${accountsPageUrl(loaded)}) or set ${ACCOUNT_TOKEN_VARIABLE[network]}`,
                messageFr: `${networkLabel(network)} n’est pas connecté : un administrateur doit le connecter dans la page « Comptes »`,
              })
            : await checkNetwork(
                network,
                adapter!,
                stored ? {} : loaded.env,
                loaded.config.timezone,
                new Date(),
                stored
                  ? { expiresAt: stored.expiresAt, renewable: stored.renewable, page: accountsPageUrl(loaded) }
                  : undefined,
              );
        if (!check.result.ok) bad++;
        results.push(stored ? { ...check.result, source: 'store' } : check.result);
        lines.push(check.line);
      }
    } finally {
      queue?.store.close();
    }
    io.stdout.write(
      args.values.json
        ? `${JSON.stringify({ ok: bad === 0, networks: results, ...(lease ? { lease } : {}), ...(database ? { database } : {}) }, null, 2)}\n`
        : `${lines.join('\n')}\n`,
    );
    return bad === 0 ? 0 : 1;
  },
};

/** Who publishes (the holder of the lease), until when, and the instances that went silent. */
function leaseLines(lease: LeaseHealth): string[] {
  const lines: string[] = [];
  if (lease.instances.length === 0) {
    lines.push('⚠ lease: no crieur run seen in the last minute; nothing is published until one runs');
  } else if (lease.leader) {
    const { leader } = lease;
    const standbys = lease.instances.length - 1;
    lines.push(
      `✓ lease: ${leader.id} (${leader.host} pid ${leader.pid}) publishes, token ${leader.token}, lease until ${leader.leaseExpiresAt}; ${standbys} standby${standbys === 1 ? '' : 's'}`,
    );
  }
  for (const warning of lease.warnings) lines.push(`⚠ lease: ${warning}`);
  return lines;
}

interface NetworkCheck {
  result: Record<string, unknown> & { ok: boolean };
  line: string;
}

interface Failure {
  class: string;
  message: string;
  messageFr: string;
}

function failed(network: NetworkId, failure: Failure, extra: { account?: string; expiry?: string } = {}): NetworkCheck {
  return {
    result: { network, ok: false, ...failure },
    line: `✗ ${networkLabel(network)}: ${extra.account ? `${extra.account}, ` : ''}${failure.message}\n    ${failure.messageFr}${extra.expiry ?? ''}`,
  };
}

/**
 * Asks the network who the credentials belong to, and weighs the token's expiry: from the network
 * when it says, else from the operator's note (LINKEDIN_TOKEN_EXPIRES_AT). Warns 14 days ahead;
 * an expired token fails.
 */
async function checkNetwork(
  network: NetworkId,
  adapter: NetworkAdapter,
  env: Env,
  zone: string,
  now: Date,
  stored?: { expiresAt: Date | null; renewable: boolean; page: string },
): Promise<NetworkCheck> {
  const label = networkLabel(network);
  let known: TokenExpiry | undefined;
  try {
    known = tokenExpiry(env, network, zone);
  } catch (error) {
    if (!(error instanceof CrieurError)) throw error;
    return failed(network, { class: 'config', message: error.message, messageFr: error.messageFr });
  }
  let account: AccountInfo;
  try {
    account = await adapter.verify();
  } catch (error) {
    const failure =
      error instanceof PublishError
        ? { class: error.failureClass, message: error.message, messageFr: error.messageFr }
        : { class: 'internal', message: (error as Error).message, messageFr: 'erreur inattendue' };
    // The written-down expiry still tells, when the network cannot be asked.
    if (!known) return failed(network, failure);
    const check = failed(network, failure, {
      expiry: `\n    ${known.expiryVariable}: token expires ${known.expiresAt.toISOString()} (in ${expiryState(known.expiresAt, now).daysLeft} days)`,
    });
    return { ...check, result: { ...check.result, expiresAt: known.expiresAt.toISOString() } };
  }
  const expiresAt = known?.expiresAt ?? stored?.expiresAt ?? account.expiresAt;
  if (!expiresAt) {
    return {
      result: { network, ok: true, account: account.account },
      line: `✓ ${label}: ${account.account}${unknownExpiryHint(network)}`,
    };
  }
  const iso = expiresAt.toISOString();
  if (account.renewsAutomatically || stored?.renewable) {
    return {
      result: { network, ok: true, account: account.account, expiresAt: iso },
      line: `✓ ${label}: ${account.account}, ${stored && network !== 'bluesky' ? 'token' : 'session'} valid until ${iso} (renewed automatically)`,
    };
  }
  const state = expiryState(expiresAt, now);
  const renew = stored
    ? `it: reconnect the account in the « Comptes » page (${stored.page})`
    : known
      ? `${known.tokenVariable} and ${known.expiryVariable}`
      : 'the token';
  if (state.state === 'expired') {
    const check = failed(
      network,
      {
        class: 'auth',
        message: `token expired ${iso}: renew ${renew}`,
        messageFr: `le jeton a expiré le ${iso.slice(0, 10)} : il faut le renouveler`,
      },
      { account: account.account },
    );
    return { ...check, result: { ...check.result, expiresAt: iso } };
  }
  const expiry = `, token expires ${iso} (in ${state.daysLeft} days)`;
  if (state.state === 'soon') {
    const warning = `token expires in ${state.daysLeft} days (under ${EXPIRY_WARNING_DAYS}): renew ${renew}`;
    return {
      result: { network, ok: true, account: account.account, expiresAt: iso, warning },
      line: `⚠ ${label}: ${account.account}${expiry}\n    ${warning}`,
    };
  }
  return {
    result: { network, ok: true, account: account.account, expiresAt: iso },
    line: `✓ ${label}: ${account.account}${expiry}`,
  };
}

/** Networks whose token expiry crieur can only know from the operator. */
function unknownExpiryHint(network: NetworkId): string {
  const variable = expiryVariable(network);
  return variable ? `, token expiry unknown (set ${variable} to be warned ${EXPIRY_WARNING_DAYS} days ahead)` : '';
}
