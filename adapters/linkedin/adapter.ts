import { readFile as readFileFromDisk } from 'node:fs/promises';
import type { RenderedCard } from '../../src/cards/types.js';
import { escapeLittleText } from '../../src/compose/measure.js';
import { LINKEDIN, linkedInPostUrl } from '../../src/networks/linkedin.js';
import type { AccountInfo, MediaRef, NetworkAdapter, PostPart, RemoteRef } from '../../src/publish/port.js';
import {
  asLookupError,
  ContentRejectedError,
  OutcomeUnknownError,
  TransientError,
} from '../../src/publish/port-errors.js';
import { linkedInCorrections } from './corrections.js';
import { LINKEDIN_DEFAULT_API_URL, LINKEDIN_DEFAULT_VERSION, organizationId, organizationUrn } from './defaults.js';
import { createLinkedInHttp, type LinkedInHttp } from './http.js';

export interface LinkedInAdapterOptions {
  /** LINKEDIN_ACCESS_TOKEN (scope w_organization_social). */
  accessToken: string;
  /** LINKEDIN_ORGANIZATION: numeric id or `urn:li:organization:<id>`. */
  organization: string;
  /** LINKEDIN_VERSION, YYYYMM. */
  version?: string;
  /** LINKEDIN_API_URL: origin of the REST API. */
  apiUrl?: string;
  fetch?: typeof fetch;
  readFile?: (path: string) => Promise<Uint8Array>;
  /** Per request, in milliseconds (default 30 s). */
  timeoutMs?: number;
  now?: () => Date;
  /** Fixed wait after a 429; by default the wait runs to the next midnight UTC, when LinkedIn resets its limits. */
  rateLimitDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** How often and how many times to ask whether an uploaded image is AVAILABLE. */
  imagePollIntervalMs?: number;
  imagePollAttempts?: number;
}

/** How far `findPost` looks before `since`, for clock skew between this machine and LinkedIn. */
const FIND_SKEW_MS = 5 * 60 * 1000;

