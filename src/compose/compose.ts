import type { CardSpec } from '../cards/types.js';
import { NETWORK_FACTS, type NetworkId } from '../networks/index.js';
import type { Update } from '../update/types.js';
import { composeSinglePost } from './compose-single-post.js';
import { composeThread } from './compose-thread.js';
import { buildContent } from './content.js';
import { composeDigest } from './digest.js';
import { type Formats, formatFor } from './formats.js';
import { MEASURES } from './measure.js';
import { type Accounts, withMentions } from './mentions.js';
import type { NumberingStyle } from './numbering.js';
import { composeSiteDraft } from './site-text.js';
import type { ComposedDraft, ComposedPost } from './types.js';
import { type TypographyOptions, typographyStyleFor } from './typography.js';
import { excerpt } from './warnings.js';

export { type CountDescription, describeCount } from './describe-count.js';

export interface ComposeOptions {
  networks: NetworkId[];
  /** Configured hashtags, added after the update's own, duplicates removed. */
  hashtags: string[];
  numbering: NumberingStyle;
  maxThreadPosts: number;
  /** The team's apostrophe and thousands choices (config `typography`); defaults when absent. */
  typography?: TypographyOptions;
  /** Per network: digest, or the whole update (thread / full). */
  formats: Formats;
  /** Longest digest on X and Bluesky; 3 when not given. */
  maxDigestPosts?: number;
  /** The website page's address for this update, when the website channel is on: the digest's link. */
  siteUrl?: string;
  /** How each `@handle` is written per network (config `accounts`); unmapped handles become plain text. */
  accounts?: Accounts;
}

const DEFAULT_MAX_DIGEST_POSTS = 3;

const numberFormat = new Intl.NumberFormat('fr-CA');

/** One draft per configured network, counted the way that network counts. */
export function composeDrafts(update: Update, options: ComposeOptions, cards: CardSpec[]): ComposedDraft[] {
  return options.networks.map((network) => composeDraft(network, update, options, cards));
}

function composeDraft(network: NetworkId, written: Update, options: ComposeOptions, cards: CardSpec[]): ComposedDraft {
  const update = withMentions(written, network, options.accounts ?? {});
  if (network === 'site') return composeSiteDraft(update, cards);
  const content = buildContent(update, options.hashtags, typographyStyleFor(network), options.typography);
  const { label, limits } = NETWORK_FACTS[network];
  const measure = MEASURES[network];
  const format = formatFor(network, options.formats);
  if (format === 'digest') {
    const link = options.siteUrl ?? content.link;
    return composeDigest(update, content, cards, {
      network,
      label,
      measure,
      numbering: options.numbering,
      maxPosts: options.maxDigestPosts ?? DEFAULT_MAX_DIGEST_POSTS,
      ...(link ? { link } : {}),
      style: typographyStyleFor(network),
    });
  }

  if (limits.threads) {
    const thread = composeThread(content, {
      label,
      measure,
      numbering: options.numbering,
      maxPosts: options.maxThreadPosts,
    });
    const posts: ComposedPost[] = thread.posts.map((text) => ({ text, cards: [] }));
    const warnings = [...thread.warnings];
    for (const card of cards) {
      const postIndex = card.anchor.kind === 'lead' ? 0 : thread.sectionStarts.get(card.anchor.sectionIndex);
      const post = postIndex === undefined ? undefined : posts[postIndex];
      if (!post) {
        warnings.push(`${label} : image ${cardName(card)} non jointe, sa section ne figure pas dans le fil.`);
      } else if (post.cards.length >= limits.maxImages) {
        warnings.push(
          `${label} : image ${cardName(card)} non jointe, la publication ${postIndex! + 1} a déjà ${limits.maxImages} images.`,
        );
      } else {
        post.cards.push(card);
      }
    }
    return { network, posts, warnings, format, omitted: thread.omitted };
  }

  const limit = limits.maxChars;
  const single = composeSinglePost(content, {
    label,
    measure,
    limitReason: `limite de ${numberFormat.format(limit)} caractères de ${label}`,
  });
  // LinkedIn and Facebook posts show one image well: the key figures.
  const lead = cards.find((card) => card.template === 'key-figures' && card.anchor.kind === 'lead');
  return {
    network,
    posts: [{ text: single.text, cards: lead ? [lead] : [] }],
    warnings: single.warnings,
    format,
    omitted: single.omitted,
  };
}

function cardName(card: CardSpec): string {
  return card.template === 'key-figures' ? '« chiffres clés »' : excerpt(card.heading);
}
