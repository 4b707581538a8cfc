import { oauthProvider } from '../../app/registry.js';
import { accountsPageUrl } from '../../app/token-watch.js';
import { ConnectError } from '../../connections/errors.js';
import { chooseOAuth, finishOAuth, type OAuthNetwork, startOAuth } from '../../connections/oauth-flow.js';
import { connectionsFor } from '../../connections/open.js';
import { CrieurError } from '../../errors.js';
import { networkLabel } from '../../networks/index.js';
import { systemUserName } from '../../queue/context.js';
import { withQueue } from '../../queue/open-queue.js';
import type { CommandArgs, CommandContext } from '../command.js';
import { stringOption } from './args.js';

/** How long `crieur connect` waits for the network to call the page back. */
const WAIT_MS = 15 * 60 * 1000;
const POLL_MS = 1000;

/**
 * `crieur connect linkedin|facebook|x`: prints the authorisation URL, then waits until the page
 * (`crieur run`) receives the callback and the account is connected. With `--code` and `--state`
 * (what the network put in the return address), ends the connection here instead; `--choose` picks
 * the organisation or Page when there are several.
 */
export async function connectWithOAuth(
  network: OAuthNetwork,
  args: CommandArgs,
  context: CommandContext,
): Promise<number> {
  const { io } = context;
  const loaded = context.loadConfig();
  const by = systemUserName(io.env);
  const code = stringOption(args, 'code');
  const state = stringOption(args, 'state');
  const choice = stringOption(args, 'choose');
  const label = networkLabel(network);
  return withQueue(loaded, async (queue) => {
    const connections = connectionsFor(loaded, queue, io.cwd);
    const deps = {
      connections,
      provider: await oauthProvider(network, loaded.env, queue.now),
      redirectUri: `${accountsPageUrl(loaded)}/${network}/retour`,
    };
    if (choice !== undefined && code === undefined && state !== undefined) {
      // The second step, after a first run listed the choices under this `--state`.
      const account = chooseOAuth(deps, network, state, choice, by);
      io.stdout.write(`${label} connected: ${account.handle}.\n`);
      return 0;
    }
    if (code !== undefined || state !== undefined) {
      if (code === undefined || state === undefined) {
        throw new CrieurError('--code and --state go together', '--code et --state vont ensemble');
      }
      const query: Record<string, string> = network === 'x' ? { state, oauth_verifier: code } : { state, code };
      const result = await finishOAuth(deps, network, query);
      if (result.kind === 'connected') {
        io.stdout.write(`${label} connected: ${result.account.handle}.\n`);
        return 0;
      }
      if (choice === undefined || !result.choices.some((item) => item.id === choice)) {
        io.stdout.write(
          `${label}: choose one within 30 minutes with crieur connect ${network} --state ${result.hold} --choose ID:\n${result.choices
            .map((item) => `  ${item.id}  ${item.name}`)
            .join('\n')}\n`,
        );
        if (choice === undefined) return 2;
        throw new ConnectError(
          `--choose ${choice} is not one of the choices`,
          `--choose ${choice} ne fait pas partie des choix`,
        );
      }
      const account = chooseOAuth(deps, network, result.hold, choice, by);
      io.stdout.write(`${label} connected: ${account.handle}.\n`);
      return 0;
    }
    if (choice !== undefined) {
      throw new CrieurError('--choose needs --state', '--choose demande --state');
    }
    const started = queue.now();
    const { url, state: newState } = await startOAuth(deps, network, by);
    io.stdout.write(
      `Open this address in a browser and authorise crieur on ${label}:\n\n  ${url}\n\nWaiting for ${label} to call the page back (${deps.redirectUri}; \`crieur run\` must be running)…\nOr end it here: crieur connect ${network} --state ${newState} --code CODE\n`,
    );
    if (args.values['no-wait'] === true) return 0;
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const account = connections.get(network);
      if (account !== null && account.connectedAt.getTime() >= started.getTime() - 1000) {
        io.stdout.write(`${label} connected: ${account.handle}.\n`);
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new CrieurError(
      `${label} did not call back within 15 minutes: run crieur connect ${network} again`,
      `${label} n’a pas répondu dans les 15 minutes : relancez crieur connect ${network}`,
      { exitCode: 1 },
    );
  });
}
