import type { Deps } from '../../deps';
import type { Db } from '../../lib/db';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { formatProblem } from '../posts/rules/messages';
import { conversationsChanged, replyChanged } from './inbox-events';
import {
  type ConversationCore,
  findChannelOf,
  findEscalation,
  findInboundMessage,
  findMessageByKey,
  insertReply,
  latestInbound,
  lockConversation,
  repliesAfter,
  touchConversation,
  updateEscalationRow,
} from './inbox-repository';
import { enqueueDeliverySoon } from './outbound-jobs';
import { checkReplyText } from './rules/reply-rules';
import type { ReplyInput } from './schemas';

/**
 * A reply from the thread: checked like the composer checks a post (X weighs Korean 2), written as an
 * outbound message in `sending` under the writer's idempotency key, then queued. Sending the same key
 * again answers the same reply and sends nothing more. If one of us replied after the message the
 * writer last saw, it is a 409 `reply_collision` with those replies, unless `force`.
 */
export async function sendReply(deps: Deps, actor: AuditActor & { userId: string }, workspaceId: string, conversationId: string, input: ReplyInput) {
  const again = await findMessageByKey(deps.prisma, input.idempotencyKey);
  if (again) return { message: sameReply(again, workspaceId, conversationId), created: false };

  const now = new Date();
  const created = await deps.prisma.$transaction(async (tx) => {
    const conversation = await lockConversation(tx, workspaceId, conversationId);
    if (!conversation) throw notFound('Conversation');
    const existing = await findMessageByKey(tx, input.idempotencyKey);
    if (existing) return { message: sameReply(existing, workspaceId, conversationId), created: false };
    const channel = await findChannelOf(tx, conversation.channelAccountId);
    if (!channel) throw notFound('Channel');
    const text = input.text.trim();
    const problems = checkReplyText(channel.provider, text).filter((p) => p.severity === 'error');
    if (problems.length) {
      const details = problems.map((p) => ({ ...p, message: formatProblem(p, 'en') }));
      throw new AppError('unprocessable', `The reply cannot be sent: ${details.map((d) => d.message).join(' ')}`, details);
    }
    if (!input.force) {
      const newer = await repliesAfter(tx, conversationId, input.seenUpTo ?? null);
      if (newer.length) {
        throw new AppError('reply_collision', 'Someone replied to this conversation after the message you last saw', {
          replies: newer.map((r) => ({ id: r.id, text: r.text, sentAt: r.sentAt, deliveryState: r.deliveryState, by: r.sentBy })),
        });
      }
    }
    const toRemoteId = await replyTarget(tx, conversation, channel.provider, input.inReplyTo);
    const message = await insertReply(tx, {
      workspaceId,
      conversationId,
      channelAccountId: conversation.channelAccountId,
      parentRemoteId: toRemoteId,
      authorName: channel.name,
      authorHandle: channel.handle,
      text,
      sentById: actor.userId,
      idempotencyKey: input.idempotencyKey,
      now,
    });
    await touchConversation(tx, conversationId, text, now);
    if (input.escalationId) await markCustomerTold(tx, workspaceId, conversationId, input.escalationId, now);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'conversation',
      entityId: conversationId,
      action: 'conversation.replied',
      after: { messageId: message.id, toRemoteId, escalationId: input.escalationId ?? null },
    });
    return { message, created: true };
  });
  if (created.created) {
    await enqueueDeliverySoon(deps, created.message.id, 0);
    replyChanged(deps, { workspaceId, conversationId, messageId: created.message.id, change: 'created', remoteId: null, deliveryState: 'sending' });
    if (input.escalationId) conversationsChanged(deps, workspaceId, [conversationId], 'escalation', { byUserId: actor.userId });
  }
  return created;
}

function sameReply<T extends { workspaceId: string; conversationId: string }>(row: T, workspaceId: string, conversationId: string) {
  if (row.workspaceId !== workspaceId || row.conversationId !== conversationId) {
    throw new AppError('conflict', 'This idempotency key was used for another reply; make a new one per reply');
  }
  const { workspaceId: _w, conversationId: _c, ...message } = row;
  return message;
}

/**
 * What the reply answers on the network. Facebook and Instagram thread comments one level deep: a reply
 * to a reply goes under its top-level comment. On X a reply answers the post itself.
 */
async function replyTarget(db: Db, conversation: ConversationCore, provider: string, inReplyTo: string | undefined): Promise<string> {
  const target = inReplyTo ? await findInboundMessage(db, conversation.id, inReplyTo) : await latestInbound(db, conversation.id);
  if (!target?.remoteId || target.deletedAt) {
    throw new AppError('invalid_state', inReplyTo ? 'That message was removed on the network' : 'There is no customer message to reply to', {
      reason: 'no_reply_target',
    });
  }
  if (provider === 'x') return target.remoteId;
  const parent = target.parentRemoteId;
  return parent && parent !== conversation.threadRemoteId ? parent : target.remoteId;
}

async function markCustomerTold(db: Db, workspaceId: string, conversationId: string, escalationId: string, now: Date) {
  const escalation = await findEscalation(db, workspaceId, escalationId);
  if (!escalation || escalation.conversationId !== conversationId) throw notFound('Escalation');
  if (escalation.status !== 'resolved') {
    throw new AppError('invalid_state', 'Tell the customer once the escalation is resolved', { state: escalation.status, allowed: ['resolved'] });
  }
  if (!escalation.customerToldAt) await updateEscalationRow(db, escalationId, { customerToldAt: now });
}
