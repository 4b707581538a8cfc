import { BLUESKY } from './bluesky.js';
import { FACEBOOK } from './facebook.js';
import { LINKEDIN } from './linkedin.js';
import { SITE } from './site.js';
import type { NetworkFacts } from './types.js';
import { X } from './x.js';

export type { ImageMime, NetworkFacts, NetworkLimits } from './types.js';

/** Social networks, then the organisation's own website (news page and Atom feed), published like a network. */
export const NETWORKS = ['x', 'bluesky', 'linkedin', 'facebook', 'site'] as const;
export type NetworkId = (typeof NETWORKS)[number];

/** Every fact about each network, in one table: compose, render, adapters, page and notifications read it. */
export const NETWORK_FACTS: Readonly<Record<NetworkId, NetworkFacts>> = {
  x: X,
  bluesky: BLUESKY,
  linkedin: LINKEDIN,
  facebook: FACEBOOK,
  site: SITE,
};

export function isNetworkId(value: string): value is NetworkId {
  return (NETWORKS as readonly string[]).includes(value);
}

/** The network's name as the team reads it; an unknown id as is. */
export function networkLabel(network: string): string {
  return isNetworkId(network) ? NETWORK_FACTS[network].label : network;
}
