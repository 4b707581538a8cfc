import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTokenExpiries } from '../../src/app/token-watch.js';
import { loadConfig } from '../../src/config/load.js';
import { expiryState, parseExpiry, tokenExpiry } from '../../src/config/token-expiry.js';
import { ConfigError } from '../../src/errors.js';
import { formatNotification } from '../../src/notify/format.js';
import { notificationPayload } from '../../src/notify/payload.js';
import type { Notification } from '../../src/notify/types.js';

const DAY = 24 * 3600 * 1000;
const ZONE = 'America/Toronto';

describe('token expiry from the operator', () => {
  it('reads a date (taken as 00:00 that day in the team’s zone, the safe side) or a full instant with its offset', () => {
    expect(parseExpiry('LINKEDIN_TOKEN_EXPIRES_AT', '2027-01-25', ZONE)).toEqual({
      expiresAt: new Date('2027-01-25T05:00:00.000Z'),
      dateOnly: true,
    });
    expect(parseExpiry('LINKEDIN_TOKEN_EXPIRES_AT', ' 2027-01-25T14:03:00-05:00 ', ZONE)).toEqual({
      expiresAt: new Date('2027-01-25T19:03:00.000Z'),
      dateOnly: false,
    });
  });

  it.each(['25/01/2027', '2027-02-30', '2027-01-25T14:03', 'dans 60 jours', '2027-13-01'])(
    'refuses %j, naming the variable in English and French',
    (value) => {
      let error: unknown;
      try {
        parseExpiry('LINKEDIN_TOKEN_EXPIRES_AT', value, ZONE);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).key).toBe('LINKEDIN_TOKEN_EXPIRES_AT');
      expect((error as ConfigError).message).toContain(value);
      expect((error as ConfigError).messageFr).toMatch(/une date comme 2027-01-25/);
    },
  );

  it('is known only for networks whose tokens expire, and only when set', () => {
    expect(tokenExpiry({}, 'linkedin', ZONE)).toBeUndefined();
    expect(tokenExpiry({ LINKEDIN_TOKEN_EXPIRES_AT: '2027-01-25' }, 'x', ZONE)).toBeUndefined();
    expect(tokenExpiry({ LINKEDIN_TOKEN_EXPIRES_AT: '2027-01-25' }, 'linkedin', ZONE)).toMatchObject({
      tokenVariable: 'LINKEDIN_ACCESS_TOKEN',
      expiryVariable: 'LINKEDIN_TOKEN_EXPIRES_AT',
    });
  });

  it('is soon from 14 days ahead and expired from the instant itself', () => {
    const at = new Date('2027-01-25T00:00:00Z');
    const ahead = (ms: number) => expiryState(at, new Date(at.getTime() - ms));
    expect(ahead(15 * DAY)).toEqual({ state: 'ok', daysLeft: 15 });
    expect(ahead(14 * DAY + 1)).toEqual({ state: 'ok', daysLeft: 14 });
    expect(ahead(14 * DAY)).toEqual({ state: 'soon', daysLeft: 14 });
    expect(ahead(1)).toEqual({ state: 'soon', daysLeft: 0 });
    expect(ahead(0)).toEqual({ state: 'expired', daysLeft: 0 });
    expect(ahead(-2 * DAY).state).toBe('expired');
  });
});

describe('checkTokenExpiries (crieur run, at start and every morning)', () => {
  const configDir = mkdtempSync(join(tmpdir(), 'crieur-token-'));
  writeFileSync(join(configDir, 'crieur.yaml'), 'dataDir: ./data\nnetworks: [x, linkedin]\n');
  const loaded = (expiry: string | undefined) =>
    loadConfig({
      path: join(configDir, 'crieur.yaml'),
      processEnv: expiry === undefined ? {} : { LINKEDIN_TOKEN_EXPIRES_AT: expiry },
      cwd: configDir,
    });

  async function check(expiry: string | undefined, now: string) {
    const sent: Notification[] = [];
    const logs: Array<{ level: string; msg: string }> = [];
    const result = await checkTokenExpiries({
      loaded: loaded(expiry),
      now: () => new Date(now),
      log: {
        warn: (_obj: object, msg: string) => logs.push({ level: 'warn', msg }),
        error: (_obj: object, msg: string) => logs.push({ level: 'error', msg }),
      } as never,
      notify: async (notification) => {
        sent.push(notification);
      },
    });
    return { result, sent, logs };
  }

  it('says nothing while the token has more than 14 days left, or when its expiry is unknown', async () => {
    expect((await check('2027-01-25', '2027-01-01T13:00:00Z')).sent).toEqual([]);
    expect((await check(undefined, '2027-01-24T13:00:00Z')).sent).toEqual([]);
  });

  it('notifies the team in French and logs for the operator when it expires within 14 days', async () => {
    const { sent, logs } = await check('2027-01-25T14:00:00Z', '2027-01-19T13:00:00Z');
    expect(sent).toHaveLength(1);
    const notification = sent[0]!;
    expect(notification).toMatchObject({ kind: 'token-expiring', network: 'linkedin', daysLeft: 6, expired: false });
    const { title, text, action } = formatNotification(notification, { timeZone: 'America/Toronto' });
    expect(title).toBe('Jeton LinkedIn à renouveler avant le 25 janvier 2027');
    expect(text).toContain('expire le 25 janvier 2027 à 9 h, dans 6 jours');
    expect(action).toContain('`LINKEDIN_ACCESS_TOKEN`');
    expect(action).toContain('`LINKEDIN_TOKEN_EXPIRES_AT`');
    expect(action).toContain('`crieur doctor`');
    expect(notificationPayload(notification)).toMatchObject({
      kind: 'token-expiring',
      network: 'linkedin',
      date: '2027-01-19',
      expiresAt: '2027-01-25T14:00:00.000Z',
      status: 'expiring',
    });
    expect(logs).toEqual([{ level: 'warn', msg: 'network token expires soon: renew it' }]);
  });

  it('says the token has expired and that LinkedIn posts will fail', async () => {
    const { sent } = await check('2027-01-25', '2027-01-26T13:00:00Z');
    const { title, text } = formatNotification(sent[0]!, { timeZone: 'America/Toronto' });
    expect(title).toBe('Jeton LinkedIn expiré');
    expect(text).toContain('a expiré le 25 janvier 2027 :');
    expect(text).toContain('les publications sur LinkedIn échoueront');
  });

  it('logs a bad expiry value for the operator and goes on', async () => {
    const { sent, logs } = await check('bientôt', '2027-01-26T13:00:00Z');
    expect(sent).toEqual([]);
    expect(logs[0]).toMatchObject({ level: 'error' });
    expect(logs[0]!.msg).toContain('LINKEDIN_TOKEN_EXPIRES_AT');
  });
});
