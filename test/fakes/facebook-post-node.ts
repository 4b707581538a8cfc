import type { ServerResponse } from 'node:http';

/**
 * A Page post's own node and its comments on the Graph test server (platforms-wave2.md §4.2, §4.3):
 * `GET /{post-id}`; `POST /{post-id}` with `message` edits it (`{"success":true}`);
 * `POST /{post-id}/comments` comments as the Page (`{"id":"{post-id}_{comment-id}"}`);
 * `GET /{post-id}/comments`; `DELETE /{id}` of a post or comment answers `{"success":true}`, and a
 * second delete (or any id that is not there) the 400 code 100 / subcode 33 error. A post of another
 * account (`foreign`) answers (#200) to a delete.
 */

export interface StoredFacebookComment {
  id: string;
  postId: string;
  message: string;
  fromId: string;
  createdTime: Date;
}

interface NodePost {
  id: string;
  message: string;
  createdTime: Date;
}

export interface PostNodeState {
  pageId: string;
  pageName: string;
  posts: NodePost[];
  comments: StoredFacebookComment[];
  /** Ids deleted, in order, one entry per successful delete. */
  deletions: string[];
  /** Post ids of other accounts, visible to the Page. */
  foreign: Set<string>;
  /** Message edits, in order. */
  edits: Array<{ id: string; message: string }>;
  now: () => Date;
  nextId: () => string;
}

type Send = (res: ServerResponse, status: number, body: unknown) => void;
type SendError = (res: ServerResponse, status: number, error: Record<string, unknown>) => void;

/** Answers a request to a post or comment node; false when the path is not one (left to the caller). */
export function servePostNode(
  state: PostNodeState,
  reply: { json: Send; error: SendError },
  res: ServerResponse,
  request: { method: string; node: string; edge: string | undefined; message: string | undefined; fields: string },
): boolean {
  const { method, node, edge } = request;
  const post = state.posts.find((candidate) => candidate.id === node);
  const comment = state.comments.find((candidate) => candidate.id === node);
  if (state.foreign.has(node) && method === 'DELETE') {
    reply.error(res, 403, { message: '(#200) Permissions error', type: 'OAuthException', code: 200 });
    return true;
  }
  if (post === undefined && comment === undefined) return false;
  const time = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+0000');
  if (edge === undefined && method === 'GET') {
    const found = post ?? comment;
    const body: Record<string, unknown> = { id: node };
    if (found && request.fields.includes('message')) body.message = found.message;
    if (found && request.fields.includes('created_time')) body.created_time = time(found.createdTime);
    reply.json(res, 200, body);
    return true;
  }
  if (edge === undefined && method === 'DELETE') {
    if (post) state.posts.splice(state.posts.indexOf(post), 1);
    if (comment) state.comments.splice(state.comments.indexOf(comment), 1);
    state.deletions.push(node);
    reply.json(res, 200, { success: true });
    return true;
  }
  if (edge === undefined && method === 'POST' && post) {
    if (!request.message) {
      reply.error(res, 400, { message: '(#100) Missing message', type: 'OAuthException', code: 100 });
      return true;
    }
    post.message = request.message;
    state.edits.push({ id: node, message: request.message });
    reply.json(res, 200, { success: true });
    return true;
  }
  if (edge === 'comments' && post && method === 'POST') {
    if (!request.message) {
      reply.error(res, 400, { message: '(#100) Missing message or attachment.', type: 'OAuthException', code: 100 });
      return true;
    }
    const id = `${post.id}_${state.nextId()}`;
    state.comments.push({
      id,
      postId: post.id,
      message: request.message,
      fromId: state.pageId,
      createdTime: state.now(),
    });
    reply.json(res, 200, { id });
    return true;
  }
  if (edge === 'comments' && post && method === 'GET') {
    const data = state.comments
      .filter((candidate) => candidate.postId === post.id)
      .map((candidate) => ({
        id: candidate.id,
        message: candidate.message,
        created_time: time(candidate.createdTime),
        from: { id: candidate.fromId, name: candidate.fromId === state.pageId ? state.pageName : 'Quelqu’un' },
      }));
    reply.json(res, 200, { data, paging: { cursors: { before: 'MA', after: 'MQ' } } });
    return true;
  }
  return false;
}
