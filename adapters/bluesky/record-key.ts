import { createHash } from 'node:crypto';

const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';
const DAY_US = 86_400_000_000n;
const FALLBACK_EPOCH_US = BigInt(Date.UTC(2023, 0, 1)) * 1000n;
/** About 1.1 years of microseconds. */
const FALLBACK_WINDOW_US = 2n ** 45n;

/**
 * The record key of a thread part: a TID (the only key `app.bsky.feed.post` accepts) computed from
 * the part key alone, so that sending the same part twice targets the same record and the second
 * write is refused, and so that finding the part is a single `getRecord`.
 *
 * A TID carries a timestamp that readers use to order a repository. When the part key contains a
 * date (`YYYY-MM-DD`), the timestamp falls in the 24 hours before that date (UTC midnight), always
 * in the past at publication time; otherwise it falls in a fixed past window.
 */
export function recordKeyForPart(partKey: string): string {
  const digest = createHash('sha256').update(partKey, 'utf8').digest();
  const bits = digest.readBigUInt64BE(0);
  const clockId = bits & 0x3ffn;
  const spread = bits >> 10n;
  const day = dateIn(partKey);
  const timestampUs =
    day === undefined ? FALLBACK_EPOCH_US + (spread % FALLBACK_WINDOW_US) : day - DAY_US + (spread % DAY_US);
  return encodeTid(timestampUs, clockId);
}

/** Encodes a TID: 53-bit microsecond timestamp and 10-bit clock id, base32-sortable, 13 characters. */
export function encodeTid(timestampUs: bigint, clockId: bigint): string {
  let value = ((timestampUs & ((1n << 53n) - 1n)) << 10n) | (clockId & 0x3ffn);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = BASE32_SORTABLE[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** The microsecond timestamp a TID carries. */
export function tidTimestampUs(tid: string): bigint {
  let value = 0n;
  for (const char of tid) value = (value << 5n) | BigInt(BASE32_SORTABLE.indexOf(char));
  return value >> 10n;
}

function dateIn(key: string): bigint | undefined {
  const match = /(\d{4})-(\d{2})-(\d{2})/.exec(key);
  if (!match) return undefined;
  const [, year, month, day] = match;
  if (Number(year) < 2000) return undefined;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const check = new Date(ms);
  if (Number.isNaN(ms) || check.getUTCDate() !== Number(day) || check.getUTCMonth() !== Number(month) - 1) {
    return undefined;
  }
  return BigInt(ms) * 1000n;
}
