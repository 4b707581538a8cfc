import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEvents } from '../../src/audit/log.js';
import { verifyChain } from '../../src/audit/verify.js';
import { RefusedError } from '../../src/errors.js';
import {
  ledgerParts,
  markPartFailed,
  markPartNotFound,
  markPartPosted,
  markPartSending,
  markPartUnknown,
  mediaRef,
  saveMediaRef,
} from '../../src/publish/ledger.js';
import { transition } from '../../src/queue/transition.js';
import { type Fixture, makeFixture } from '../queue/fixtures.js';
import { draftIn } from '../queue/states.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.close());

describe('publish ledger', () => {
  it('has one pending row per thread part once publishing starts, and keeps them on resume', () => {
    const id = draftIn(fx, 'approved');
    expect(ledgerParts(fx.context.store, id)).toEqual([]);
    transition(fx.context, id, 'publishing');
    expect(ledgerParts(fx.context.store, id).map((part) => [part.partIndex, part.state, part.attempt])).toEqual([
      [0, 'pending', 0],
      [1, 'pending', 0],
    ]);
    markPartSending(fx.context, id, 0, 1);
    markPartPosted(fx.context, id, 0, { network: 'x', id: '1901', url: 'https://x.com/i/status/1901' });
    transition(fx.context, id, 'partly_published');
    transition(fx.context, id, 'publishing');
    expect(ledgerParts(fx.context.store, id).map((part) => part.state)).toEqual(['posted', 'pending']);
  });

  it('records each step with its remote id and URL in the audit log', () => {
    const id = draftIn(fx, 'publishing');
    const sending = markPartSending(fx.context, id, 0, 1);
    expect(sending).toMatchObject({ state: 'sending', attempt: 1, sendingAt: fx.context.now().toISOString() });
    const posted = markPartPosted(fx.context, id, 0, {
      network: 'bluesky',
      id: 'at://did:plc:abc/app.bsky.feed.post/3k',
      cid: 'bafyrei',
      url: 'https://bsky.app/profile/abc/post/3k',
    });
    expect(posted).toMatchObject({
      state: 'posted',
      remoteId: 'at://did:plc:abc/app.bsky.feed.post/3k',
      remoteCid: 'bafyrei',
    });
    const events = listEvents(fx.context.store.db, { subject: `d${id}` }).slice(-2);
    expect(events.map((event) => event.action)).toEqual(['publish-attempt', 'published']);
    expect(events[1]!.data).toMatchObject({ part: 1, url: 'https://bsky.app/profile/abc/post/3k' });
    expect(verifyChain(fx.context.store.db).ok).toBe(true);
  });

  it('never lets a posted part be sent again', () => {
    const id = draftIn(fx, 'publishing');
    markPartSending(fx.context, id, 0, 1);
    markPartPosted(fx.context, id, 0, { network: 'x', id: '1901' });
    expect(() => markPartSending(fx.context, id, 0, 2)).toThrow(RefusedError);
    expect(() => markPartPosted(fx.context, id, 0, { network: 'x', id: '1902' })).toThrow(RefusedError);
    expect(ledgerParts(fx.context.store, id)[0]).toMatchObject({ state: 'posted', remoteId: '1901', attempt: 1 });
  });

  it('requires a lookup before resending a part whose outcome is unknown', () => {
    const id = draftIn(fx, 'publishing');
    markPartSending(fx.context, id, 1, 1);
    markPartUnknown(fx.context, id, 1, { errorClass: 'outcome-unknown', message: 'socket hang up' });
    expect(() => markPartSending(fx.context, id, 1, 2)).toThrow(RefusedError);
    markPartNotFound(fx.context, id, 1);
    expect(markPartSending(fx.context, id, 1, 2)).toMatchObject({ state: 'sending', attempt: 2, errorClass: null });
  });

  it('accepts a found post after an unknown outcome, and retries after a plain failure', () => {
    const id = draftIn(fx, 'publishing');
    markPartSending(fx.context, id, 0, 1);
    markPartUnknown(fx.context, id, 0, { errorClass: 'outcome-unknown', message: 'timeout' });
    expect(markPartPosted(fx.context, id, 0, { network: 'x', id: '77' }).state).toBe('posted');
    markPartSending(fx.context, id, 1, 1);
    expect(markPartFailed(fx.context, id, 1, { errorClass: 'server', message: '503' })).toMatchObject({
      state: 'failed',
      errorClass: 'server',
    });
    expect(markPartSending(fx.context, id, 1, 2).state).toBe('sending');
  });

  it('refuses parts that do not exist', () => {
    const id = draftIn(fx, 'approved');
    expect(() => markPartSending(fx.context, id, 0, 1)).toThrow(/no ledger row/);
  });

  it('keeps the network reference of each uploaded image', () => {
    const id = draftIn(fx, 'publishing');
    expect(mediaRef(fx.context.store, id, 0, 0)).toBeNull();
    const ref = { network: 'x' as const, id: '1234567890', alt: 'Chiffres clés', width: 40, height: 21 };
    saveMediaRef(fx.context, { draftId: id, partIndex: 0, mediaIndex: 0, ref });
    expect(mediaRef(fx.context.store, id, 0, 0)).toEqual(ref);
    expect(() => saveMediaRef(fx.context, { draftId: id, partIndex: 0, mediaIndex: 4, ref })).toThrow(RefusedError);
  });
});
