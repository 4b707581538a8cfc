import type { FastifyInstance, FastifyRequest } from 'fastify';
import { connectBluesky } from '../../connections/bluesky.js';
import {
  chooseOAuth,
  finishOAuth,
  heldChoices,
  isOAuthNetwork,
  type OAuthNetwork,
  startOAuth,
} from '../../connections/oauth-flow.js';
import { accountStatuses } from '../../connections/status.js';
import { isConnectable } from '../../connections/types.js';
import { CrieurError } from '../../errors.js';
import { networkLabel } from '../../networks/index.js';
import { addFlash, frameFor, sendHtml } from '../respond.js';
import type { WebDeps } from '../types.js';
import { accountsPage, blueskyConnectPage, choicePage, continuePage } from '../views/accounts-page.js';
import { messagePage } from '../views/forms-pages.js';

type Query = Record<string, string>;

/**
 * The « Comptes » page (administrators): connect, reconnect and disconnect each network's account.
 * The networks' return address is public (a cross-site redirect carries no strict session cookie):
 * the one-time `state` is what ties it to the administrator who started.
 */
export function registerAccountRoutes(app: FastifyInstance, deps: WebDeps): void {
  const { connections } = deps;
  const zone = deps.loaded.config.timezone;
  const show = (request: FastifyRequest, reply: Parameters<typeof frameFor>[1], error?: string) =>
    sendHtml(
      reply.code(error === undefined ? 200 : 422),
      accountsPage(frameFor(request, reply), {
        statuses: accountStatuses(deps.loaded.env, deps.loaded.config.networks, connections),
        hasKey: connections.hasKey,
        zone,
        now: deps.now(),
        ...(error === undefined ? {} : { error }),
      }),
    );
  const registry = () => import('../../app/registry.js');
  const redirectUri = (request: FastifyRequest, network: OAuthNetwork) =>
    `${(deps.loaded.env.CRIEUR_WEB_URL ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '')}/comptes/${network}/retour`;
  const flowDeps = async (request: FastifyRequest, network: OAuthNetwork) => ({
    connections,
    provider: await (await registry()).oauthProvider(network, deps.loaded.env, deps.now),
    redirectUri: redirectUri(request, network),
  });

  app.get('/comptes', { config: { capability: 'connect' } }, (request, reply) => show(request, reply));

  app.get('/comptes/bluesky/connecter', { config: { capability: 'connect' } }, (request, reply) =>
    sendHtml(
      reply,
      blueskyConnectPage(frameFor(request, reply), {
        service: deps.loaded.env.BLUESKY_SERVICE ?? 'https://bsky.social',
      }),
    ),
  );

  app.post<{ Body: Query }>(
    '/comptes/bluesky/connecter',
    { config: { capability: 'connect' } },
    async (request, reply) => {
      const body = request.body ?? {};
      try {
        const account = await connectBluesky(
          connections,
          {
            service: body.service,
            handle: body.handle ?? '',
            appPassword: body.appPassword ?? '',
            by: request.user!.name,
          },
          async (login) => (await registry()).blueskyLogin(login),
        );
        addFlash(request, { kind: 'ok', text: `Bluesky est connecté (${account.handle}).` });
        return reply.redirect('/comptes', 303);
      } catch (error) {
        if (!(error instanceof CrieurError) && !isPublishError(error)) throw error;
        return sendHtml(
          reply.code(422),
          blueskyConnectPage(frameFor(request, reply), {
            error: (error as { messageFr: string }).messageFr,
            handle: body.handle ?? '',
            service: body.service ?? '',
          }),
        );
      }
    },
  );

  app.post<{ Params: { network: string } }>(
    '/comptes/:network/connecter',
    { config: { capability: 'connect' } },
    async (request, reply) => {
      const { network } = request.params;
      if (!isOAuthNetwork(network)) return reply.callNotFound();
      try {
        connections.requireKey();
        const { url } = await startOAuth(await flowDeps(request, network), network, request.user!.name);
        // A redirect answering a form would break the page's form-action policy: the page goes on by itself.
        return sendHtml(
          reply,
          continuePage(frameFor(request, reply), {
            next: url,
            title: `Vers ${networkLabel(network)}`,
            message: `Vous allez être dirigé vers ${networkLabel(network)} pour autoriser Crieur.`,
          }),
        );
      } catch (error) {
        if (!(error instanceof CrieurError)) throw error;
        return show(request, reply, error.messageFr);
      }
    },
  );

  app.get<{ Params: { network: string }; Querystring: Query }>(
    '/comptes/:network/retour',
    { config: { public: true } },
    async (request, reply) => {
      const { network } = request.params;
      if (!isOAuthNetwork(network)) return reply.callNotFound();
      const frame = frameFor(request, reply);
      try {
        const result = await finishOAuth(await flowDeps(request, network), network, request.query);
        if (result.kind === 'choose') {
          return sendHtml(
            reply,
            continuePage(frame, {
              next: `/comptes/${network}/choix?attente=${encodeURIComponent(result.hold)}`,
              message: `${networkLabel(network)} a donné son accord. Il reste à choisir ${network === 'linkedin' ? 'l’organisation' : 'la Page'}.`,
            }),
          );
        }
        return sendHtml(
          reply,
          continuePage(frame, {
            next: `/comptes#compte-${network}`,
            message: `${networkLabel(network)} est connecté (${result.account.handle}).`,
          }),
        );
      } catch (error) {
        if (!(error instanceof CrieurError) && !isPublishError(error)) throw error;
        request.log.warn({ network, err: (error as Error).message }, 'network connection refused');
        return sendHtml(
          reply.code(400),
          messagePage(frame, {
            title: 'Connexion refusée',
            message: (error as { messageFr: string }).messageFr,
            back: { href: '/comptes', label: 'Retour aux comptes' },
            section: 'comptes',
          }),
        );
      }
    },
  );

  app.get<{ Params: { network: string }; Querystring: Query }>(
    '/comptes/:network/choix',
    { config: { capability: 'connect' } },
    (request, reply) => {
      const { network } = request.params;
      if (!isOAuthNetwork(network)) return reply.callNotFound();
      const hold = request.query.attente ?? '';
      try {
        const choices = heldChoices(connections, network, hold);
        return sendHtml(reply, choicePage(frameFor(request, reply), { network, hold, choices }));
      } catch (error) {
        if (!(error instanceof CrieurError)) throw error;
        return show(request, reply, error.messageFr);
      }
    },
  );

  app.post<{ Params: { network: string }; Body: Query }>(
    '/comptes/:network/choix',
    { config: { capability: 'connect' } },
    async (request, reply) => {
      const { network } = request.params;
      if (!isOAuthNetwork(network)) return reply.callNotFound();
      try {
        const account = chooseOAuth(
          await flowDeps(request, network),
          network,
          request.body?.attente ?? '',
          request.body?.choix ?? '',
          request.user!.name,
        );
        addFlash(request, { kind: 'ok', text: `${networkLabel(network)} est connecté (${account.handle}).` });
        return reply.redirect('/comptes', 303);
      } catch (error) {
        if (!(error instanceof CrieurError)) throw error;
        return show(request, reply, error.messageFr);
      }
    },
  );

  app.post<{ Params: { network: string } }>(
    '/comptes/:network/deconnecter',
    { config: { capability: 'connect' } },
    (request, reply) => {
      const { network } = request.params;
      if (!isConnectable(network)) return reply.callNotFound();
      const removed = connections.disconnect(network, request.user!.name);
      addFlash(request, {
        kind: removed ? 'ok' : 'warning',
        text: removed ? `${networkLabel(network)} est déconnecté.` : `${networkLabel(network)} n’était pas connecté.`,
      });
      return reply.redirect('/comptes', 303);
    },
  );
}

/** A network's refusal (AuthError…) carries a French message too. */
function isPublishError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { messageFr?: unknown }).messageFr === 'string';
}
