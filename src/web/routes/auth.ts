import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normaliseActor } from '../../queue/context.js';
import { findUser } from '../../users/accounts.js';
import { hashPassword, verifyPassword } from '../../users/passwords.js';
import { sendHtml } from '../respond.js';
import type { WebDeps } from '../types.js';
import { loginPage, messagePage } from '../views/forms-pages.js';

interface LoginBody {
  name?: unknown;
  password?: unknown;
  _csrf?: unknown;
}

/**
 * The login form's token lives in a cookie of its own (double submit), not in a stored session: a
 * visitor who only opens the login page leaves nothing in the store.
 */
const LOGIN_COOKIE = 'crieur_login';
const LOGIN_COOKIE_MAX_AGE_S = 60 * 60;

/** The rate limit's key for a name: every spelling of one name (NFC or NFD, any case) shares its tries. */
export function loginKey(ip: string, name: unknown): string {
  return `${ip}|${typeof name === 'string' ? normaliseActor(name) : ''}`;
}

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: WebDeps,
  limit: { max: number; timeWindowMs: number },
): void {
  // Checked against when the name is unknown, so a wrong name takes as long as a wrong password.
  let decoy: Promise<string> | undefined;
  const decoyHash = () => {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    return decoy;
  };

  app.get('/connexion', { config: { public: true } }, (request, reply) => {
    if (request.user !== null) return reply.redirect('/', 303);
    return sendHtml(reply, loginPage(loginFrame(request, reply), {}));
  });

  app.post<{ Body: LoginBody }>(
    '/connexion',
    {
      config: {
        public: true,
        ownCsrf: true,
        rateLimit: {
          max: limit.max,
          timeWindow: limit.timeWindowMs,
          hook: 'preHandler',
          keyGenerator: (request) => loginKey(request.ip, (request.body as LoginBody | undefined)?.name),
          errorResponseBuilder: (_request, context) =>
            Object.assign(new Error(`too many login attempts; retry after ${context.after}`), { statusCode: 429 }),
        },
      },
    },
    async (request, reply) => {
      if (!loginTokenMatches(request)) {
        request.log.warn({ status: 403 }, 'login form without a valid token');
        return sendHtml(
          reply.code(403),
          messagePage(loginFrame(request, reply), {
            title: 'Formulaire expiré',
            message:
              'Le jeton de sécurité du formulaire est absent ou n’est plus valide. Rechargez la page, puis recommencez.',
            back: { href: '/connexion', label: 'Se connecter' },
          }),
        );
      }
      const name = typeof request.body?.name === 'string' ? request.body.name.normalize('NFC').trim() : '';
      const password = typeof request.body?.password === 'string' ? request.body.password : '';
      const user = name === '' ? null : findUser(deps.queue, name);
      const hash = user?.passwordHash ?? (await decoyHash());
      const ok = (await verifyPassword(hash, password)) && user !== null && user.passwordHash !== null;
      if (!ok || user === null) {
        // What was typed is never logged: a password typed in the name field would end up in the log.
        request.log.warn(user === null ? { knownAccount: false } : { account: user.name }, 'failed login');
        return sendHtml(
          reply.code(401),
          loginPage(loginFrame(request, reply), { error: 'Nom d’utilisateur ou mot de passe incorrect.', name }),
        );
      }
      // A new session id at sign-in: a session id planted before login is worth nothing after it.
      await request.session.regenerate();
      request.session.userName = user.name;
      reply.clearCookie(LOGIN_COOKIE, { path: '/connexion' });
      request.log.info({ name: user.name, role: user.role }, 'signed in');
      return reply.redirect('/', 303);
    },
  );

  app.post('/deconnexion', { config: { public: true } }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/connexion', 303);
  });
}

/** The login page's frame: its token from the login cookie (made when absent), no session touched. */
function loginFrame(request: FastifyRequest, reply: FastifyReply) {
  const existing = request.cookies[LOGIN_COOKIE];
  const token =
    existing !== undefined && /^[A-Za-z0-9_-]{32}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
  reply.setCookie(LOGIN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: false,
    path: '/connexion',
    maxAge: LOGIN_COOKIE_MAX_AGE_S,
  });
  return { user: null, csrf: token, flash: [] };
}

function loginTokenMatches(request: FastifyRequest<{ Body: LoginBody }>): boolean {
  const cookie = request.cookies[LOGIN_COOKIE];
  const field = request.body?._csrf;
  if (cookie === undefined || typeof field !== 'string') return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(field);
  return a.length === b.length && timingSafeEqual(a, b);
}
