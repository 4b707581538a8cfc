import type { NetworkId } from '../../src/networks/index.js';
import type { NetworkLimits } from '../../src/publish/port.js';
import { BLUESKY_LIMITS } from '../bluesky/limits.js';
import { FACEBOOK_LIMITS } from '../facebook/limits.js';
import { LINKEDIN_LIMITS } from '../linkedin/limits.js';
import { SITE_LIMITS } from '../site/limits.js';
import { X_LIMITS } from '../x/limits.js';

/** The limits each real adapter declares, so a dry run refuses exactly what the network would. */
export const NETWORK_LIMITS: Record<NetworkId, NetworkLimits> = {
  x: X_LIMITS,
  bluesky: BLUESKY_LIMITS,
  linkedin: LINKEDIN_LIMITS,
  facebook: FACEBOOK_LIMITS,
  site: SITE_LIMITS,
};
