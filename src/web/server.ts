import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import type { LoadedConfig } from '../config/load.js';
import type { Connections } from '../connections/connections.js';
import { connectionsFor } from '../connections/open.js';
import { CrieurError } from '../errors.js';
import { frenchBytes } from '../i18n/sizes.js';
import type { Logger } from '../log.js';
import type { QueueContext } from '../queue/context.js';
import { DatabaseUnavailableError } from '../queue/store-failure.js';
import { findUser } from '../users/accounts.js';
import { SqliteSessionStore, sessionSecret } from '../users/session-store.js';
import { type Capability, can, ROLE_LABELS } from './permissions.js';
import { frameFor, sendHtml } from './respond.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerDraftFormatRoute } from './routes/draft-format.js';
import { registerDraftRoutes } from './routes/drafts.js';
import { registerFollowUpRoutes } from './routes/follow-ups.js';
import { registerImportRoutes } from './routes/import.js';
import { registerNewUpdateRoutes } from './routes/new-update.js';
import { registerRecordRoutes } from './routes/records.js';
import { registerRehearsalRoutes } from './routes/rehearsals.js';
import { registerSiteRoutes } from './routes/site.js';
import type { PublishNow, WebDeps } from './types.js';
import { messagePage } from './views/forms-pages.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in (login page, style sheet, scripts). */
    public?: boolean;
    /** What the signed-in person's role must allow; checked before the handler runs. */
    capability?: Capability;
    /** The route checks its own form token (the login form, before any session exists). */
    ownCsrf?: boolean;
  }
}

export interface WebServerOptions {
  queue: QueueContext;
  loaded: LoadedConfig;
  log: Logger;
  host?: string;
  port?: number;
  now?: () => Date;
  /** Failed or not, login attempts per name and address within the window (default 5 in 10 minutes). */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Called after an approval, so the scheduler of the same process acts at once (a 9:10 approval posts now). */
  onApproved?: () => void;
  /** The service runs in dry run: nothing is sent, and the page says so. */
  dryRun?: boolean;
  /** Publishes a date's approved (or failed) drafts of one network at once, as `publish --now` does. */
  publishNow?: PublishNow;
  /** The connected accounts (opened from the configuration's key when absent). */
  connections?: Connections;
}

const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
// Room for a Word document at its 5 MB limit, so it is refused with a message rather than cut.
const UPLOAD_LIMIT_BYTES = 6_000_000;

const FRENCH_CAPABILITY: Record<Capability, string> = {
  view: 'de consulter cette page',
  edit: 'de modifier un brouillon',
  approve: 'd’approuver un brouillon',
  reject: 'de rejeter un brouillon',
  import: 'd’importer une mise à jour',
  rehearse: 'de lancer une répétition',
  operate: 'de lancer une publication en retard ou une reprise',
  connect: 'de gérer les comptes des réseaux',
};

