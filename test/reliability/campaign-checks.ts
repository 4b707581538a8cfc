import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { FEED_FILE } from '../../adapters/site/index.js';
import { verifyChain } from '../../src/audit/verify.js';
import type { LoadedConfig } from '../../src/config/load.js';
import { siteOutputDir } from '../../src/config/site-output.js';
import type { NetworkId } from '../../src/networks/index.js';
import { ledgerParts } from '../../src/publish/ledger.js';
import type { QueueContext } from '../../src/queue/context.js';
import type { DraftRecord, DraftStatus } from '../../src/store/types.js';
import type { RoundResult } from './campaign.js';
import { type HeldPost, normalise, outcomeProblems, type SocialNetwork } from './network-state.js';
import { FAULT_KINDS, type FaultKind } from './random-faults.js';
import { draftsOf, SOCIAL_NETWORKS } from './world.js';

/** Networks a round publishes to: the four social networks and the website. */
export const CHANNELS: readonly NetworkId[] = [...SOCIAL_NETWORKS, 'site'];
export const FINAL: readonly DraftStatus[] = ['published', 'partly_published', 'failed'];

/** A round's result before anything happened. */
export function newRoundResult(round: number, seed: number, date: string): RoundResult {
  return {
    round,
    seed,
    date,
    faults: noFaults(),
    runs: 0,
    statuses: {},
    duplicates: 0,
    losses: 0,
    problems: [],
    elapsedMs: 0,
  };
}

/**
 * What a round must end with, whatever published it: each network holding each part exactly once,
 * every published thread whole and in order, every part the ledger calls posted, the website one feed
 * entry per update, and an audit chain that verifies.
 */
export function checkRound(
  queue: QueueContext,
  loaded: LoadedConfig,
  date: string,
  held: Record<SocialNetwork, HeldPost[]>,
  result: RoundResult,
): void {
  const drafts = draftsOf(queue, date);
  for (const network of CHANNELS) {
    if (!drafts.some((draft) => draft.network === network)) result.problems.push(`${network}: no draft was imported`);
  }
  for (const draft of drafts) {
    result.statuses[draft.network] = draft.status;
    if (!FINAL.includes(draft.status)) result.problems.push(`${draft.network}: still ${draft.status}`);
    if (draft.network === 'site') {
      checkSite(loaded, draft, result);
      continue;
    }
    const posts = held[draft.network as SocialNetwork] ?? [];
    const duplicates = duplicatesIn(draft, posts);
    const losses = lossesOf(queue, draft, posts);
    result.duplicates += duplicates.length;
    result.losses += losses.length;
    result.problems.push(
      ...duplicates,
      ...losses,
      ...outcomeProblems(queue, draft, posts).map((problem) => `${problem} [${draft.status}]`),
    );
  }
  const chain = verifyChain(queue.store.db);
  if (!chain.ok) result.problems.push(`audit chain broken: ${chain.reason}`);
}

/** Every copy of a part beyond the first. */
function duplicatesIn(draft: DraftRecord, posts: HeldPost[]): string[] {
  const seen = new Map<string, number>();
  for (const post of posts) {
    const text = normalise(draft.network, post.text);
    seen.set(text, (seen.get(text) ?? 0) + 1);
  }
  return [...seen]
    .filter(([, count]) => count > 1)
    .map(([text, count]) => `${draft.network}: duplicate, held ${count} times: ${JSON.stringify(text.slice(0, 60))}`);
}

/** Parts of a published draft the network lacks, and parts the ledger calls posted under an id the network lacks. */
function lossesOf(queue: QueueContext, draft: DraftRecord, posts: HeldPost[]): string[] {
  const losses: string[] = [];
  const texts = new Set(posts.map((post) => normalise(draft.network, post.text)));
  const ids = new Set(posts.map((post) => post.id));
  if (draft.status === 'published') {
    draft.content.posts.forEach((post, index) => {
      if (!texts.has(normalise(draft.network, post.text))) {
        losses.push(`${draft.network}: loss, part ${index + 1} of a published draft is not on the network`);
      }
    });
  }
  for (const part of ledgerParts(queue.store, draft.id)) {
    if (part.state === 'posted' && !ids.has(part.remoteId ?? '')) {
      losses.push(
        `${draft.network}: loss, ledger part ${part.partIndex + 1} posted as ${part.remoteId}, not on the network`,
      );
    }
  }
  return losses;
}

/** The website must hold exactly one feed entry for the update once published, and never two. */
function checkSite(loaded: LoadedConfig, draft: DraftRecord, result: RoundResult): void {
  const feedPath = join(siteOutputDir(loaded), FEED_FILE);
  const entries = existsSync(feedPath) ? feedEntryIds(readFileSync(feedPath, 'utf8')) : [];
  const mine = entries.filter((id) => id.includes(`,${draft.date}:`)).length;
  if (mine > 1) {
    result.duplicates += mine - 1;
    result.problems.push(`site: duplicate, the feed holds ${mine} entries for ${draft.date}`);
  }
  if (draft.status === 'published' && mine === 0) {
    result.losses++;
    result.problems.push(`site: loss, published but the feed has no entry for ${draft.date}`);
  }
  if (new Set(entries).size !== entries.length) result.problems.push('site: the feed repeats an entry id');
}

function feedEntryIds(xml: string): string[] {
  const feed = new XMLParser({ isArray: (name) => name === 'entry' }).parse(xml).feed as
    | { entry?: Array<{ id: string }> }
    | undefined;
  return (feed?.entry ?? []).map((entry) => String(entry.id));
}

/** Round 1 is 2026-01-01, round 2 the day after, and so on: each round has an update of its own. */
export function roundDate(round: number): string {
  return new Date(Date.UTC(2026, 0, round)).toISOString().slice(0, 10);
}

export function noFaults(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
}
