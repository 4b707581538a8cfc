/**
 * Reliability campaign: N rounds of publishing a generated update to the test servers and the real
 * PDS (and the website channel) through random faults on every request and a random SIGKILL of the
 * publisher process; after each round, every part must be held exactly once and the audit chain
 * must verify. Prints one line per round and a summary; exits 1 on any duplicate, loss or problem.
 * With --postgres: each round on a fresh schema of a throwaway PostgreSQL cluster, two `crieur run`
 * instances (leader and standby), either one killed at random moments and restarted; the summary
 * gives the failover times (leader's death to the next create a network sees).
 * Run: npm run campaign -- [--rounds N] [--seed S] [--fault-rate R] [--kill-probability P] [--postgres]
 */
import { parseArgs } from 'node:util';
import { formatRound, formatSummary, runCampaign } from '../test/reliability/campaign.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    'fault-rate': { type: 'string', default: '0.3' },
    'kill-probability': { type: 'string', default: '0.5' },
    postgres: { type: 'boolean', default: false },
  },
});

const rounds = Number(values.rounds);
const seed = Number(values.seed);
const faultRate = Number(values['fault-rate']);
const killProbability = Number(values['kill-probability']);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed) || !(faultRate >= 0 && faultRate < 1)) {
  process.stderr.write(
    'usage: campaign [--rounds N] [--seed S] [--fault-rate 0..1] [--kill-probability 0..1] [--postgres]\n',
  );
  process.exit(2);
}

const postgres = values.postgres === true;
process.stdout.write(
  postgres
    ? `campaign on PostgreSQL: ${rounds} rounds, seed ${seed}, two crieur run instances, 1 to 3 kills a round\n`
    : `campaign: ${rounds} rounds, seed ${seed}, ${faultRate * 100} % faults, kill probability ${killProbability}\n`,
);
const summary = await runCampaign({
  rounds,
  seed,
  faultRate,
  killProbability,
  postgres,
  onRound: (round) => process.stdout.write(`${formatRound(round)}\n`),
});
process.stdout.write(`\n${formatSummary(summary)}\n`);
process.exitCode = summary.duplicates > 0 || summary.losses > 0 || summary.problems > 0 ? 1 : 0;
