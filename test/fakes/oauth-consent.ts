import type { ServerResponse } from 'node:http';

/** A network's consent page, as a person sees it: the app asks, Autoriser or Refuser. */
export function consentPage(
  res: ServerResponse,
  input: { network: string; app: string; scopes: string[]; allow: string; deny: string },
): void {
  const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escape(input.network)} — autorisation</title></head>
<body><h1>${escape(input.network)}</h1><p>L’application <strong>${escape(input.app)}</strong> demande : ${input.scopes.map(escape).join(', ')}</p>
<p><a id="allow" href="${escape(input.allow)}">Autoriser</a> <a id="deny" href="${escape(input.deny)}">Refuser</a></p></body></html>`);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

export function formBody(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}
