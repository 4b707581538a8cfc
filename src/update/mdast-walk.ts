import type { Nodes, Parent, RootContent } from 'mdast';

/** A node of an update's Markdown tree and the node holding it. */
export interface Placed {
  node: Nodes;
  parent: Parent;
}

/**
 * Every node under `body`, in document order, each with its parent. Walked with a list rather than
 * by recursion: a hostile file nests thousands of levels (`*` inside `*`…), which would overflow
 * the call stack.
 */
export function nodesInOrder(body: RootContent[]): Placed[] {
  const root: Parent = { type: 'root', children: body } as Parent;
  const placed: Placed[] = [];
  const stack: Placed[] = [...body].reverse().map((node) => ({ node, parent: root }));
  while (stack.length > 0) {
    const next = stack.pop()!;
    placed.push(next);
    if ('children' in next.node) {
      const parent = next.node as Parent;
      for (let i = parent.children.length - 1; i >= 0; i--) stack.push({ node: parent.children[i] as Nodes, parent });
    }
  }
  return placed;
}
