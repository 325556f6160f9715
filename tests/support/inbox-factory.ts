/**
 * Conversations and messages written straight into the database, the way ingestion leaves them
 * (for tests of working the inbox that do not need webhooks or polling).
 */
import { randomBytes } from 'node:crypto';
import type { Prisma } from '../../server/src/generated/prisma/client';
import type { PrismaClient } from '../../server/src/lib/db';

export interface MessageSeed {
  text: string;
  remoteId?: string;
  parentRemoteId?: string | null;
  authorName?: string;
  authorHandle?: string | null;
  sentAt?: Date;
  direction?: 'inbound' | 'outbound';
}

export interface ConversationSeed {
  workspaceId: string;
  channelAccountId: string;
  kind?: 'comment_thread' | 'reply_chain' | 'mention';
  threadRemoteId?: string;
  variantId?: string | null;
  postId?: string | null;
  segmentId?: string | null;
  campaignId?: string | null;
  status?: 'open' | 'pending' | 'closed';
  assigneeId?: string | null;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  tags?: string[];
  category?: 'question' | 'complaint' | 'praise' | 'other';
  sentiment?: 'negative' | 'neutral' | 'positive';
  customerName: string;
  customerHandle?: string | null;
  responseDueAt?: Date | null;
  messages: MessageSeed[];
}

let counter = 0;
export const remoteIdFor = (label = 'm') => `${label}${Date.now().toString(36)}${randomBytes(3).toString('hex')}${++counter}`;

export async function buildConversation(db: PrismaClient, seed: ConversationSeed) {
  const base = Date.now() - seed.messages.length * 60_000;
  const messages = seed.messages.map((m, i) => ({
    ...m,
    direction: m.direction ?? ('inbound' as const),
    sentAt: m.sentAt ?? new Date(base + i * 60_000),
    remoteId: m.remoteId ?? remoteIdFor(),
  }));
  const last = messages[messages.length - 1];
  const lastInbound = [...messages].reverse().find((m) => m.direction === 'inbound');
  const threadRemoteId = seed.threadRemoteId ?? remoteIdFor('t');
  const conversation = await db.conversation.create({
    data: {
      workspaceId: seed.workspaceId,
      channelAccountId: seed.channelAccountId,
      kind: seed.kind ?? 'comment_thread',
      threadRemoteId,
      variantId: seed.variantId ?? null,
      postId: seed.postId ?? null,
      segmentId: seed.segmentId ?? null,
      campaignId: seed.campaignId ?? null,
      status: seed.status ?? 'open',
      assigneeId: seed.assigneeId ?? null,
      priority: seed.priority ?? 'normal',
      tags: seed.tags ?? [],
      category: seed.category ?? 'other',
      sentiment: seed.sentiment ?? 'neutral',
      customerName: seed.customerName,
      customerHandle: seed.customerHandle ?? null,
      lastMessageAt: last?.sentAt ?? new Date(),
      lastInboundAt: lastInbound?.sentAt ?? null,
      lastMessageExcerpt: (last?.text ?? '').slice(0, 200),
      messageCount: messages.length,
      responseDueAt: seed.responseDueAt ?? null,
    },
    select: { id: true, threadRemoteId: true },
  });
  const rows: Prisma.InboxMessageCreateManyInput[] = messages.map((m) => ({
    workspaceId: seed.workspaceId,
    conversationId: conversation.id,
    channelAccountId: seed.channelAccountId,
    direction: m.direction,
    remoteId: m.remoteId,
    parentRemoteId: m.parentRemoteId === undefined ? threadRemoteId : m.parentRemoteId,
    authorName: m.authorName ?? (m.direction === 'inbound' ? seed.customerName : 'Brand'),
    authorHandle: m.authorHandle ?? (m.direction === 'inbound' ? (seed.customerHandle ?? null) : null),
    text: m.text,
    sentAt: m.sentAt,
    ...(m.direction === 'outbound' ? { deliveryState: 'sent' as const } : {}),
  }));
  await db.inboxMessage.createMany({ data: rows });
  const stored = await db.inboxMessage.findMany({
    where: { conversationId: conversation.id },
    orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
    select: { id: true, remoteId: true },
  });
  return { id: conversation.id, threadRemoteId: conversation.threadRemoteId, messages: stored };
}
