import type { NetworkId } from '../networks/index.js';
import { MEASURES } from './measure.js';

export interface CountDescription {
  /** The figure the network compares to its limit. */
  length: number;
  limit: number;
  /** For the team: `274 / 280`, with the byte count added on Bluesky when bytes are the problem. */
  label: string;
  valid: boolean;
}

const numberFormat = new Intl.NumberFormat('fr-CA');

/** How a post counts on a network, as the preview shows it. */
export function describeCount(network: NetworkId, text: string): CountDescription {
  const measure = MEASURES[network](text);
  let label = `${numberFormat.format(measure.length)} / ${numberFormat.format(measure.limit)}`;
  if (measure.byteLimit !== undefined && measure.bytes > measure.byteLimit) {
    label += ` (${numberFormat.format(measure.bytes)} / ${numberFormat.format(measure.byteLimit)} octets)`;
  }
  return { length: measure.length, limit: measure.limit, label, valid: measure.valid };
}
