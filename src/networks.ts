export const NETWORKS = ['x', 'bluesky', 'linkedin', 'facebook'] as const;
export type NetworkId = (typeof NETWORKS)[number];

export function isNetworkId(value: string): value is NetworkId {
  return (NETWORKS as readonly string[]).includes(value);
}
