import type { NetworkLimits } from '../../src/publish/port.js';

/** Default `LinkedIn-Version` (YYYYMM). LinkedIn retires a version about a year after its release. */
export const LINKEDIN_DEFAULT_VERSION = '202610';

export const LINKEDIN_DEFAULT_API_URL = 'https://api.linkedin.com';

/**
 * LinkedIn's posting limits for an organisation post: 3000 characters of escaped little text,
 * one image (`content.media`), no threads. LinkedIn publishes no byte cap for images (only
 * 36,152,320 pixels), so the image budget is a conservative one.
 */
export const LINKEDIN_LIMITS: NetworkLimits = {
  countBy: 'little-text',
  maxChars: 3000,
  maxImages: 1,
  maxImageBytes: 5 * 1024 * 1024,
  maxAltChars: 4086,
  threads: false,
  refusesDuplicates: 'always',
};

/** Public URL of a post from its share or ugcPost URN. */
export function linkedInPostUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

/** `urn:li:organization:<id>` from a numeric id or an organisation URN. */
export function organizationUrn(organization: string): string {
  const trimmed = organization.trim();
  if (/^\d+$/.test(trimmed)) return `urn:li:organization:${trimmed}`;
  if (/^urn:li:organization:\d+$/.test(trimmed)) return trimmed;
  throw new TypeError(`not a LinkedIn organization id or URN: ${organization}`);
}

export function organizationId(urn: string): string {
  return urn.slice('urn:li:organization:'.length);
}
