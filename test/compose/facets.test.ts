import { describe, expect, it } from 'vitest';
import { blueskyFacets } from '../../src/compose/facets.js';

function bytesBefore(text: string, part: string): number {
  const index = text.indexOf(part);
  if (index < 0) throw new Error(`${part} not in text`);
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}

function sliceBytes(text: string, start: number, end: number): string {
  return Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');
}

describe('blueskyFacets', () => {
  const url = 'https://www.santequebec.gouv.qc.ca/nouvelles';
  const text = `Été 🎉 : 74,88\u202F% des accès — détails ${url}\n\n#DSN #SantéQuébec 👩‍⚕️ #Été2026`;

  it('gives link facets with UTF-8 byte offsets after accents and emoji', () => {
    const links = blueskyFacets(text).filter((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#link');
    expect(links).toHaveLength(1);
    const start = bytesBefore(text, url);
    expect(links[0]!.index).toEqual({ byteStart: start, byteEnd: start + Buffer.byteLength(url) });
    expect(links[0]!.features[0]).toMatchObject({ uri: url });
    // UTF-16 offsets would differ: the text before the URL holds multi-byte characters.
    expect(start).not.toBe(text.indexOf(url));
  });

  it('gives hashtag facets, accents and digits included, with byte offsets', () => {
    const tags = blueskyFacets(text).filter((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#tag');
    expect(tags.map((f) => f.features[0])).toEqual([
      { $type: 'app.bsky.richtext.facet#tag', tag: 'DSN' },
      { $type: 'app.bsky.richtext.facet#tag', tag: 'SantéQuébec' },
      { $type: 'app.bsky.richtext.facet#tag', tag: 'Été2026' },
    ]);
    expect(tags.map((f) => sliceBytes(text, f.index.byteStart, f.index.byteEnd))).toEqual([
      '#DSN',
      '#SantéQuébec',
      '#Été2026',
    ]);
    expect(tags[1]!.index.byteStart).toBe(bytesBefore(text, '#SantéQuébec'));
  });

  it('leaves mentions out, since they cannot carry a DID without a lookup', () => {
    expect(blueskyFacets('Merci @dsn.bsky.social !')).toEqual([]);
  });

  it('finds nothing in plain text', () => {
    expect(blueskyFacets('Rien à signaler : 22\u202F460 usagers.')).toEqual([]);
  });
});
