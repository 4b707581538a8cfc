import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { createSiteAdapter } from '../../adapters/site/index.js';
import { listEvents } from '../../src/audit/journal.js';
import { verifyChain } from '../../src/audit/verify.js';
import type { RenderedCard } from '../../src/cards/types.js';
import { silentLogger } from '../../src/log.js';
import { prepareParsed } from '../../src/pipeline/prepare.js';
import { ledgerParts, markPartSending } from '../../src/publish/ledger.js';
import type { NetworkAdapter } from '../../src/publish/port.js';
import { type PublishDeps, publishDraft } from '../../src/publish/publish-draft.js';
import { approve, importDrafts } from '../../src/queue/index.js';
import { mediaPath } from '../../src/queue/media-files.js';
import { transition } from '../../src/queue/transition.js';
import { getDraft } from '../../src/store/drafts-repo.js';
import { sampleConfig } from '../adapters/site-fixtures.js';
import { sampleUpdate } from '../render/sample-update.js';
import { openTestStore } from '../support/test-store.js';
import { testClock } from './memory-adapter.js';

const BASE = 'https://www.example.org/nouvelles/';
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The sample's website draft imported and approved in a real store, and the website adapter. */
async function setUp() {
  dir = mkdtempSync(join(tmpdir(), 'crieur-publish-site-'));
  const loaded = sampleConfig(dir);
  const prepared = await prepareParsed(sampleUpdate(), { loaded, outDir: join(dir, 'cards') });
  const clock = testClock('2026-05-14T13:00:00Z');
  const store = openTestStore(join(dir, 'data', 'crieur.sqlite'), { now: clock.now });
  const queue = { store, now: clock.now, fourEyes: true };
  const drafts = prepared.drafts.filter((draft) => draft.network === 'site');
  const imported = importDrafts(queue, { update: prepared.update, drafts, by: 'redaction' });
  const draftId = imported.drafts[0]!.id;
  approve(queue, { draftId, by: 'approbation' });
  const outputDir = join(dir, 'public');
  const site = createSiteAdapter({
    outputDir,
    baseUrl: BASE,
    stagingDir: join(dir, 'staging'),
    title: 'Mises à jour quotidiennes',
    author: 'Équipe des communications',
    timeZone: 'America/Toronto',
    now: clock.now,
  });
  const calls: string[] = [];
  const adapter: NetworkAdapter = {
    ...site,
    uploadMedia: (card) => {
      calls.push('upload');
      return site.uploadMedia(card);
    },
    createPost: (part, media, replyTo) => {
      calls.push('create');
      return site.createPost(part, media, replyTo);
    },
    findPost: (part, since) => {
      calls.push('find');
      return site.findPost(part, since);
    },
  };
  const deps: PublishDeps = {
    queue,
    adapter,
    sleep: clock.sleep,
    random: () => 0.5,
    log: silentLogger(),
    notify: async () => undefined,
  };
  const deadline = new Date('2026-05-14T14:00:00Z');
  const entries = () =>
    new XMLParser({ isArray: (name) => name === 'entry' }).parse(readFileSync(join(outputDir, 'feed.xml'), 'utf8')).feed
      .entry as unknown[];
  return { queue, draftId, deps, deadline, calls, site, outputDir, entries, close: () => store.close() };
}

describe('publishing the website draft', () => {
  it('goes through approval, ledger and audit like any network', async () => {
    const { deps, draftId, deadline, queue, entries, close } = await setUp();
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(outcome.posted).toEqual([{ index: 0, url: `${BASE}2026/05/14/` }]);
    expect(ledgerParts(queue.store, draftId).map((part) => [part.state, part.remoteId])).toEqual([
      ['posted', '2026-05-14'],
    ]);
    expect(getDraft(queue.store.db, draftId)?.status).toBe('published');
    const published = listEvents(queue.store.db).filter((event) => event.action === 'published');
    expect(published.map((event) => event.data.remoteId)).toEqual(['2026-05-14']);
    expect(verifyChain(queue.store.db).ok).toBe(true);
    expect(entries()).toHaveLength(1);
    close();
  });

  it('after a crash once the page was written, finds it instead of writing a second entry', async () => {
    const { deps, draftId, deadline, queue, calls, site, entries, close } = await setUp();
    transition(queue, draftId, 'publishing');
    markPartSending(queue, draftId, 0, 1);
    // The process that died had written everything before it could record the result.
    const post = getDraft(queue.store.db, draftId)!.content.posts[0]!;
    const cards = storedCards(deps, draftId).map((card) => site.uploadMedia(card));
    await site.createPost({ key: 'crashed', index: 0, total: 1, text: post.text }, await Promise.all(cards));
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(calls).toEqual(['find']);
    expect(entries()).toHaveLength(1);
    close();
  });

  it('after a crash in the middle of writing, writes the page again: still one entry', async () => {
    const { deps, draftId, deadline, queue, calls, site, outputDir, entries, close } = await setUp();
    transition(queue, draftId, 'publishing');
    markPartSending(queue, draftId, 0, 1);
    const post = getDraft(queue.store.db, draftId)!.content.posts[0]!;
    const cards = storedCards(deps, draftId).map((card) => site.uploadMedia(card));
    await site.createPost({ key: 'crashed', index: 0, total: 1, text: post.text }, await Promise.all(cards));
    // Died after the feed, before the page's record: the post is not known to be there.
    await rm(join(outputDir, '2026', '05', '14', 'page.json'));
    const outcome = await publishDraft(deps, draftId, deadline);
    expect(outcome.status).toBe('published');
    expect(calls).toEqual(['find', 'upload', 'upload', 'upload', 'create']);
    expect(entries()).toHaveLength(1);
    close();
  });
});

/** The approved draft's cards as the store holds them. */
function storedCards(deps: PublishDeps, draftId: number): RenderedCard[] {
  const draft = getDraft(deps.queue.store.db, draftId)!;
  return draft.content.posts[0]!.media.map((media) => ({
    spec: media.spec,
    path: mediaPath(deps.queue.store.mediaDir, media),
    alt: media.alt,
    mime: media.mime,
    width: media.width,
    height: media.height,
    bytes: media.bytes,
    sha256: media.sha256,
  }));
}
