import { openConnections } from '../../connections/connections.js';
import { CONNECTABLE, isConnectable } from '../../connections/types.js';
import { CrieurError } from '../../errors.js';
import { networkLabel } from '../../networks/index.js';
import { systemUserName } from '../../queue/context.js';
import { withQueue } from '../../queue/open-queue.js';
import type { Command } from '../command.js';
import { requirePositional } from './args.js';

export const command: Command = {
  name: 'disconnect',
  summary: 'Forget the account connected for a network (its tokens are deleted from the store).',
  usage: `crieur disconnect ${CONNECTABLE.join('|')}`,
  options: {},
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const network = requirePositional(args, 0, 'network', 'réseau');
    if (!isConnectable(network)) {
      throw new CrieurError(
        `unknown network "${network}"; expected ${CONNECTABLE.join(', ')}`,
        `réseau inconnu « ${network} » ; attendu : ${CONNECTABLE.join(', ')}`,
      );
    }
    const removed = await withQueue(loadConfig(), (context) =>
      openConnections(context, undefined).disconnect(network, systemUserName(io.env)),
    );
    io.stdout.write(
      removed
        ? `${networkLabel(network)} disconnected. / ${networkLabel(network)} déconnecté.\n`
        : `${networkLabel(network)} was not connected. / ${networkLabel(network)} n’était pas connecté.\n`,
    );
    return 0;
  },
};
