import type { Db } from '../../lib/db';
import { lockPost, setPostState } from '../approvals/approval-repository';
import { variantStates } from './publishing-repository';

/**
 * A variant finished: the post is `published` when every variant went out, `partially_published`
 * when some went out and the rest failed, `failed` when all failed; while any is still on its way
 * it stays `scheduled`.
 */
export async function settlePost(tx: Db, _workspaceId: string, postId: string): Promise<void> {
  // Variants of one post finish in parallel transactions: under the post's lock the last one to
  // finish sees every other outcome committed (without it, each sees the others still publishing).
  await lockPost(tx, postId);
  const states = await variantStates(tx, postId);
  if (!states.length || states.some((s) => s === 'scheduled' || s === 'publishing' || s === 'unconfirmed')) return;
  const published = states.filter((s) => s === 'published').length;
  const failedCount = states.filter((s) => s === 'failed').length;
  if (published === states.length) await setPostState(tx, postId, { state: 'published' });
  else if (published > 0) await setPostState(tx, postId, { state: 'partially_published' });
  else if (failedCount > 0) await setPostState(tx, postId, { state: 'failed' });
}
