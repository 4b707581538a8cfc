import { type AppBskyRichtextFacet, RichText } from '@atproto/api';

const LINK = 'app.bsky.richtext.facet#link';
const TAG = 'app.bsky.richtext.facet#tag';

/**
 * Link and hashtag facets of a Bluesky post, with UTF-8 byte offsets. Mentions are left out:
 * without resolving the handle they would carry no DID and the network would reject them.
 */
export function blueskyFacets(text: string): AppBskyRichtextFacet.Main[] {
  const rich = new RichText({ text });
  rich.detectFacetsWithoutResolution();
  return (rich.facets ?? [])
    .map((facet) => ({ ...facet, features: facet.features.filter((f) => f.$type === LINK || f.$type === TAG) }))
    .filter((facet) => facet.features.length > 0);
}
