import { blueskyLogin } from '../../app/registry.js';
import { connectBluesky } from '../../connections/bluesky.js';
import { connectionsFor } from '../../connections/open.js';
import { CONNECTABLE } from '../../connections/types.js';
import { CrieurError } from '../../errors.js';
import { systemUserName } from '../../queue/context.js';
import { withQueue } from '../../queue/open-queue.js';
import type { Command } from '../command.js';
import { readTextFile, requirePositional, stringOption } from './args.js';
import { connectWithOAuth } from './connect-oauth.js';

export const command: Command = {
  name: 'connect',
  summary:
    'Connect a network account: Bluesky with an app password, LinkedIn, Facebook and X through their authorisation page.',
  usage:
    'crieur connect bluesky --handle H --app-password-file F [--service URL]\n       crieur connect linkedin|facebook|x [--no-wait | --code CODE --state STATE [--choose ID]]',
  options: {
    handle: { type: 'string' },
    'app-password-file': { type: 'string' },
    service: { type: 'string' },
    code: { type: 'string' },
    state: { type: 'string' },
    choose: { type: 'string' },
    'no-wait': { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(args, context) {
    const { io, loadConfig } = context;
    const network = requirePositional(args, 0, 'network', 'réseau');
    if (network !== 'bluesky') {
      if (network === 'linkedin' || network === 'facebook' || network === 'x') {
        return connectWithOAuth(network, args, context);
      }
      throw new CrieurError(
        `unknown network "${network}"; expected ${CONNECTABLE.join(', ')}`,
        `réseau inconnu « ${network} » ; attendu : ${CONNECTABLE.join(', ')}`,
      );
    }
    const handle = stringOption(args, 'handle');
    const file = stringOption(args, 'app-password-file');
    if (handle === undefined || file === undefined) {
      throw new CrieurError(
        'crieur connect bluesky needs --handle and --app-password-file (a file holding the app password)',
        'crieur connect bluesky demande --handle et --app-password-file (un fichier contenant le mot de passe d’application)',
      );
    }
    const appPassword = readTextFile(io.cwd, file, '--app-password-file');
    const loaded = loadConfig();
    const account = await withQueue(loaded, (queue) =>
      connectBluesky(
        connectionsFor(loaded, queue, io.cwd),
        {
          service: stringOption(args, 'service') ?? loaded.env.BLUESKY_SERVICE,
          handle,
          appPassword,
          by: systemUserName(io.env),
        },
        blueskyLogin,
      ),
    );
    io.stdout.write(
      `Bluesky connected: ${account.handle} (session renewed automatically${account.expiresAt ? `, until ${account.expiresAt.toISOString()} without use` : ''}).\n`,
    );
    return 0;
  },
};