/** Organisation page posts through LinkedIn's versioned REST API (Posts and Images APIs). */
export function createLinkedInAdapter(options: LinkedInAdapterOptions): NetworkAdapter {
  const author = organizationUrn(options.organization);
  const version = options.version ?? LINKEDIN_DEFAULT_VERSION;
  const api = (options.apiUrl ?? LINKEDIN_DEFAULT_API_URL).replace(/\/+$/, '');
  const readFile = options.readFile ?? readFileFromDisk;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollInterval = options.imagePollIntervalMs ?? 1000;
  const pollAttempts = options.imagePollAttempts ?? 10;
  const http: LinkedInHttp = createLinkedInHttp({
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    version,
    now: options.now ?? (() => new Date()),
    rateLimitDelayMs: options.rateLimitDelayMs,
  });

  const restHeaders = (extra?: Record<string, string>): Record<string, string> => ({
    Authorization: `Bearer ${options.accessToken}`,
    'LinkedIn-Version': version,
    'X-Restli-Protocol-Version': '2.0.0',
    'Content-Type': 'application/json',
    ...extra,
  });

  /**
   * Polls the image until LinkedIn has processed it. The poll is optional in LinkedIn's flow: a
   * server that does not serve `GET /rest/images/{urn}` (404) or answers without a `status` gives
   * nothing to wait for, and the post create will say whether the image is usable.
   */
  async function waitUntilAvailable(imageUrn: string): Promise<void> {
    for (let attempt = 1; attempt <= pollAttempts; attempt++) {
      let body: unknown;
      try {
        ({ body } = await http.send('read', `${api}/rest/images/${encodeURIComponent(imageUrn)}`, {
          method: 'GET',
          headers: restHeaders(),
        }));
      } catch (error) {
        if (error instanceof ContentRejectedError && error.status === 404) return;
        throw error;
      }
      const status = field(body, 'status');
      if (status === 'AVAILABLE' || typeof status !== 'string') return;
      if (status === 'PROCESSING_FAILED') {
        throw new ContentRejectedError(
          'linkedin',
          `LinkedIn could not process image ${imageUrn}`,
          "LinkedIn n'a pas pu traiter l'image de la carte (format ou taille refusés).",
        );
      }
      if (attempt < pollAttempts) await sleep(pollInterval);
    }
    throw new TransientError(
      'linkedin',
      `LinkedIn image ${imageUrn} is still not available`,
      "LinkedIn traite encore l'image de la carte. Nouvel essai sous peu.",
    );
  }

  return {
    id: 'linkedin',
    limits: LINKEDIN.limits,
    ...linkedInCorrections({ http, api, author, headers: restHeaders }),

    async verify(): Promise<AccountInfo> {
      const { body } = await http.send('read', `${api}/rest/organizations/${organizationId(author)}`, {
        method: 'GET',
        headers: restHeaders(),
      });
      const name = field(body, 'localizedName');
      return { network: 'linkedin', account: typeof name === 'string' ? `${name} (${author})` : author };
    },

    async uploadMedia(card: RenderedCard): Promise<MediaRef> {
      const bytes = await readFile(card.path);
      const init = await http.send('upload', `${api}/rest/images?action=initializeUpload`, {
        method: 'POST',
        headers: restHeaders({ 'X-RestLi-Method': 'action' }),
        body: JSON.stringify({ initializeUploadRequest: { owner: author } }),
      });
      const value = field(init.body, 'value');
      const uploadUrl = field(value, 'uploadUrl');
      const image = field(value, 'image');
      if (typeof uploadUrl !== 'string' || typeof image !== 'string') {
        throw new TransientError(
          'linkedin',
          'LinkedIn initializeUpload answered without uploadUrl or image',
          "LinkedIn a répondu de façon inattendue à la préparation de l'image. Nouvel essai sous peu.",
        );
      }
      await http.send('upload', uploadUrl, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${options.accessToken}`, 'Content-Type': 'application/octet-stream' },
        body: bytes,
      });
      await waitUntilAvailable(image);
      return { network: 'linkedin', id: image, alt: card.alt, width: card.width, height: card.height };
    },

    async createPost(part: PostPart, media: MediaRef[], replyTo?: { root: RemoteRef; parent: RemoteRef }) {
      if (replyTo) {
        throw new ContentRejectedError(
          'linkedin',
          'LinkedIn posts cannot reply to one another: the draft must be a single post',
          'LinkedIn ne publie pas de fil : la publication doit tenir en un seul message.',
        );
      }
      if (media.length > 1) {
        throw new ContentRejectedError(
          'linkedin',
          `LinkedIn post takes one image, got ${media.length}`,
          `Une publication LinkedIn porte une seule image (reçu ${media.length}).`,
        );
      }
      const [image] = media;
      const entity = {
        author,
        commentary: escapeLittleText(part.text),
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        ...(image ? { content: { media: { id: image.id, altText: image.alt } } } : {}),
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      };
      const created = await http.send('create', `${api}/rest/posts`, {
        method: 'POST',
        headers: restHeaders({ 'X-RestLi-Method': 'create' }),
        body: JSON.stringify(entity),
      });
      const urn = created.headers.get('x-restli-id');
      if (!urn) {
        throw new OutcomeUnknownError(
          'linkedin',
          `LinkedIn answered ${created.status} to the post without x-restli-id`,
          "LinkedIn a accepté la publication sans en donner l'identifiant. On la cherche sur la page avant de réessayer.",
          { status: created.status },
        );
      }
      return { network: 'linkedin', id: urn, url: linkedInPostUrl(urn) };
    },

    async findPost(part: PostPart, since: Date): Promise<RemoteRef | null> {
      try {
        return await searchPosts(part, since);
      } catch (error) {
        throw asLookupError('linkedin', 'LinkedIn', error);
      }
    },
  };

  /** Our organisation's recent post with the part's text, created since `since`. */
  async function searchPosts(part: PostPart, since: Date): Promise<RemoteRef | null> {
    const query = `author=${encodeURIComponent(author)}&q=author&count=10&sortBy=CREATED`;
    const { body } = await http.send('read', `${api}/rest/posts?${query}`, {
      method: 'GET',
      headers: restHeaders({ 'X-RestLi-Method': 'FINDER' }),
    });
    const sent = escapeLittleText(part.text);
    const elements = field(body, 'elements');
    if (!Array.isArray(elements)) {
      // "Not found" would let the caller post again: an answer that cannot be read is no proof.
      throw new TransientError(
        'linkedin',
        'LinkedIn answered the post search without an elements list',
        'LinkedIn a répondu de façon inattendue à la recherche de la publication. Nouvel essai sous peu.',
      );
    }
    for (const element of elements) {
      const id = field(element, 'id');
      const createdAt = field(element, 'createdAt');
      const commentary = field(element, 'commentary');
      // Stored as sent (little text, escaped) or as the reader sees it (unescaped).
      if (typeof id !== 'string' || (commentary !== sent && commentary !== part.text)) continue;
      // Epoch milliseconds in LinkedIn's answers; a value under 1e11 can only be seconds.
      const createdMs = typeof createdAt === 'number' && createdAt < 1e11 ? createdAt * 1000 : createdAt;
      if (typeof createdMs === 'number' && createdMs < since.getTime() - FIND_SKEW_MS) continue;
      return { network: 'linkedin', id, url: linkedInPostUrl(id) };
    }
    return null;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
