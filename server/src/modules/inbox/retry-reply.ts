import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { replyChanged } from './inbox-events';
import { findOwnMessage, lockMessage, updateMessage } from './inbox-repository';
import { enqueueDeliverySoon } from './outbound-jobs';

/**
 * "Retry" on a failed reply: back to `sending` and queued. A reply whose outcome stayed unknown is first
 * looked for on the network (it keeps a claim marked unknown), so a retry never sends it twice.
 */
export async function retryReply(deps: Deps, actor: AuditActor & { userId: string }, workspaceId: string, messageId: string) {
  const now = new Date();
  const message = await deps.prisma.$transaction(async (tx) => {
    await lockMessage(tx, messageId);
    const row = await findOwnMessage(tx, workspaceId, messageId);
    if (row?.direction !== 'outbound') throw notFound('Reply');
    if (row.deliveryState !== 'failed') {
      throw new AppError('invalid_state', 'Only a failed reply can be retried', { state: row.deliveryState, allowed: ['failed'] });
    }
    const unknown = row.failureKind === 'unknown_outcome';
    const updated = await updateMessage(tx, messageId, {
      deliveryState: 'sending',
      failureReason: null,
      ...(unknown ? { claimedAt: now, failureKind: 'unknown_outcome' } : { claimedAt: null, failureKind: null }),
    });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'conversation',
      entityId: row.conversationId,
      action: 'conversation.reply_retried',
      after: { messageId },
    });
    return updated;
  });
  await enqueueDeliverySoon(deps, messageId, `m${now.getTime()}`);
  replyChanged(deps, { workspaceId, conversationId: message.conversationId, messageId, change: 'updated', remoteId: null, deliveryState: 'sending' });
  return message;
}
