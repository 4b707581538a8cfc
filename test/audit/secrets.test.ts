import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordConfigLoaded } from '../../src/audit/config-event.js';
import { exportJsonLines, listEvents } from '../../src/audit/journal.js';
import { REDACTED } from '../../src/audit/redact.js';
import { verifyChain } from '../../src/audit/verify.js';
import { secretValues } from '../../src/config/env.js';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load.js';
import { markPartFailed, markPartSending, markPartUnknown } from '../../src/publish/ledger.js';
import { editAltText, editPostText } from '../../src/queue/edit.js';
import { importDrafts } from '../../src/queue/import.js';
import { reject } from '../../src/queue/reject.js';
import { transition } from '../../src/queue/transition.js';
import { type Fixture, makeFixture, makeUpdate } from '../queue/fixtures.js';
import { draftIn } from '../queue/states.js';

const env = {
  X_API_KEY: 'xkey-9f3a7c1e',
  X_ACCESS_TOKEN: '1900000000-AbCdEfGhIjKlMnOp',
  BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop',
  LINKEDIN_ACCESS_TOKEN: 'AQVlinkedin0token0value',
  FACEBOOK_PAGE_TOKEN: 'EAAGfacebookpagetoken',
  NOTIFY_WEBHOOK_URL: 'https://hooks.example.org/services/T000/B000/secretpath',
};
const secrets = secretValues(env);

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture({ secrets });
});
afterEach(() => fx.close());

describe('no secret in the audit log', () => {
  it('scrubs secrets from every event whose input contained them', () => {
    expect(secrets).toHaveLength(6);
    const [key, token, password, linkedin, facebook, webhook] = secrets as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const update = { ...makeUpdate(), source: { path: `inbox/${key}.md`, sha256: 'b'.repeat(64) } };
    const { drafts } = importDrafts(fx.context, { update, drafts: fx.drafts(['x', 'linkedin']), by: `ana ${token}` });
    const x = drafts[0]!.id;
    editPostText(fx.context, { draftId: x, postIndex: 0, text: `Texte avec ${password} 1/2`, by: 'chloe' });
    editAltText(fx.context, { draftId: x, postIndex: 0, mediaIndex: 0, alt: `Image ${linkedin}`, by: 'chloe' });
    reject(fx.context, { draftId: drafts[1]!.id, by: 'bruno', reason: `Jeton visible : ${facebook}` });

    const publishing = draftIn(fx, 'approved', '2026-05-20');
    transition(fx.context, publishing, 'publishing');
    markPartSending(fx.context, publishing, 0, 1);
    markPartUnknown(fx.context, publishing, 0, {
      errorClass: 'outcome-unknown',
      message: `timeout calling ${webhook}`,
    });
    markPartSending(fx.context, publishing, 1, 1);
    markPartFailed(fx.context, publishing, 1, {
      errorClass: 'auth',
      message: `401 for Authorization: Bearer ${facebook}`,
    });

    const audit = exportJsonLines(fx.context.store.db);
    for (const secret of secrets) expect(audit).not.toContain(secret);
    expect(audit).toContain(REDACTED);
    expect(audit).toContain('401 for Authorization: Bearer [redacted]');
    expect(verifyChain(fx.context.store.db).ok).toBe(true);
  });
});

describe('config-loaded event', () => {
  it('names which credentials are set, never their values', () => {
    const loaded = loadConfig({ path: DEFAULT_CONFIG_PATH, processEnv: env, cwd: fx.dir });
    recordConfigLoaded(fx.context.store, loaded, fx.context.now);
    const [event] = listEvents(fx.context.store.db);
    expect(event).toMatchObject({
      action: 'config-loaded',
      actor: 'crieur',
      data: { timezone: 'America/Toronto', fourEyes: true, credentials: expect.arrayContaining(['X_API_KEY']) },
    });
    const audit = exportJsonLines(fx.context.store.db);
    for (const secret of secrets) expect(audit).not.toContain(secret);
  });
});

describe('tokens no list names (an account connected in the page after start)', () => {
  it('are recognised by their shape in the audit log and in the operator log', async () => {
    const { redactText } = await import('../../src/audit/redact.js');
    const { createLogger } = await import('../../src/log.js');
    const { PassThrough } = await import('node:stream');
    const leaks = [
      'GET https://graph.facebook.com/v23.0/me/photos?access_token=EAAGnewlyconnected123&published=false failed',
      'POST /oauth/v2/accessToken: {"access_token":"AQXnewlinkedin456","refresh_token":"AQYrefresh789"}',
      'createSession answered {"accessJwt":"eyJhbGciOiJIUzI1NiJ9.payload.sig","did":"did:plc:abc"}',
      'request sent with Authorization: Bearer AQVsomeoneElsesToken0123',
      'Authorization: OAuth oauth_consumer_key="ck", oauth_token="1900-newtoken", oauth_signature="c2lnbmF0dXJl"',
    ];
    const scrubbed = leaks.map((line) => redactText(line, []));
    for (const secret of [
      'EAAGnewlyconnected123',
      'AQXnewlinkedin456',
      'AQYrefresh789',
      'eyJhbGciOiJIUzI1NiJ9.payload.sig',
      'AQVsomeoneElsesToken0123',
      '1900-newtoken',
      'c2lnbmF0dXJl',
    ]) {
      expect(scrubbed.join('\n')).not.toContain(secret);
    }
    // What is not a token stays as it was: the address, the account's public id, the rest of the line.
    expect(scrubbed[0]).toBe(
      'GET https://graph.facebook.com/v23.0/me/photos?access_token=[redacted]&published=false failed',
    );
    expect(scrubbed[2]).toContain('"did":"did:plc:abc"');

    const publishing = draftIn(fx, 'approved', '2026-05-20');
    transition(fx.context, publishing, 'publishing');
    markPartSending(fx.context, publishing, 0, 1);
    markPartFailed(fx.context, publishing, 0, { errorClass: 'auth', message: leaks[0]! });
    expect(exportJsonLines(fx.context.store.db)).not.toContain('EAAGnewlyconnected123');
    expect(verifyChain(fx.context.store.db).ok).toBe(true);

    const out = new PassThrough();
    let written = '';
    out.on('data', (chunk: Buffer) => {
      written += chunk.toString();
    });
    const log = createLogger({ secrets: [], destination: out });
    log.error({ err: leaks[3] }, 'publication failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toContain('Bearer [redacted]');
    expect(written).not.toContain('AQVsomeoneElsesToken0123');
  });
});
