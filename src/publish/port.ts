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

export interface NetworkAdapter extends Partial<CorrectionPort> {
  readonly id: NetworkId;
  readonly limits: NetworkLimits;
  /** Checks the credentials live; throws a PublishError when they are not valid. */
  verify(): Promise<AccountInfo>;
  uploadMedia(card: RenderedCard): Promise<MediaRef>;
  createPost(part: PostPart, media: MediaRef[], replyTo?: { root: RemoteRef; parent: RemoteRef }): Promise<RemoteRef>;
  /** Looks for a post with this part's text, created after `since`; null when not there. */
  findPost(part: PostPart, since: Date): Promise<RemoteRef | null>;
}

/** What a retraction tells readers where a post was (the website's notice); networks ignore it. */
export interface RetractionNotice {
  /** The approved notice text (« Retrait : … »). */
  text: string;
  at: Date;
}

/** A correction's or retraction's operations on one network (see `src/publish/correct.ts`, `retract.ts`). */
export interface CorrectionPort {
  /**
   * Publishes a correction under our post `target`: a reply (X, Bluesky), a comment by the page or
   * organisation (LinkedIn, Facebook), a « Correctif » box on the page (website). `replyTo` is the
   * correction's previous part when the correction is a thread of its own.
   */
  createCorrection(
    part: PostPart,
    media: MediaRef[],
    target: RemoteRef,
    replyTo?: { root: RemoteRef; parent: RemoteRef },
  ): Promise<RemoteRef>;
  /** Looks for that correction after an unknown outcome; null when not there. */
  findCorrection(part: PostPart, target: RemoteRef, since: Date): Promise<RemoteRef | null>;
  /**
   * Deletes our post (or comment); `gone` when the network confirms it was gone already. Throws a
   * PublishError otherwise (never deletes what is not ours: only ids from the ledger are passed).
   */
  deletePost(ref: RemoteRef, notice: RetractionNotice): Promise<'deleted' | 'gone'>;
  /** Whether our post is still there: the look-up after a delete whose outcome is unknown. */
  postExists(ref: RemoteRef): Promise<boolean>;
}

/** Every adapter of a real network implements the correction port; test adapters may not. */
export type AdapterWithCorrections = NetworkAdapter & Partial<CorrectionPort>;
