import type { NetworkId } from '../networks/index.js';

/** The networks whose account can be connected in the page (the website has none). */
export const CONNECTABLE = ['x', 'bluesky', 'linkedin', 'facebook'] as const satisfies readonly NetworkId[];
export type ConnectableNetwork = (typeof CONNECTABLE)[number];

export function isConnectable(value: string): value is ConnectableNetwork {
  return (CONNECTABLE as readonly string[]).includes(value);
}

/** What is kept encrypted for each network: the account's tokens, never the app's credentials. */
export type StoredCredentials =
  | { network: 'x'; accessToken: string; accessSecret: string; userId: string; screenName: string }
  | {
      network: 'bluesky';
      service: string;
      handle: string;
      did: string;
      appPassword: string;
      /** The session (`accessJwt`, `refreshJwt`), refreshed as it is used. */
      session?: unknown;
    }
  | {
      network: 'linkedin';
      accessToken: string;
      organization: string;
      refreshToken?: string;
      refreshExpiresAt?: string;
    }
  | { network: 'facebook'; pageId: string; pageToken: string };

export type CredentialsOf<N extends ConnectableNetwork> = Extract<StoredCredentials, { network: N }>;

/** A connected account as shown: no secret in it. */
export interface ConnectedAccount {
  network: ConnectableNetwork;
  accountId: string;
  /** `@handle`, page or organisation name. */
  handle: string;
  name: string;
  expiresAt: Date | null;
  renewable: boolean;
  lastUsedAt: Date | null;
  connectedBy: string;
  connectedAt: Date;
}

/** What a finished connection brings to store. */
export interface NewConnection<C extends StoredCredentials = StoredCredentials> {
  credentials: C;
  account: { id: string; handle: string; name: string };
  expiresAt: Date | null;
  renewable: boolean;
}
