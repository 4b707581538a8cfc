import { facebookPostUrl } from '../../src/networks/facebook.js';
import type { CorrectionPort, MediaRef, PostPart, RemoteRef } from '../../src/publish/port.js';
import { ContentRejectedError, PublishError, TransientError } from '../../src/publish/port-errors.js';
import { classifySdkError, type FacebookOperation } from './classify.js';
import type { ScopedGraphApi } from './graph-api.js';

/**
 * Corrections and retractions on a Page (platforms-wave2.md §4.2, §4.3), through the SDK's API
 * object: a comment by the Page (`POST /{post}/comments`); `DELETE /{id}` of a post or comment,
 * whose second call answers 400 code 100 / subcode 33, which also means a missing permission, so a
 * look-up (`GET /{id}`) decides whether the post is gone.
 */
export function facebookCorrections(input: {
  api: ScopedGraphApi;
  pageId: string;
  timeoutMs: number;
  withTimeout: <T>(promise: Promise<T>, ms: number) => Promise<T>;
}): CorrectionPort {
  const { api, pageId } = input;

  async function graph<T>(operation: FacebookOperation, method: string, path: string[], params = {}): Promise<T> {
    try {
      return await input.withTimeout(api.call<T>(method, path, params), input.timeoutMs);
    } catch (error) {
      throw error instanceof Error && isGone(error) ? new GoneError(error) : classifySdkError(error, operation);
    }
  }

  /**
   * The post's message gets the correction as its last paragraph, before the comment is made (so a
   * comment found by a look-up means the edit is done too). Idempotent: a message that ends with the
   * line already is left alone. An edit the network refuses does not stop the comment.
   */
  async function addCorrectionLine(target: RemoteRef, line: string): Promise<void> {
    let current: { message?: unknown };
    try {
      current = await graph<{ message?: unknown }>('read', 'GET', [target.id], { fields: 'message' });
    } catch (error) {
      throw error instanceof GoneError ? gonePost(target) : error;
    }
    const message = typeof current.message === 'string' ? current.message : '';
    if (message.endsWith(line)) return;
    try {
      await graph('create', 'POST', [target.id], { message: message === '' ? line : `${message}\n\n${line}` });
    } catch (error) {
      if (error instanceof GoneError || (error instanceof PublishError && error.retry === 'never')) return;
      throw error;
    }
  }

  async function postExists(ref: RemoteRef): Promise<boolean> {
    try {
      const found = await graph<{ id?: unknown }>('read', 'GET', [ref.id], { fields: 'id' });
      return found.id === ref.id;
    } catch (error) {
      if (error instanceof GoneError) return false;
      throw error;
    }
  }

  return {
    async createCorrection(part: PostPart, media: MediaRef[], target: RemoteRef): Promise<RemoteRef> {
      if (media.length > 0) {
        throw new ContentRejectedError(
          'facebook',
          'a Facebook comment carries no image here: the corrected card goes on the website',
          'Un commentaire Facebook ne porte pas d’image : la carte corrigée est publiée sur le site Web.',
        );
      }
      await addCorrectionLine(target, part.text);
      const created = await graph<{ id?: unknown }>('create', 'POST', [target.id, 'comments'], {
        message: part.text,
      }).catch((error: unknown) => {
        throw error instanceof GoneError ? gonePost(target) : error;
      });
      if (typeof created.id !== 'string') {
        throw new TransientError(
          'facebook',
          'Facebook answered the comment without its id',
          'Facebook a répondu au commentaire sans en donner l’identifiant.',
        );
      }
      return { network: 'facebook', id: created.id, url: facebookPostUrl(target.id) };
    },

    async findCorrection(part: PostPart, target: RemoteRef, since: Date): Promise<RemoteRef | null> {
      const page = await graph<{ data?: unknown }>('read', 'GET', [target.id, 'comments'], {
        fields: 'message,created_time,from',
        limit: 100,
      }).catch((error: unknown) => {
        throw error instanceof GoneError ? gonePost(target) : error;
      });
      const comments = Array.isArray(page.data) ? (page.data as Array<Record<string, unknown>>) : [];
      for (const comment of comments) {
        const from = comment.from as { id?: unknown } | undefined;
        if (from?.id !== pageId || comment.message !== part.text || typeof comment.id !== 'string') continue;
        const created =
          typeof comment.created_time === 'string'
            ? Date.parse(comment.created_time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
            : Number.NaN;
        if (!Number.isNaN(created) && created < since.getTime() - 5 * 60_000) continue;
        return { network: 'facebook', id: comment.id, url: facebookPostUrl(target.id) };
      }
      return null;
    },

    async deletePost(ref: RemoteRef): Promise<'deleted' | 'gone'> {
      try {
        await graph('create', 'DELETE', [ref.id]);
        return 'deleted';
      } catch (error) {
        if (!(error instanceof GoneError)) throw error;
        if (!(await postExists(ref))) return 'gone';
        throw new ContentRejectedError(
          'facebook',
          `Facebook refused to delete ${ref.id}, which is still there (code 100/33: missing permission?)`,
          'Facebook refuse de supprimer la publication, toujours en ligne : le jeton de la page doit avoir la permission pages_manage_posts.',
        );
      }
    },

    postExists,
  };
}

/** Graph's "does not exist, cannot be loaded due to missing permissions" answer. */
class GoneError extends Error {
  constructor(cause: Error) {
    super('Facebook: object does not exist or cannot be loaded (code 100, subcode 33)', { cause });
  }
}

function isGone(error: Error): boolean {
  const response = (error as { response?: { code?: unknown; error_subcode?: unknown } }).response;
  return error.name === 'FacebookRequestError' && response?.code === 100 && response.error_subcode === 33;
}

function gonePost(target: RemoteRef): ContentRejectedError {
  return new ContentRejectedError(
    'facebook',
    `Facebook post ${target.id} is no longer there: nothing to correct`,
    'La publication Facebook n’est plus en ligne : il n’y a rien à corriger.',
  );
}
