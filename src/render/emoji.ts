import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Twemoji file name of an emoji: code points in hex, `fe0f` dropped unless it is a ZWJ sequence. */
export function twemojiName(emoji: string): string {
  const codes = [...emoji].map((c) => c.codePointAt(0)!.toString(16));
  return (codes.includes('200d') ? codes : codes.filter((c) => c !== 'fe0f')).join('-');
}

/**
 * Loads Twemoji SVGs (from @twemoji/svg, offline) as data URIs, each file read once.
 * Returns null for an emoji Twemoji does not have.
 */
export function createEmojiLoader(): (emoji: string) => Promise<string | null> {
  const dir = path.dirname(createRequire(import.meta.url).resolve('@twemoji/svg/package.json'));
  const cache = new Map<string, Promise<string | null>>();
  return (emoji) => {
    const name = twemojiName(emoji);
    let loaded = cache.get(name);
    if (!loaded) {
      loaded = readFile(path.join(dir, `${name}.svg`)).then(
        (svg) => `data:image/svg+xml;base64,${svg.toString('base64')}`,
        () => null,
      );
      cache.set(name, loaded);
    }
    return loaded;
  };
}