/** The approval web page as a Fastify instance, not listening yet (tests use `inject`). */
export async function buildWebApp(options: Omit<WebServerOptions, 'host' | 'port'>): Promise<FastifyInstance> {
  const now = options.now ?? options.queue.now;
  const deps: WebDeps = {
    queue: options.queue,
    loaded: options.loaded,
    log: options.log,
    now,
    onApproved: options.onApproved ?? (() => {}),
    dryRun: options.dryRun ?? false,
    publishNow: options.publishNow,
    connections: options.connections ?? connectionsFor(options.loaded, options.queue),
  };
  const app = Fastify({
    loggerInstance: options.log.child({ component: 'web' }) as FastifyBaseLogger,
    // One line per request would drown the scheduler's log; failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    bodyLimit: 1024 * 1024,
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Served over plain HTTP on the loopback interface; a TLS proxy in front sets its own HSTS.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: sessionSecret(options.queue.store.db),
    cookieName: 'crieur_session',
    saveUninitialized: false,
    store: new SqliteSessionStore({ db: options.queue.store.db, now, maxAgeMs: SESSION_MAX_AGE_MS }),
    // Plain HTTP on the loopback interface: `secure: 'auto'` would also weaken SameSite to Lax there.
    cookie: { httpOnly: true, sameSite: 'strict', secure: false, path: '/', maxAge: SESSION_MAX_AGE_MS },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session', getToken: csrfToken });
  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 6 },
  });
  await app.register(fastifyRateLimit, { global: false });

  app.decorateRequest('user', null);
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.routeOptions.config.ownCsrf === true) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });
  app.addHook('preHandler', async (request, reply) => {
    const name = request.session.userName;
    const record = name === undefined ? null : findUser(deps.queue, name);
    request.user = record === null ? null : { name: record.name, role: record.role };
    const config = request.routeOptions.config;
    if (config.public === true) return;
    if (request.user === null) {
      if (request.method === 'GET') return reply.redirect('/connexion', 303);
      return sendHtml(
        reply.code(401),
        messagePage(frameFor(request, reply), {
          title: 'Session expirée',
          message: 'Votre session a expiré. Connectez-vous de nouveau, puis recommencez.',
          back: { href: '/connexion', label: 'Se connecter' },
        }),
      );
    }
    const capability = config.capability ?? 'view';
    if (!can(request.user.role, capability)) {
      return sendHtml(
        reply.code(403),
        messagePage(frameFor(request, reply), {
          title: 'Action non permise',
          message: `Votre rôle (${ROLE_LABELS[request.user.role]}) ne permet pas ${FRENCH_CAPABILITY[capability]}.`,
          back: { href: '/', label: 'Retour à la file d’attente' },
        }),
      );
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const { title, message, status } = describeError(error);
    if (status >= 500) request.log.error({ err: error }, 'web request failed');
    else request.log.warn({ code: error.code, status, url: request.url }, error.message);
    if (request.url.startsWith('/api/')) return reply.code(status).send({ error: message });
    return sendHtml(
      reply.code(status),
      messagePage(frameFor(request, reply), { title, message, back: backLink(request) }),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendHtml(
      reply.code(404),
      messagePage(frameFor(request, reply), {
        title: 'Page introuvable',
        message: 'Cette page n’existe pas.',
        back: { href: '/', label: 'Retour à la file d’attente' },
      }),
    ),
  );

  registerAssetRoutes(app);
  registerAuthRoutes(app, deps, options.loginRateLimit ?? { max: 5, timeWindowMs: 10 * 60_000 });
  registerDraftRoutes(app, deps);
  registerDraftFormatRoute(app, deps);
  registerRecordRoutes(app, deps);
  registerFollowUpRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerNewUpdateRoutes(app, deps);
  registerRehearsalRoutes(app, deps);
  registerSiteRoutes(app, deps);
  registerAccountRoutes(app, deps);
  return app;
}

/** Starts the page on `host:port` (default from `web` in the configuration: 127.0.0.1:8787). */
export async function startWebServer(options: WebServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const app = await buildWebApp(options);
  const host = options.host ?? options.loaded.config.web.host;
  const port = options.port ?? options.loaded.config.web.port;
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actualPort}`, close: () => app.close() };
}

/** Forms send the token as a field (URL-encoded or multipart); the count script as a header. */
function csrfToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const field = body?._csrf;
  if (typeof field === 'string') return field;
  if (typeof field === 'object' && field !== null && 'value' in field && typeof field.value === 'string') {
    return field.value;
  }
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

function describeError(error: Error & { statusCode?: number; code?: string }): {
  title: string;
  message: string;
  status: number;
} {
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return {
      title: 'Formulaire expiré',
      message:
        'Le jeton de sécurité du formulaire est absent ou n’est plus valide. Rechargez la page, puis recommencez.',
      status: 403,
    };
  }
  if (error.statusCode === 429) {
    return {
      title: 'Trop de tentatives',
      message: 'Trop de tentatives de connexion. Attendez quelques minutes avant de réessayer.',
      status: 429,
    };
  }
  if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.statusCode === 413) {
    return {
      title: 'Fichier trop volumineux',
      message: `Le fichier dépasse la limite de ${frenchBytes(UPLOAD_LIMIT_BYTES)} : une mise à jour est un court texte ou un document Word.`,
      status: 413,
    };
  }
  if (error instanceof CrieurError) return { title: 'Demande refusée', message: error.messageFr, status: 400 };
  if (error instanceof DatabaseUnavailableError) {
    return {
      title: 'Base de données injoignable',
      message:
        'La page ne joint pas la base de données pour le moment\u00a0: rien n’a été enregistré. Réessayez dans quelques instants\u00a0; si cela dure, prévenez l’administrateur.',
      status: 503,
    };
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return { title: 'Demande invalide', message: 'La demande n’a pas pu être traitée.', status: error.statusCode };
  }
  return {
    title: 'Erreur interne',
    message: 'Une erreur inattendue est survenue; elle a été consignée. Réessayez, ou prévenez l’administrateur.',
    status: 500,
  };
}

function backLink(request: FastifyRequest): { href: string; label: string } {
  return request.user === null
    ? { href: '/connexion', label: 'Se connecter' }
    : { href: '/', label: 'Retour à la file d’attente' };
}
