import type { NetworkId } from '../../src/networks/index.js';
import { graphErrorFault } from '../fakes/facebook-server.js';
import type { Fault } from '../fakes/fault-script.js';

export type FaultKind = 'rate-limit' | 'server-error' | 'unavailable' | 'hang' | 'reset' | 'accept-then-drop';
export const FAULT_KINDS: FaultKind[] = [
  'rate-limit',
  'server-error',
  'unavailable',
  'hang',
  'reset',
  'accept-then-drop',
];

/** A small seeded generator (mulberry32): the same seed gives the same fault sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The fault of `kind` as `network` would really send it: rate limits carry the network's own reset
 * information (a reset 1–2 s away), errors the network's own error body.
 */
export function networkFault(network: NetworkId, kind: FaultKind, options: { facebookPageId: string }): Fault {
  const resetSeconds = Math.ceil(Date.now() / 1000) + 1;
  switch (kind) {
    case 'hang':
    case 'reset':
    case 'accept-then-drop':
      return { kind };
    case 'rate-limit':
      switch (network) {
        case 'x':
          return {
            kind: 'respond',
            status: 429,
            headers: {
              'x-rate-limit-limit': '100',
              'x-rate-limit-remaining': '0',
              'x-rate-limit-reset': String(resetSeconds),
            },
            body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
          };
        case 'bluesky':
          return {
            kind: 'respond',
            status: 429,
            headers: { 'ratelimit-limit': '30', 'ratelimit-remaining': '0', 'ratelimit-reset': String(resetSeconds) },
            body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
          };
        case 'linkedin':
          return {
            kind: 'respond',
            status: 429,
            body: { status: 429, message: 'Resource level throttle APPLICATION DAY limit for calls to this resource' },
          };
        default:
          // Graph signals limits with code 32 and the usage header; 0 minutes means "soon".
          return graphErrorFault('page-rate-limit', options.facebookPageId, 0);
      }
    case 'server-error':
    case 'unavailable': {
      const status = kind === 'server-error' ? 500 : 503;
      switch (network) {
        case 'x':
          return { kind: 'respond', status, body: { title: 'Service Unavailable', type: 'about:blank', status } };
        case 'bluesky':
          return { kind: 'respond', status, body: { error: 'InternalServerError', message: 'Internal Server Error' } };
        case 'linkedin':
          return { kind: 'respond', status, body: { status, message: 'Internal Server Error' } };
        default:
          return graphErrorFault(kind === 'server-error' ? 'transient' : 'unavailable', options.facebookPageId);
      }
    }
  }
}

/** Fails `rate` of the requests at random (seeded), with a fault kind drawn uniformly from `kinds`. */
export function randomFaults(
  network: NetworkId,
  random: () => number,
  options: { rate: number; kinds?: FaultKind[]; facebookPageId: string; onFault?: (kind: FaultKind) => void },
): () => Fault | undefined {
  const kinds = options.kinds ?? FAULT_KINDS;
  return () => {
    if (random() >= options.rate) return undefined;
    const kind = kinds[Math.floor(random() * kinds.length)] ?? 'server-error';
    options.onFault?.(kind);
    return networkFault(network, kind, options);
  };
}
