import type { Db } from '../../lib/db';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { notify } from '../notifications/notify';
import { emitEvent } from '../outgoing-webhooks/emit-event';
import { approvedEventOf } from '../outgoing-webhooks/event-payloads';
import { moveLateVariants, queueVariants, setPostState } from './approval-repository';
import type { ReviewContext } from './review-context';

/**
 * The last step was satisfied: the version is approved. A post whose variants all have a time is
 * scheduled at once (its variants queued); when a time has already passed, the policy decides:
 * `publish_now` moves those variants to now, `hold` keeps the post approved and asks the author for
 * a new time. Untimed variants keep the post `approved` until a planner schedules it.
 */
export async function finishApproval(tx: Db, actor: AuditActor, ctx: ReviewContext, now: Date): Promise<'approved' | 'scheduled'> {
  const { post, policy, workspaceId } = ctx;
  const times = post.variants.map((v) => v.scheduledAt);
  const allTimed = times.length > 0 && times.every((t) => t !== null);
  const late = times.some((t) => t !== null && t.getTime() < now.getTime());
  const recipients = [post.author.id];
  const data = { title: post.title, version: post.version };
  let state: 'approved' | 'scheduled' = 'approved';
  if (allTimed && (!late || policy.lateApproval === 'publish_now')) {
    if (late) await moveLateVariants(tx, post.id, now, now);
    await queueVariants(tx, post.id);
    state = 'scheduled';
  } else if (late) {
    await notify(tx, workspaceId, {
      userIds: recipients,
      kind: 'late_approval',
      postId: post.id,
      data,
      dedupeKey: `late:${post.id}:${post.version}`,
    });
  }
  await setPostState(tx, post.id, { state, approvedVersion: post.version });
  await emitEvent(tx, workspaceId, 'post.approved', approvedEventOf(post, state, now));
  await notify(tx, workspaceId, {
    userIds: recipients,
    kind: 'approved',
    postId: post.id,
    data,
    dedupeKey: `approved:${post.id}:${post.version}:${now.getTime()}`,
  });
  await recordAudit(tx, actor, {
    workspaceId,
    entityType: 'post',
    entityId: post.id,
    action: 'post.approved',
    before: { state: post.state },
    after: { state, approvedVersion: post.version, late, lateApproval: late ? policy.lateApproval : null },
  });
  return state;
}
