import { ConnectError } from '../src/connections/errors.js';
import { deadline } from './deadline.js';

/** One OAuth request: JSON answer on 2xx, a ConnectError naming the network's error otherwise. */
export async function oauthRequest(
  label: string,
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const timeout = deadline(timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(url, { ...init, signal: timeout.signal });
    text = await response.text();
  } catch (error) {
    throw new ConnectError(
      `${label} could not be reached (${(error as Error).message})`,
      `${label} ne répond pas pour le moment; réessayez dans quelques minutes`,
      { cause: error },
    );
  } finally {
    timeout.clear();
  }
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    body = { raw: text.slice(0, 200) };
  }
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (response.ok) return record;
  const nested = record.error as Record<string, unknown> | string | undefined;
  const code = typeof nested === 'string' ? nested : String(nested?.code ?? response.status);
  const description = String(
    record.error_description ?? (typeof nested === 'object' ? nested?.message : undefined) ?? record.message ?? '',
  );
  throw new ConnectError(
    `${label} refused: HTTP ${response.status} ${code}${description ? `: ${description}` : ''}`,
    `${label} refuse la connexion (${code})${description.match(/expired|expir/i) ? ' : l’autorisation a expiré, recommencez' : ' : recommencez la connexion'}`,
  );
}
