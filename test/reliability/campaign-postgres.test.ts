import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Campaign, formatRound, type RoundResult, roundSeed } from './campaign.js';
import { openPostgresCampaign } from './campaign-postgres.js';

/**
 * The reliability campaign on PostgreSQL in short (the full one is `npm run campaign -- --postgres`):
 * each round, two `crieur run` instances on a fresh schema of a throwaway cluster of its own (started
 * here, whatever project runs this file), one of them killed (SIGKILL) at a random moment around the
 * publish time, leader or standby, at a timer or while the leader's create reaches a network, then
 * restarted. No part may ever be held twice or go missing, and the audit chain must verify.
 */

/** Each round starts three processes (the two instances, and the killed one again): about 15 s a round. */
const ROUNDS = 10;
const SEED = 20260514;

let campaign: Campaign;
const results: RoundResult[] = [];

beforeAll(async () => {
  campaign = await openPostgresCampaign();
});

afterAll(async () => {
  await campaign?.close();
});

describe('reliability campaign on PostgreSQL, short', () => {
  it.each(Array.from({ length: ROUNDS }, (_, index) => index + 1))(
    'round %i: two instances, one killed; every part held exactly once, nothing lost, audit chain intact',
    async (round) => {
      const result = await campaign.runRound(round, roundSeed(SEED, round), { maxKills: 1 });
      results.push(result);
      expect(result.problems, formatRound(result)).toEqual([]);
      expect(result.duplicates).toBe(0);
      expect(result.losses).toBe(0);
      expect(result.kills).toBe(1);
      // Both instances started, and the killed one again.
      expect(result.runs).toBe(3);
      expect(result.statuses).toEqual({
        x: 'published',
        bluesky: 'published',
        linkedin: 'published',
        facebook: 'published',
        site: 'published',
      });
    },
    120_000,
  );

  it('killed leaders and standbys, at timers and at creates, and the standby took over from a dead leader', () => {
    expect(results).toHaveLength(ROUNDS);
    const kills = results.map((result) => result.killedAt ?? '');
    expect(kills.some((kill) => kill.includes('create'))).toBe(true);
    expect(kills.some((kill) => kill.startsWith('standby'))).toBe(true);
    expect(results.flatMap((result) => result.failoverMs ?? []).length).toBeGreaterThan(0);
  });
});
