import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Flash } from './types.js';
import type { PageFrame } from './views/layout.js';

export function sendHtml(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/**
 * The user, a fresh CSRF token and the flash messages (taken: shown once). A visitor not signed in
 * gets no token: their pages have no form, and nothing is stored for them.
 */
export function frameFor(request: FastifyRequest, reply: FastifyReply): PageFrame {
  const flash = request.session?.flash ?? [];
  if (request.session?.flash !== undefined) request.session.flash = undefined;
  const csrf = request.session === undefined || !request.user ? '' : reply.generateCsrf();
  return { user: request.user ?? null, csrf, flash };
}

export function addFlash(request: FastifyRequest, flash: Flash): void {
  request.session.flash = [...(request.session.flash ?? []), flash];
}
