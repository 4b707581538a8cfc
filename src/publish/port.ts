import type { RenderedCard } from '../cards/types.js';
import type { NetworkId, NetworkLimits } from '../networks/index.js';

export type { NetworkLimits } from '../networks/index.js';

/** Who we are on a network, as `verify()` found it. */
export interface AccountInfo {
  network: NetworkId;
  /** Handle, page name or organisation URN. */
  account: string;
  /** Token expiry when the network tells it. */
  expiresAt?: Date;
  /** The expiring token is a session crieur renews by itself (nothing for the operator to do). */
  renewsAutomatically?: boolean;
}

/** A media item uploaded to a network, ready to attach to a post. */
export interface MediaRef {
  network: NetworkId;
  /** Network media id (X media id, Bluesky blob JSON, LinkedIn image URN, Facebook local path). */
  id: string;
  alt: string;
  width: number;
  height: number;
  /** Adapter-specific data needed at create time (e.g. the Bluesky blob ref), JSON-serialisable. */
  data?: unknown;
}

/** A post that exists on a network. */
export interface RemoteRef {
  network: NetworkId;
  /** X tweet id, Bluesky at-uri, LinkedIn share URN, Facebook post id. */
  id: string;
  /** Bluesky record cid (needed to reply); absent elsewhere. */
  cid?: string;
  /** Public URL of the post, when it can be built. */
  url?: string;
}

/** One post of a thread, as approved. */
export interface PostPart {
  /**
   * Stable key of this part, the same across restarts and versions of the same content:
   * `<date>:<network>:<first 16 hex of the content hash>:<index>` (built in publish-draft.ts).
   * Bluesky derives its record key from it, so a resend is refused by the server.
   */
  key: string;
  index: number;
  /** Number of parts in the thread. */
  total: number;
  text: string;
}

export interface NetworkAdapter {
  readonly id: NetworkId;
  readonly limits: NetworkLimits;
  /** Checks the credentials live; throws a PublishError when they are not valid. */
  verify(): Promise<AccountInfo>;
  uploadMedia(card: RenderedCard): Promise<MediaRef>;
  createPost(part: PostPart, media: MediaRef[], replyTo?: { root: RemoteRef; parent: RemoteRef }): Promise<RemoteRef>;
  /** Looks for a post with this part's text, created after `since`; null when not there. */
  findPost(part: PostPart, since: Date): Promise<RemoteRef | null>;
}
