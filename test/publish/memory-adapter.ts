import type { RenderedCard } from '../../src/cards/types.js';
import type { NetworkId } from '../../src/networks/index.js';
import type { MediaRef, NetworkAdapter, NetworkLimits, PostPart, RemoteRef } from '../../src/publish/port.js';
import {
  ContentRejectedError,
  DuplicateError,
  LookupUnavailableError,
  OutcomeUnknownError,
  RateLimitedError,
  TransientError,
} from '../../src/publish/port-errors.js';

/**
 * What the next create call does: succeed; fail before anything is created (`safe`, `rate`, `never`);
 * or fail with an unknown outcome, having created the post (`lost-reply`) or not (`timeout`).
 */
export type CreateScript = 'ok' | 'safe' | 'rate' | 'never' | 'lost-reply' | 'timeout';

/** An in-memory network for the publisher's state-machine tests (real servers are in test/fakes/). */
export class MemoryNetwork implements NetworkAdapter {
  get limits(): NetworkLimits {
    return {
      countBy: 'chars',
      maxChars: 1000,
      requiresText: true,
      maxImages: 4,
      imageTypes: ['image/png', 'image/jpeg'],
      maxImageBytes: 1_000_000,
      maxAltChars: 1000,
      threads: true,
      refusesDuplicates: this.refuseDuplicates ? 'always' : 'never',
    };
  }
  readonly posts: Array<{ id: string; text: string; media: string[]; replyTo: string | undefined; at: Date }> = [];
  readonly uploads: string[] = [];
  readonly calls: string[] = [];
  script: CreateScript[] = [];
  findFails = 0;
  /** Look-ups that do not see posts yet (search lag). */
  searchLag = 0;
  /** Refuse a create whose text is already posted, like X and LinkedIn. */
  refuseDuplicates = false;
  /** The server does not serve the look-up (a 404 on the search). */
  lookupUnavailable = false;
  /** Delay of every create, in clock milliseconds. */
  delayMs = 0;

  constructor(
    readonly id: NetworkId,
    private readonly clock: { now(): Date; sleep(ms: number): Promise<void> },
  ) {}

  async verify() {
    return { network: this.id, account: 'memory' };
  }

  async uploadMedia(card: RenderedCard): Promise<MediaRef> {
    this.calls.push('upload');
    this.uploads.push(card.sha256);
    return { network: this.id, id: `m${this.uploads.length}`, alt: card.alt, width: card.width, height: card.height };
  }

  async createPost(part: PostPart, media: MediaRef[], replyTo?: { root: RemoteRef; parent: RemoteRef }) {
    this.calls.push(`create ${part.index}`);
    if (this.delayMs > 0) await this.clock.sleep(this.delayMs);
    if (this.refuseDuplicates && this.posts.some((post) => post.text === part.text)) {
      throw new DuplicateError(this.id, 'duplicate content', 'contenu en double');
    }
    const step = this.script.shift() ?? 'ok';
    if (step === 'safe') throw new TransientError(this.id, 'connection refused', 'connexion refusée');
    if (step === 'rate') throw new RateLimitedError(this.id, 'rate limited', 'limite atteinte', 30_000);
    if (step === 'never') throw new ContentRejectedError(this.id, 'rejected', 'refusé', { status: 400 });
    if (step === 'timeout') throw new OutcomeUnknownError(this.id, 'timeout', 'délai dépassé');
    const id = `p${this.posts.length + 1}`;
    this.posts.push({
      id,
      text: part.text,
      media: media.map((m) => m.id),
      replyTo: replyTo?.parent.id,
      at: this.clock.now(),
    });
    if (step === 'lost-reply') throw new OutcomeUnknownError(this.id, 'socket hang up', 'connexion coupée');
    return { network: this.id, id, url: `https://example.test/${id}` };
  }

  async findPost(part: PostPart, since: Date): Promise<RemoteRef | null> {
    this.calls.push(`find ${part.index}`);
    if (this.lookupUnavailable)
      throw new LookupUnavailableError(this.id, 'no search', 'recherche absente', { status: 404 });
    if (this.findFails > 0) {
      this.findFails--;
      throw new TransientError(this.id, 'search failed', 'recherche impossible');
    }
    if (this.searchLag > 0) {
      this.searchLag--;
      return null;
    }
    const found = this.posts.find((post) => post.text === part.text && post.at >= since);
    return found ? { network: this.id, id: found.id, url: `https://example.test/${found.id}` } : null;
  }
}

/** A clock whose sleep moves time forward at once. */
export function testClock(startIso: string) {
  let time = Date.parse(startIso);
  return {
    now: () => new Date(time),
    sleep: async (ms: number) => {
      time += ms;
    },
    set: (iso: string) => {
      time = Date.parse(iso);
    },
  };
}
