/**
 * Each event's `data`, built from what the emitting code has at hand (structural types: this module
 * imports none of the emitters). Publishing: publish-variant.ts, claim-batcher.ts, resolve-variant.ts;
 * approvals: finish-approval.ts; inbox: mark-overdue.ts, escalations.ts (`conversation.created` is built in SQL:
 * emit-event.ts `emitConversationsCreated`).
 */
import type { ConversationOverdueData, EscalationResolvedData, PostApprovedData, VariantFailedData, VariantPublishedData } from './events';

interface VariantRow {
  id: string;
  postId: string;
  scheduledAt: Date | null;
  channelAccount: { id: string; provider: string };
}

interface Published {
  remoteId: string;
  url: string | null;
  publishedAt: Date;
}

const REASON_MAX = 300;

export function publishedEventOf(row: VariantRow, published: Published): VariantPublishedData {
  return {
    variantId: row.id,
    postId: row.postId,
    channelAccountId: row.channelAccount.id,
    provider: row.channelAccount.provider,
    remoteId: published.remoteId,
    remoteUrl: published.url || null,
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    publishedAt: published.publishedAt.toISOString(),
  };
}

/** For claim-batcher.ts: a stored batch's events, with their workspaces. */
export function publishedEventsOf(items: ReadonlyArray<{ row: VariantRow & { workspaceId: string }; published: Published }>) {
  return items.map((i) => ({ workspaceId: i.row.workspaceId, data: publishedEventOf(i.row, i.published) }));
}

export function failedEventOf(row: VariantRow, failureKind: string, reason: string, failedAt = new Date()): VariantFailedData {
  return {
    variantId: row.id,
    postId: row.postId,
    channelAccountId: row.channelAccount.id,
    provider: row.channelAccount.provider,
    failureKind,
    reason: reason.slice(0, REASON_MAX),
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    failedAt: failedAt.toISOString(),
  };
}

export function approvedEventOf(
  post: { id: string; title: string; version: number; variants: ReadonlyArray<{ id: string; scheduledAt: Date | null }> },
  state: 'approved' | 'scheduled',
  approvedAt: Date,
): PostApprovedData {
  const times = post.variants.flatMap((v) => (v.scheduledAt ? [v.scheduledAt.getTime()] : []));
  return {
    postId: post.id,
    title: post.title.slice(0, 200),
    state,
    approvedVersion: post.version,
    approvedAt: approvedAt.toISOString(),
    variantIds: post.variants.map((v) => v.id),
    firstScheduledAt: times.length ? new Date(Math.min(...times)).toISOString() : null,
  };
}

export function overdueEventOf(c: { id: string; assigneeId: string | null; responseDueAt: Date }, overdueAt: Date): ConversationOverdueData {
  return { conversationId: c.id, assigneeId: c.assigneeId, responseDueAt: c.responseDueAt.toISOString(), overdueAt: overdueAt.toISOString() };
}

export function escalationResolvedEventOf(e: {
  id: string;
  conversationId: string;
  department: { id: string };
  resolvedAt: Date | null;
}): EscalationResolvedData {
  return {
    escalationId: e.id,
    conversationId: e.conversationId,
    departmentId: e.department.id,
    resolvedAt: (e.resolvedAt ?? new Date()).toISOString(),
  };
}
