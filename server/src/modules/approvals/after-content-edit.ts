import type { Deps } from '../../deps';
import type { Db } from '../../lib/db';
import type { AuditActor } from '../audit/record-audit';
import type { PostView } from '../posts/post-repository';
import { saveVersion, setPostState, unqueueVariants } from './approval-repository';
import { startReview } from './submit-post';
import { snapshotOf } from './versions';
import { type PostState, stateAfterContentEdit } from './workflow';

/**
 * A post's content changed (a new version): its snapshot is kept, queued variants come off the
 * queue, approved work goes back to review, a round in progress restarts on the new version, and a
 * post sent back with changes requested becomes a draft again.
 */
export async function afterContentEdit(tx: Db, deps: Deps, actor: AuditActor, workspaceId: string, post: PostView, now: Date): Promise<PostState> {
  await saveVersion(tx, post.id, post.version, snapshotOf(post), actor.userId ?? null);
  const from = post.state as PostState;
  const to = stateAfterContentEdit(from);
  if (from === 'approved' || from === 'scheduled' || from === 'failed') await unqueueVariants(tx, post.id);
  if (to === 'in_review') return startReview(tx, deps, actor, workspaceId, post.id, now, { restart: from === 'in_review' });
  if (to !== from) await setPostState(tx, post.id, { state: to });
  return to;
}
