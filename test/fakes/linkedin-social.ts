import type { ServerResponse } from 'node:http';

/**
 * A post's own resource and its comments on the LinkedIn test server (platforms-wave2.md §3.2, §3.3):
 * `GET /rest/posts/{urn}` (404 once deleted); `DELETE /rest/posts/{urn}` answers 204, again 204 for a
 * post deleted already (documented idempotent), 403 for another author's post;
 * `POST /rest/socialActions/{urn}/comments` with `{actor, object, message:{text}}` answers 201 with
 * `x-restli-id` and a body holding `commentUrn`; `GET` lists them; `GET`/`DELETE` of
 * `/rest/socialActions/{urn}/comments/{id}?actor=` reads or deletes one (404 when not there).
 */

export interface StoredLinkedInComment {
  id: string;
  commentUrn: string;
  object: string;
  actor: string;
  text: string;
  createdAt: number;
}

export interface SocialState {
  organizationUrn: string;
  posts: Array<{ id: string; author: string }>;
  comments: StoredLinkedInComment[];
  /** Post and comment URNs deleted, in order, one entry per delete that removed something. */
  deletions: string[];
  /** Post URNs deleted already (a second delete still answers 204). */
  deleted: Set<string>;
  now: () => number;
  nextId: () => string;
}

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

export function serveSocial(
  state: SocialState,
  send: Send,
  res: ServerResponse,
  request: {
    method: string;
    path: string;
    url: URL;
    json: () => { ok: true; value: unknown } | { ok: false; error: unknown };
  },
): boolean {
  const { method, path } = request;
  const postMatch = /^\/rest\/posts\/([^/]+)$/.exec(path);
  if (postMatch) {
    const urn = decodeURIComponent(postMatch[1] as string);
    const post = state.posts.find((candidate) => candidate.id === urn);
    if (method === 'GET') {
      if (!post) send(res, 404, { status: 404, code: 'NOT_FOUND', message: `Post ${urn} not found` });
      else send(res, 200, { id: post.id, author: post.author, lifecycleState: 'PUBLISHED' });
      return true;
    }
    if (method === 'DELETE') {
      if (post && post.author !== state.organizationUrn) {
        send(res, 403, { status: 403, code: 'ACCESS_DENIED', message: 'Not enough permissions to delete this post' });
        return true;
      }
      if (post) {
        state.posts.splice(state.posts.indexOf(post), 1);
        state.deleted.add(urn);
        state.deletions.push(urn);
      } else if (!state.deleted.has(urn)) {
        send(res, 404, { status: 404, code: 'NOT_FOUND', message: `Post ${urn} not found` });
        return true;
      }
      send(res, 204, undefined);
      return true;
    }
    return false;
  }
  const comments = /^\/rest\/socialActions\/([^/]+)\/comments(?:\/([^/]+))?$/.exec(path);
  if (!comments) return false;
  const object = decodeURIComponent(comments[1] as string);
  const commentId = comments[2] === undefined ? undefined : decodeURIComponent(comments[2]);
  const post = state.posts.find((candidate) => candidate.id === object || activityOf(candidate.id) === object);
  if (commentId === undefined && method === 'POST') {
    const json = request.json();
    if (!json.ok) {
      send(res, 400, json.error);
      return true;
    }
    const body = json.value as { actor?: unknown; object?: unknown; message?: { text?: unknown } };
    if (!post) {
      send(res, 404, { status: 404, code: 'NOT_FOUND', message: `Post ${object} not found` });
      return true;
    }
    if (body.actor !== state.organizationUrn || typeof body.message?.text !== 'string' || body.message.text === '') {
      send(res, 400, { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'actor and message.text are required' });
      return true;
    }
    const id = state.nextId();
    const comment: StoredLinkedInComment = {
      id,
      commentUrn: `urn:li:comment:(${activityOf(post.id)},${id})`,
      object: post.id,
      actor: body.actor,
      text: body.message.text,
      createdAt: state.now(),
    };
    state.comments.push(comment);
    send(res, 201, view(comment), { 'x-restli-id': id });
    return true;
  }
  if (commentId === undefined && method === 'GET') {
    const elements = post ? state.comments.filter((comment) => comment.object === post.id).map(view) : [];
    send(res, 200, { paging: { start: 0, count: elements.length, links: [] }, elements });
    return true;
  }
  const comment = state.comments.find(
    (candidate) => candidate.id === commentId && (candidate.object === post?.id || post === undefined),
  );
  if (commentId !== undefined && (method === 'GET' || method === 'DELETE')) {
    if (!comment) {
      send(res, 404, { status: 404, code: 'NOT_FOUND', message: `Comment ${commentId} not found` });
      return true;
    }
    if (method === 'GET') {
      send(res, 200, view(comment));
      return true;
    }
    if (request.url.searchParams.get('actor') !== comment.actor) {
      send(res, 403, { status: 403, code: 'ACCESS_DENIED', message: 'Not enough permissions to delete this comment' });
      return true;
    }
    state.comments.splice(state.comments.indexOf(comment), 1);
    state.deletions.push(comment.commentUrn);
    send(res, 204, undefined);
    return true;
  }
  return false;
}

/** The activity URN LinkedIn puts in a comment's URN (the share's id, in the fake). */
function activityOf(postUrn: string): string {
  return `urn:li:activity:${postUrn.split(':').at(-1) ?? ''}`;
}

function view(comment: StoredLinkedInComment): Record<string, unknown> {
  return {
    id: comment.id,
    commentUrn: comment.commentUrn,
    actor: comment.actor,
    object: comment.object,
    message: { text: comment.text },
    created: { actor: comment.actor, time: comment.createdAt },
  };
}
