import type { NetworkId } from '../networks/index.js';
import type { MediaRef, PostPart, RemoteRef } from './port.js';

/** What a dry run would have sent, in order. */
export type DryRunEntry =
  | {
      kind: 'upload';
      network: NetworkId;
      at: Date;
      media: MediaRef;
      path: string;
      mime: string;
      bytes: number;
      sha256: string;
    }
  | {
      kind: 'post';
      network: NetworkId;
      at: Date;
      ref: RemoteRef;
      part: PostPart;
      text: string;
      media: MediaRef[];
      replyTo?: { root: RemoteRef; parent: RemoteRef };
    }
  | {
      /** A retraction's delete of one of the dry run's own posts. */
      kind: 'delete';
      network: NetworkId;
      at: Date;
      ref: RemoteRef;
    };

export interface DryRunJournal {
  readonly entries: readonly DryRunEntry[];
  record(entry: DryRunEntry): void;
}

/** An in-memory journal to pass as a dry-run adapter's `record`. */
export function createDryRunJournal(): DryRunJournal {
  const entries: DryRunEntry[] = [];
  return {
    entries,
    record(entry) {
      entries.push(entry);
    },
  };
}
