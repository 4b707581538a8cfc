import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDryRunAdapter } from '../../adapters/dry-run/adapter.js';
import type { RenderedCard } from '../../src/cards/types.js';
import type { NetworkId } from '../../src/networks/index.js';
import { createDryRunJournal } from '../../src/publish/dry-run-journal.js';
import type { PostPart } from '../../src/publish/port.js';
import { ContentRejectedError, DuplicateError } from '../../src/publish/port-errors.js';
import { cardFile } from '../fakes/card-file.js';

const AT = new Date('2026-05-14T13:00:00Z');
let dir: string;
let card: RenderedCard;
let heavy: RenderedCard;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crieur-dry-run-'));
  const png = await sharp({ create: { width: 1200, height: 675, channels: 3, background: '#0b3d6b' } })
    .png()
    .toBuffer();
  card = await cardIn('card.png', png, 'Carte des chiffres clés du 14 mai 2026.');
  const noise = await sharp(randomBytes(1200 * 675 * 3), { raw: { width: 1200, height: 675, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  heavy = await cardIn('heavy.png', noise, 'Image lourde');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cardIn(name: string, bytes: Buffer, alt: string, overrides: Partial<RenderedCard> = {}) {
  return cardFile(join(dir, name), bytes, alt, overrides);
}

function dryRun(network: NetworkId) {
  const journal = createDryRunJournal();
  return { journal, adapter: createDryRunAdapter(network, { record: journal.record, now: () => AT }) };
}

const part = (index: number, text: string, total = 2): PostPart => ({
  key: `2026-05-14-dsn:${index}`,
  index,
  total,
  text,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

describe('dry-run adapter', () => {
  it('records a thread as it would be sent and answers with dry-run refs', async () => {
    const { adapter, journal } = dryRun('bluesky');
    expect(await adapter.verify()).toEqual({ network: 'bluesky', account: 'dry-run (Bluesky)' });
    const media = await adapter.uploadMedia(card);
    const root = await adapter.createPost(part(0, 'Mise à jour quotidienne 🩺 #DSN'), [media]);
    const reply = await adapter.createPost(part(1, 'Pour en savoir plus : https://www.quebec.ca'), [], {
      root,
      parent: root,
    });
    expect(root).toEqual({ network: 'bluesky', id: 'dry-run:bluesky:1' });
    expect(reply.id).toBe('dry-run:bluesky:2');
    expect(journal.entries).toEqual([
      expect.objectContaining({
        kind: 'upload',
        at: AT,
        path: card.path,
        mime: 'image/png',
        bytes: card.bytes,
        sha256: card.sha256,
      }),
      expect.objectContaining({
        kind: 'post',
        at: AT,
        ref: root,
        text: 'Mise à jour quotidienne 🩺 #DSN',
        media: [media],
      }),
      expect.objectContaining({ kind: 'post', ref: reply, replyTo: { root, parent: root }, media: [] }),
    ]);
    expect(media.alt).toBe(card.alt);
    expect(await adapter.findPost(part(1, 'Pour en savoir plus : https://www.quebec.ca'), new Date(0))).toEqual(reply);
    expect(await adapter.findPost(part(1, 'Autre chose'), new Date(0))).toBeNull();
    expect(await adapter.findPost(part(0, 'Mise à jour quotidienne 🩺 #DSN'), new Date(AT.getTime() + 1))).toBeNull();
  });

  it('counts text the way each network does', async () => {
    const emoji = '🩺'.repeat(150);
    expect(await rejection(dryRun('x').adapter.createPost(part(0, emoji), []))).toBeInstanceOf(ContentRejectedError);
    expect((await dryRun('bluesky').adapter.createPost(part(0, emoji), [])).id).toBe('dry-run:bluesky:1');

    const euros = '€'.repeat(1100);
    const tooManyBytes = await rejection(dryRun('bluesky').adapter.createPost(part(0, euros), []));
    expect(tooManyBytes).toBeInstanceOf(ContentRejectedError);
    expect((tooManyBytes as ContentRejectedError).message).toContain('3300/3000 bytes');
    expect((await dryRun('linkedin').adapter.createPost(part(0, euros), [])).id).toBe('dry-run:linkedin:1');

    const parens = `${'a'.repeat(2980)}${'()'.repeat(10)}`;
    const escaped = await rejection(dryRun('linkedin').adapter.createPost(part(0, parens), []));
    expect(escaped).toBeInstanceOf(ContentRejectedError);
    expect((escaped as ContentRejectedError).messageFr).toContain('LinkedIn refuserait');
    expect((await dryRun('facebook').adapter.createPost(part(0, parens), [])).id).toBe('dry-run:facebook:1');

    expect(await rejection(dryRun('bluesky').adapter.createPost(part(0, '   '), []))).toBeInstanceOf(
      ContentRejectedError,
    );
  });

  it('checks images: count, size budget, real type, dimensions and alt text', async () => {
    const x = dryRun('x').adapter;
    const images = await Promise.all([1, 2, 3, 4, 5].map(() => x.uploadMedia(card)));
    expect(await rejection(x.createPost(part(0, 'Cinq images'), images))).toBeInstanceOf(ContentRejectedError);
    expect((await x.createPost(part(0, 'Quatre images'), images.slice(0, 4))).id).toBe('dry-run:x:1');

    const linkedin = dryRun('linkedin').adapter;
    const two = [await linkedin.uploadMedia(card), await linkedin.uploadMedia(card)];
    expect(await rejection(linkedin.createPost(part(0, 'Deux images'), two))).toBeInstanceOf(ContentRejectedError);

    expect(heavy.bytes).toBeGreaterThan(1_000_000);
    expect(await rejection(dryRun('bluesky').adapter.uploadMedia(heavy))).toBeInstanceOf(ContentRejectedError);
    expect((await dryRun('x').adapter.uploadMedia(heavy)).id).toBe('dry-run:x:media:1');

    const notPng = await cardIn('fake.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'Faux');
    expect(await rejection(dryRun('facebook').adapter.uploadMedia(notPng))).toBeInstanceOf(ContentRejectedError);
    const jpeg = await sharp({ create: { width: 1200, height: 675, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const mislabelled = await cardIn('photo.png', jpeg, 'Photo');
    expect(await rejection(dryRun('x').adapter.uploadMedia(mislabelled))).toBeInstanceOf(ContentRejectedError);
    expect((await dryRun('x').adapter.uploadMedia({ ...mislabelled, mime: 'image/jpeg' })).id).toBe(
      'dry-run:x:media:1',
    );

    expect(await rejection(dryRun('x').adapter.uploadMedia({ ...card, width: 1200, height: 630 }))).toBeInstanceOf(
      ContentRejectedError,
    );
    expect(await rejection(dryRun('x').adapter.uploadMedia({ ...card, sha256: '0'.repeat(64) }))).toBeInstanceOf(
      ContentRejectedError,
    );
    expect(await rejection(dryRun('bluesky').adapter.uploadMedia({ ...card, alt: ' ' }))).toBeInstanceOf(
      ContentRejectedError,
    );
    const longAlt = { ...card, alt: 'é'.repeat(1001) };
    expect(await rejection(dryRun('x').adapter.uploadMedia(longAlt))).toBeInstanceOf(ContentRejectedError);
    expect((await dryRun('bluesky').adapter.uploadMedia(longAlt)).alt).toBe(longAlt.alt);

    const other = dryRun('x').adapter;
    const foreign = { ...images[0]!, id: 'dry-run:x:media:99' };
    expect(await rejection(other.createPost(part(0, 'Image inconnue'), [foreign]))).toBeInstanceOf(
      ContentRejectedError,
    );
  });

  it('refuses replies where the network has no threads, and replies to unknown posts', async () => {
    const linkedin = dryRun('linkedin').adapter;
    const first = await linkedin.createPost(part(0, 'Une publication'), []);
    const reply = await rejection(linkedin.createPost(part(1, 'Une réponse'), [], { root: first, parent: first }));
    expect(reply).toBeInstanceOf(ContentRejectedError);

    const x = dryRun('x').adapter;
    const ghost = { network: 'x' as const, id: 'dry-run:x:42' };
    expect(await rejection(x.createPost(part(1, 'Réponse'), [], { root: ghost, parent: ghost }))).toBeInstanceOf(
      ContentRejectedError,
    );
  });

  it('refuses duplicates as each network does', async () => {
    const x = dryRun('x').adapter;
    await x.createPost(part(0, 'Même texte'), []);
    expect(await rejection(x.createPost(part(1, 'Même texte'), []))).toBeInstanceOf(DuplicateError);

    const { adapter: bluesky, journal } = dryRun('bluesky');
    const first = await bluesky.createPost(part(0, 'Même texte'), []);
    expect(await bluesky.createPost(part(0, 'Même texte'), [])).toEqual(first);
    expect(journal.entries).toHaveLength(1);
    expect(await rejection(bluesky.createPost(part(0, 'Texte changé'), []))).toBeInstanceOf(DuplicateError);

    const facebook = dryRun('facebook').adapter;
    const photo = await facebook.uploadMedia(card);
    await facebook.createPost(part(0, 'Légende'), [photo]);
    expect((await facebook.createPost(part(0, 'Légende'), [photo])).id).toBe('dry-run:facebook:2');
    await facebook.createPost(part(0, 'Texte seul'), []);
    const textAgain = await rejection(facebook.createPost(part(0, 'Texte seul'), []));
    expect(textAgain).toBeInstanceOf(DuplicateError);
    expect((textAgain as DuplicateError).messageFr).toContain('Facebook refuserait');
  });
});
