import { openConnections } from '../../connections/connections.js';
import { accountStatuses } from '../../connections/status.js';
import { networkLabel } from '../../networks/index.js';
import { withQueue } from '../../queue/open-queue.js';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'accounts',
  summary:
    'Show, per network, where its credentials come from (env, store, none), the account, its expiry and last use.',
  usage: 'crieur accounts [--json]',
  options: { json: { type: 'boolean' } },
  maxPositionals: 0,
  async run(args, { io, loadConfig }) {
    const loaded = loadConfig();
    // Only what is shown in clear is read: no key is needed to list.
    const statuses = await withQueue(loaded, (context) =>
      accountStatuses(loaded.env, loaded.config.networks, openConnections(context, undefined)),
    );
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify({ networks: statuses }, null, 2)}\n`);
      return 0;
    }
    for (const status of statuses) {
      const label = networkLabel(status.network).padEnd(9);
      if (status.source === 'env') {
        io.stdout.write(
          `${label} env    ${status.variable}${status.overridden ? ` (wins over the connected account ${status.account})` : ''}\n`,
        );
      } else if (status.source === 'none') {
        io.stdout.write(`${label} none   not connected: crieur connect ${status.network}, or the « Comptes » page\n`);
      } else {
        io.stdout.write(
          `${label} store  ${status.account}${status.name && status.name !== status.account?.replace(/^@/, '') ? ` (${status.name})` : ''}, expires ${status.expiresAt ?? 'never'}${status.renewable ? ' (renewed automatically)' : ''}, last used ${status.lastUsedAt ?? 'never'}, connected by ${status.connectedBy} ${status.connectedAt}\n`,
        );
      }
    }
    return 0;
  },
};
