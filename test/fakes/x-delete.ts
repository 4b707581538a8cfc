/**
 * X's delete and single look-up (platforms-wave2.md §1.1, §1.3), for the test server:
 * `DELETE /2/tweets/:id` answers `200 {"data":{"deleted":true}}` for our own post, 403 for someone
 * else's; a second delete of the same id is unconfirmed upstream, so the fake answers it 404 (the
 * adapter must confirm with a look-up either way). `GET /2/tweets/:id` answers a missing or deleted
 * post with HTTP 200 and the "Not Found Error" partial error.
 */

export interface XDeletable {
  id: string;
  text: string;
  returnedText: string;
  authorId: string;
  createdAt: Date;
  inReplyToId: string | undefined;
  conversationId: string;
}

export interface XDeleteReply {
  status: number;
  body?: unknown;
}

/** Every successful delete, in order (a test checks that each of our posts was deleted once). */
export type XDeletions = string[];

export function deleteTweet(
  posts: XDeletable[],
  deletions: XDeletions,
  userId: string,
  id: string,
  foreign: ReadonlySet<string>,
): XDeleteReply {
  if (!/^[0-9]{1,19}$/.test(id)) {
    return {
      status: 400,
      body: {
        errors: [{ parameters: { id: [id] }, message: `The \`id\` query parameter value [${id}] is not valid` }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      },
    };
  }
  const index = posts.findIndex((tweet) => tweet.id === id);
  const post = posts[index];
  if (foreign.has(id) || (post !== undefined && post.authorId !== userId)) {
    return {
      status: 403,
      body: {
        title: 'Forbidden',
        type: 'about:blank',
        status: 403,
        detail: 'You are not allowed to delete this Tweet.',
      },
    };
  }
  if (post === undefined) return { status: 404, body: notFound(id) };
  posts.splice(index, 1);
  deletions.push(id);
  return { status: 200, body: { data: { deleted: true } } };
}

export function getTweet(posts: XDeletable[], id: string): XDeleteReply {
  const post = posts.find((tweet) => tweet.id === id);
  if (post === undefined) return { status: 200, body: notFound(id) };
  return {
    status: 200,
    body: {
      data: {
        id: post.id,
        text: post.returnedText,
        edit_history_tweet_ids: [post.id],
        author_id: post.authorId,
        conversation_id: post.conversationId,
        ...(post.inReplyToId ? { in_reply_to_user_id: post.authorId } : {}),
      },
    },
  };
}

function notFound(id: string): Record<string, unknown> {
  return {
    errors: [
      {
        value: id,
        detail: `Could not find tweet with id: [${id}].`,
        title: 'Not Found Error',
        resource_type: 'tweet',
        parameter: 'id',
        resource_id: id,
        type: 'https://api.twitter.com/2/problems/resource-not-found',
      },
    ],
  };
}
