import type { Deps } from '../../deps';
import {
  type ConversationRow,
  conversationRowsByIds,
  countFacetRows,
  countUnread,
  encodeCursor,
  listConversationRows,
  type Viewer,
} from './conversation-queries';
import type { ConversationFilter, ListQuery } from './schemas';

/** A list row as the API answers it. */
export function toConversation(row: ConversationRow) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    priority: row.priority,
    tags: row.tags,
    category: row.category,
    sentiment: row.sentiment,
    classificationOverridden: row.overridden,
    customerName: row.customerName,
    customerHandle: row.customerHandle,
    excerpt: row.excerpt,
    messageCount: row.messageCount,
    lastMessageAt: row.lastMessageAt,
    lastInboundAt: row.lastInboundAt,
    responseDueAt: row.responseDueAt,
    overdue: row.overdue,
    dueSoon: row.dueSoon,
    firstResponseAt: row.firstResponseAt,
    unread: row.unread,
    channel: { id: row.channelId, provider: row.provider, name: row.channelName },
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? '' } : null,
    postId: row.postId,
    postTitle: row.postTitle,
    segmentId: row.segmentId,
    campaignId: row.campaignId,
    openEscalations: row.openEscalations,
  };
}
export type ConversationView = ReturnType<typeof toConversation>;

/** One page of the inbox, newest activity first, with the cursor of the next page. */
export async function listConversations(deps: Deps, viewer: Viewer, query: ListQuery) {
  const { cursor, limit, ...filter } = query;
  const rows = await listConversationRows(deps.sql, filter, viewer, { cursor, limit });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { conversations: page.map(toConversation), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export async function conversationView(deps: Deps, viewer: Viewer, id: string): Promise<ConversationView | null> {
  const [row] = await conversationRowsByIds(deps.sql, [id], viewer);
  return row ? toConversation(row) : null;
}

/** Counts per filter value for the filter bar, in one query. */
export async function countConversations(deps: Deps, viewer: Viewer, filter: ConversationFilter) {
  const rows = await countFacetRows(deps.sql, filter, viewer);
  const status: Record<string, number> = { open: 0, pending: 0, closed: 0 };
  const categories: Record<string, number> = { question: 0, complaint: 0, praise: 0, other: 0 };
  const sentiments: Record<string, number> = { negative: 0, neutral: 0, positive: 0 };
  const views = { all: 0, mine: 0, unassigned: 0, overdue: 0, dueSoon: 0, unread: 0 };
  const channels: Array<{ key: string; count: number }> = [];
  const assignees: Array<{ key: string; count: number }> = [];
  for (const r of rows) {
    const n = Number(r.n);
    switch (r.facet) {
      case 'status':
        status[r.key] = n;
        break;
      case 'category':
        categories[r.key] = n;
        break;
      case 'sentiment':
        sentiments[r.key] = n;
        break;
      case 'channel':
        channels.push({ key: r.key, count: n });
        break;
      case 'assignee':
        assignees.push({ key: r.key, count: n });
        break;
      case 'view':
        if (r.key in views) views[r.key as keyof typeof views] = n;
        break;
    }
  }
  return { status, views, channels, categories, sentiments, assignees };
}

export function unreadCount(deps: Deps, viewer: Pick<Viewer, 'workspaceId' | 'userId'>) {
  return countUnread(deps.sql, viewer);
}
