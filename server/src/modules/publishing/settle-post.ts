import type { Db } from '../../lib/db';
import { lockPosts, settlePostStates } from './publishing-repository';

/**
 * Variants finished: each post is `published` when every variant went out, `partially_published`
 * when some went out and the rest failed, `failed` when all failed; while any is still on its way
 * it stays `scheduled`.
 */
export async function settlePosts(tx: Db, postIds: string[]): Promise<void> {
  if (!postIds.length) return;
  // Variants of one post finish in parallel transactions: under the posts' locks the last one to
  // finish sees every other outcome committed (without them, each sees the others still publishing).
  await lockPosts(tx, postIds);
  await settlePostStates(tx, postIds);
}

export function settlePost(tx: Db, _workspaceId: string, postId: string): Promise<void> {
  return settlePosts(tx, [postId]);
}
