import { ConfigError } from '../errors.js';
import type { NetworkId } from '../networks/index.js';
import { zonedInstant } from '../time/zoned-time.js';
import type { Env, EnvKey } from './env.js';

/** A network token whose end of life the operator wrote down when creating it. */
export interface TokenExpiry {
  network: NetworkId;
  /** The variable holding the token, to name in messages. */
  tokenVariable: EnvKey;
  /** The variable holding the expiry. */
  expiryVariable: EnvKey;
  expiresAt: Date;
  /** Written as a day (`2027-01-25`): messages give the day, not a time. */
  dateOnly: boolean;
}

/** Warn this many days before a token expires. */
export const EXPIRY_WARNING_DAYS = 14;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Networks whose tokens expire without crieur being able to ask when: the operator sets the expiry
 * shown when the token was made. LinkedIn access tokens last 60 days; its organisation lookup does
 * not say when they end, and token introspection needs the app's client secret.
 */
const EXPIRING_TOKENS: ReadonlyArray<{ network: NetworkId; tokenVariable: EnvKey; expiryVariable: EnvKey }> = [
  { network: 'linkedin', tokenVariable: 'LINKEDIN_ACCESS_TOKEN', expiryVariable: 'LINKEDIN_TOKEN_EXPIRES_AT' },
];

/**
 * Parses `2027-01-25` (the token is taken as gone from 00:00 that day in `zone`, the team's: the
 * safe side) or a full ISO 8601 instant with its offset (`2027-01-25T14:03:00Z`).
 */
export function parseExpiry(variable: EnvKey, value: string, zone: string): { expiresAt: Date; dateOnly: boolean } {
  const trimmed = value.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed);
  const parsed = new Date(dateOnly ? `${trimmed}T00:00:00Z` : trimmed);
  if ((!dateOnly && !instant) || Number.isNaN(parsed.getTime()) || (dateOnly && !sameDay(parsed, trimmed))) {
    throw new ConfigError(
      variable,
      `expected a date such as 2027-01-25 or an instant such as 2027-01-25T14:03:00Z, got "${value}"`,
      `une date comme 2027-01-25 ou un instant comme 2027-01-25T14:03:00Z est attendu (reçu « ${value} »)`,
    );
  }
  return { expiresAt: dateOnly ? zonedInstant(trimmed, '00:00', zone) : parsed, dateOnly };
}

/** The variable where the operator writes down `network`'s token expiry, if its tokens expire. */
export function expiryVariable(network: NetworkId): EnvKey | undefined {
  return EXPIRING_TOKENS.find((entry) => entry.network === network)?.expiryVariable;
}

/**
 * The known expiry of `network`'s token, or undefined when none is set (or the network has none).
 * `zone` is the team's time zone, for an expiry written as a day.
 */
export function tokenExpiry(env: Env, network: NetworkId, zone: string): TokenExpiry | undefined {
  const known = EXPIRING_TOKENS.find((entry) => entry.network === network);
  const value = known ? env[known.expiryVariable] : undefined;
  if (!known || value === undefined) return undefined;
  return { ...known, ...parseExpiry(known.expiryVariable, value, zone) };
}

export type ExpiryState =
  | { state: 'ok'; daysLeft: number }
  | { state: 'soon'; daysLeft: number }
  | { state: 'expired'; daysLeft: number };

/** Whole days left (rounded down); `soon` within EXPIRY_WARNING_DAYS, `expired` once the instant has passed. */
export function expiryState(expiresAt: Date, now: Date): ExpiryState {
  const leftMs = expiresAt.getTime() - now.getTime();
  const daysLeft = Math.floor(leftMs / DAY_MS);
  if (leftMs <= 0) return { state: 'expired', daysLeft };
  return { state: leftMs <= EXPIRY_WARNING_DAYS * DAY_MS ? 'soon' : 'ok', daysLeft };
}

/** `2027-02-30` parses as 2 March: refuse dates that do not exist. */
function sameDay(parsed: Date, iso: string): boolean {
  return parsed.toISOString().slice(0, 10) === iso;
}
