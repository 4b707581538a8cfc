import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface FetchCounts {
  /** Requests refused because they would have left the machine. */
  blocked: string[];
  /** Twemoji CDN requests answered from the local @twemoji/svg package. */
  servedLocally: number;
}

const TWEMOJI_CDN = /^https:\/\/cdn\.jsdelivr\.net\/gh\/twitter\/twemoji@[^/]+\/assets\/svg\/([0-9a-f-]+)\.svg$/;

/**
 * Replaces `globalThis.fetch` so nothing reaches the network: `data:` URLs pass, Twemoji CDN
 * URLs are answered with the same SVGs from the local package (crieur reads those too, so both
 * renderers draw identical emoji), and every other request throws and is counted.
 */
export function blockNetwork(): FetchCounts {
  const counts: FetchCounts = { blocked: [], servedLocally: 0 };
  const twemojiDir = path.dirname(createRequire(import.meta.url).resolve('@twemoji/svg/package.json'));
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('data:')) return realFetch(input, init);
    const emoji = TWEMOJI_CDN.exec(url);
    if (emoji) {
      counts.servedLocally++;
      const svg = await readFile(path.join(twemojiDir, `${emoji[1]}.svg`));
      return new Response(svg, { headers: { 'content-type': 'image/svg+xml' } });
    }
    counts.blocked.push(url);
    throw new TypeError(`network blocked in the benchmark: ${url}`);
  };
  return counts;
}
