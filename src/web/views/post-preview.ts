import { NETWORK_FACTS, type NetworkId } from '../../networks/index.js';

/**
 * Where each network folds a long post behind « …voir plus » in its feed: LinkedIn after about
 * 210 characters, Facebook after about 480. X and Bluesky show the whole post.
 */
export const FOLD_AT: Partial<Record<NetworkId, number>> = { linkedin: 210, facebook: 480 };

/** The text split where the network folds it: what shows at once, and what shows after « voir plus ». */
export function foldText(network: NetworkId, text: string): { shown: string; folded: string } {
  const limit = FOLD_AT[network];
  if (limit === undefined || [...text].length <= limit) return { shown: text, folded: '' };
  const chars = [...text];
  const head = chars.slice(0, limit).join('');
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'));
  const cut = space > limit * 0.6 ? space : head.length;
  return { shown: text.slice(0, cut).trimEnd(), folded: text.slice(cut).trimStart() };
}

/** What the feed shows under a post (shown for the look only, never clickable). */
export const ACTIONS: Record<NetworkId, string[]> = {
  x: ['Répondre', 'Republier', 'J’aime', 'Partager'],
  bluesky: ['Répondre', 'Republier', 'J’aime'],
  linkedin: ['J’aime', 'Commenter', 'Republier', 'Envoyer'],
  facebook: ['J’aime', 'Commenter', 'Partager'],
  site: [],
};

/** The line under the account's name in each network's feed. */
export const BYLINE: Record<NetworkId, string> = {
  x: '@organisation · maintenant',
  bluesky: '@organisation.bsky.social · maintenant',
  linkedin: 'Organisation · abonnés · Maintenant · 🌐',
  facebook: 'Maintenant · 🌐',
  site: '',
};

const URL_IN_TEXT = /https?:\/\/[^\s<>«»"]+/gu;

/**
 * The link a network turns into a preview card under a post (none when the post carries an image,
 * or the network shows no card): its address and the host name the card prints.
 */
export function linkPreviewOf(
  network: NetworkId,
  text: string,
  imageCount: number,
): { url: string; host: string } | undefined {
  const which = NETWORK_FACTS[network].linkPreview;
  if (which === 'none' || imageCount > 0) return undefined;
  const urls = [...text.matchAll(URL_IN_TEXT)].map((match) => match[0].replace(/[.,;:!?)]+$/u, ''));
  const url = which === 'first' ? urls[0] : urls.at(-1);
  if (url === undefined) return undefined;
  try {
    return { url, host: new URL(url).host.replace(/^www\./u, '') };
  } catch {
    return undefined;
  }
}
