import { escapeLittleText } from '../../src/compose/measure.js';
import { linkedInPostUrl } from '../../src/networks/linkedin.js';
import type { CorrectionPort, PostPart, RemoteRef } from '../../src/publish/port.js';
import { ContentRejectedError, OutcomeUnknownError, TransientError } from '../../src/publish/port-errors.js';
import type { LinkedInHttp } from './http.js';

/**
 * Corrections and retractions on an organisation page (platforms-wave2.md §3.2, §3.3): a comment by
 * the organisation under the post; `DELETE /rest/posts/{urn}` (204, idempotent) and the comment's own
 * delete. Whether deleting a post takes its comments with it is unconfirmed: the retraction deletes
 * the comment first either way.
 */
export function linkedInCorrections(input: {
  http: LinkedInHttp;
  api: string;
  /** `urn:li:organization:<id>`. */
  author: string;
  headers: (extra?: Record<string, string>) => Record<string, string>;
}): CorrectionPort {
  const { http, api, author, headers } = input;
  const commentsOf = (post: string) => `${api}/rest/socialActions/${encodeURIComponent(post)}/comments`;

  async function exists(url: string): Promise<boolean> {
    try {
      await http.send('read', url, { method: 'GET', headers: headers() });
      return true;
    } catch (error) {
      if (error instanceof ContentRejectedError && error.status === 404) return false;
      throw error;
    }
  }

  const urlOf = (ref: RemoteRef): string => {
    const comment = parseCommentUrn(ref.id);
    return comment
      ? `${commentsOf(comment.parent)}/${encodeURIComponent(comment.id)}?actor=${encodeURIComponent(author)}`
      : `${api}/rest/posts/${encodeURIComponent(ref.id)}`;
  };

  return {
    async createCorrection(part: PostPart, media, target: RemoteRef): Promise<RemoteRef> {
      if (media.length > 0) {
        throw new ContentRejectedError(
          'linkedin',
          'a LinkedIn comment carries no image here: the corrected card goes on the website',
          'Un commentaire LinkedIn ne porte pas d’image : la carte corrigée est publiée sur le site Web.',
        );
      }
      const created = await http.send('create', commentsOf(target.id), {
        method: 'POST',
        headers: headers({ 'X-RestLi-Method': 'create' }),
        body: JSON.stringify({ actor: author, object: target.id, message: { text: part.text } }),
      });
      const urn = field(created.body, 'commentUrn');
      const id = created.headers.get('x-restli-id') ?? field(created.body, 'id');
      if (typeof urn === 'string') return { network: 'linkedin', id: urn, url: linkedInPostUrl(target.id) };
      if (typeof id === 'string' && id !== '') {
        return { network: 'linkedin', id: `urn:li:comment:(${target.id},${id})`, url: linkedInPostUrl(target.id) };
      }
      throw new OutcomeUnknownError(
        'linkedin',
        `LinkedIn answered ${created.status} to the comment without its id`,
        'LinkedIn a accepté le commentaire sans en donner l’identifiant. On le cherche avant de réessayer.',
        { status: created.status },
      );
    },

    async findCorrection(part: PostPart, target: RemoteRef, since: Date): Promise<RemoteRef | null> {
      const { body } = await http.send('read', `${commentsOf(target.id)}?count=100`, {
        method: 'GET',
        headers: headers(),
      });
      const elements = field(body, 'elements');
      if (!Array.isArray(elements)) {
        throw new TransientError(
          'linkedin',
          'LinkedIn answered the comment search without an elements list',
          'LinkedIn a répondu de façon inattendue à la recherche du commentaire. Nouvel essai sous peu.',
        );
      }
      for (const element of elements) {
        const text = field(field(element, 'message'), 'text');
        const time = field(field(element, 'created'), 'time');
        if (field(element, 'actor') !== author) continue;
        if (text !== part.text && text !== escapeLittleText(part.text)) continue;
        if (typeof time === 'number' && time < since.getTime() - 5 * 60_000) continue;
        const urn = field(element, 'commentUrn');
        const id = field(element, 'id');
        const full = typeof urn === 'string' ? urn : `urn:li:comment:(${target.id},${String(id)})`;
        return { network: 'linkedin', id: full, url: linkedInPostUrl(target.id) };
      }
      return null;
    },

    async deletePost(ref: RemoteRef): Promise<'deleted' | 'gone'> {
      try {
        // A post delete is idempotent (204 again for a post deleted already): it cannot say "gone".
        await http.send('create', urlOf(ref), {
          method: 'DELETE',
          headers: headers({ 'X-RestLi-Method': 'DELETE' }),
        });
        return 'deleted';
      } catch (error) {
        if (!(error instanceof ContentRejectedError && error.status === 404)) throw error;
        if (await exists(urlOf(ref))) throw error;
        return 'gone';
      }
    },

    postExists: (ref: RemoteRef) => exists(urlOf(ref)),
  };
}

/** `urn:li:comment:(<post or activity urn>,<id>)` → its parts; null for any other URN. */
export function parseCommentUrn(urn: string): { parent: string; id: string } | null {
  const match = /^urn:li:comment:\((urn:li:[a-zA-Z]+:[^,]+),([^)]+)\)$/.exec(urn);
  return match ? { parent: match[1] as string, id: match[2] as string } : null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
