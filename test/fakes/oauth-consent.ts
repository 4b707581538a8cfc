import type { ServerResponse } from 'node:http';

/** A network's consent page, as a person sees it: the app asks, Autoriser or Refuser. */
export function consentPage(
  res: ServerResponse,
  input: { network: string; app: string; scopes: string[]; allow: string; deny: string },
): void {
  const esc = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${esc(input.network)} — autorisation</title></head>
<body><h1>${esc(input.network)}</h1><p>L’application <strong>${esc(input.app)}</strong> demande : ${input.scopes.map(esc).join(', ')}</p>
<p><a id="allow" href="${esc(input.allow)}">Autoriser</a> <a id="deny" href="${esc(input.deny)}">Refuser</a></p></body></html>`);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

export function formBody(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}
