/** Image types a network may take for a card (the renderer writes PNG, or JPEG to fit a byte limit). */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** What a network accepts in one post, as its API enforces it. */
export interface NetworkLimits {
  /** How text is counted: X weighted (twitter-text), graphemes+bytes (Bluesky), little-text escaped (LinkedIn), UTF-16 (Facebook). */
  countBy: 'x-weighted' | 'graphemes' | 'little-text' | 'chars';
  maxChars: number;
  /** UTF-8 bytes of text, where the network also caps them. */
  maxBytes?: number;
  /** A post must hold some text (an empty caption is refused). */
  requiresText: boolean;
  /** Images in one post. */
  maxImages: number;
  /** Largest image file, in bytes: the renderer's budget and the upload's limit. */
  maxImageBytes: number;
  /** Longest alt text, in characters (code points). */
  maxAltChars: number;
  imageTypes: readonly ImageMime[];
  /** Whether the network takes a reply chain (thread). */
  threads: boolean;
  /**
   * Whether the network refuses a second post with the same text (X 403, LinkedIn 422 DUPLICATE_POST,
   * Facebook 506 on the feed but never for photo captions): what makes a resend safe when a post
   * whose outcome is unknown cannot be looked up.
   */
  refusesDuplicates: 'always' | 'without-media' | 'never';
}

/** Every fact about one network that more than its adapter needs. */
export interface NetworkFacts {
  /** The network's name as the communications team reads it. */
  label: string;
  limits: NetworkLimits;
  /** Card size in pixels, the one the network shows best. */
  card: { width: number; height: number };
  /**
   * Which link in a post the network turns into a preview card (title, image of the linked page)
   * when the post carries no image: X the last, Facebook the first; none for LinkedIn and Bluesky,
   * which show a link card only when the post declares one (crieur declares none).
   */
  linkPreview: 'first' | 'last' | 'none';
  /**
   * Whether a correction there can carry the corrected card: a reply (X, Bluesky) or the page's
   * « Correctif » box can; a LinkedIn or Facebook comment, as crieur writes it, cannot.
   */
  correctionImages: boolean;
  /** Public URL of a post from the id the network gave it (and the account's handle, where the URL holds it). */
  postUrl?: (id: string, account: string) => string;
  /** Environment variables, as `.env.example` names them, that notifications point to. */
  variables: {
    /** Those holding the credentials (what to renew when the token is refused). */
    credentials: string;
    /** Those configuring the account and API. */
    settings: string;
  };
}
