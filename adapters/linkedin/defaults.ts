/** Default `LinkedIn-Version` (YYYYMM). LinkedIn retires a version about a year after its release. */
export const LINKEDIN_DEFAULT_VERSION = '202610';

export const LINKEDIN_DEFAULT_API_URL = 'https://api.linkedin.com';

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
