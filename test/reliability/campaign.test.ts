import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Campaign, formatRound, openCampaign, type RoundResult, roundSeed } from './campaign.js';
import { FAULT_KINDS } from './random-faults.js';

/**
 * The reliability campaign in short (the full one is `npm run campaign`): ten rounds of a generated
 * update published to the four networks and the website through random faults on every server, the
 * publisher killed at a random moment in about half of them and restarted. No part may ever be held
 * twice or go missing, and the audit chain must verify after every round.
 */

const ROUNDS = 10;
const SEED = 20260514;
/** A hung server costs this much per request here (the full campaign waits 1 s). */
const TIMEOUT_MS = 400;

let campaign: Campaign;
const results: RoundResult[] = [];

beforeAll(async () => {
  campaign = await openCampaign();
});

afterAll(async () => {
  await campaign?.close();
});

describe('reliability campaign, short', () => {
  it.each(Array.from({ length: ROUNDS }, (_, index) => index + 1))(
    'round %i: every part held exactly once, nothing lost, audit chain intact',
    async (round) => {
      const result = await campaign.runRound(round, roundSeed(SEED, round), { timeoutMs: TIMEOUT_MS });
      results.push(result);
      expect(result.problems, formatRound(result)).toEqual([]);
      expect(result.duplicates).toBe(0);
      expect(result.losses).toBe(0);
      expect(Object.keys(result.statuses).sort()).toEqual(['bluesky', 'facebook', 'linkedin', 'site', 'x']);
    },
  );

  it('injected faults of every kind and killed the publisher in some rounds', () => {
    expect(results).toHaveLength(ROUNDS);
    for (const kind of FAULT_KINDS) expect(results.some((result) => result.faults[kind] > 0)).toBe(true);
    const killed = results.filter((result) => result.killedAt !== undefined);
    expect(killed.length).toBeGreaterThan(0);
    expect(killed.every((result) => result.runs >= 2)).toBe(true);
    // Most drafts get through 30 % of failed requests within their window.
    const published = results.flatMap((result) => Object.values(result.statuses)).filter((s) => s === 'published');
    expect(published.length).toBeGreaterThan(ROUNDS * 5 * 0.8);
  });
});
