import type { FastifyInstance } from 'fastify';
import { findUser } from '../../users/accounts.js';
import { hashPassword, verifyPassword } from '../../users/passwords.js';
import { frameFor, sendHtml } from '../respond.js';
import type { WebDeps } from '../types.js';
import { loginPage } from '../views/forms-pages.js';

interface LoginBody {
  name?: unknown;
  password?: unknown;
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
    return sendHtml(reply, loginPage(frameFor(request, reply), {}));
  });

  app.post<{ Body: LoginBody }>(
    '/connexion',
    {
      config: {
        public: true,
        rateLimit: {
          max: limit.max,
          timeWindow: limit.timeWindowMs,
          hook: 'preHandler',
          keyGenerator: (request) => {
            const body = request.body as LoginBody | undefined;
            const name = typeof body?.name === 'string' ? body.name.trim().toLocaleLowerCase('fr-CA') : '';
            return `${request.ip}|${name}`;
          },
          errorResponseBuilder: (_request, context) =>
            Object.assign(new Error(`too many login attempts; retry after ${context.after}`), { statusCode: 429 }),
        },
      },
    },
    async (request, reply) => {
      const name = typeof request.body?.name === 'string' ? request.body.name.normalize('NFC').trim() : '';
      const password = typeof request.body?.password === 'string' ? request.body.password : '';
      const user = name === '' ? null : findUser(deps.queue, name);
      const hash = user?.passwordHash ?? (await decoyHash());
      const ok = (await verifyPassword(hash, password)) && user !== null && user.passwordHash !== null;
      if (!ok || user === null) {
        request.log.warn({ name }, 'failed login');
        return sendHtml(
          reply.code(401),
          loginPage(frameFor(request, reply), { error: 'Nom d’utilisateur ou mot de passe incorrect.', name }),
        );
      }
      // A new session id at sign-in: a session id planted before login is worth nothing after it.
      await request.session.regenerate();
      request.session.userName = user.name;
      request.log.info({ name: user.name, role: user.role }, 'signed in');
      return reply.redirect('/', 303);
    },
  );

  app.post('/deconnexion', { config: { public: true } }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/connexion', 303);
  });
}
