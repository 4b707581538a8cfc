/** Social networks, then the organisation's own website (news page and Atom feed), published like a network. */
export const NETWORKS = ['x', 'bluesky', 'linkedin', 'facebook', 'site'] as const;
export type NetworkId = (typeof NETWORKS)[number];

export function isNetworkId(value: string): value is NetworkId {
  return (NETWORKS as readonly string[]).includes(value);
}
