/**
 * What the inbox tells browsers after a change commits (real-time layer: server/src/realtime/). Events
 * carry ids only; browsers refetch what they show. Best effort: the database is the truth.
 */
import type { Deps } from '../../deps';
import type { ConversationChange } from '../../realtime/events';
import { publishRealtime } from '../../realtime/publish';

type EventDeps = Pick<Deps, 'redis' | 'redisPrefix' | 'logger'>;

export function conversationsChanged(
  deps: EventDeps,
  workspaceId: string,
  conversationIds: string[],
  change: ConversationChange,
  extra: { status?: 'open' | 'pending' | 'closed'; assigneeId?: string | null; byUserId?: string | null } = {},
): void {
  for (const conversationId of conversationIds) {
    publishRealtime(deps, { workspaceId }, 'inbox.conversation', { workspaceId, conversationId, change, ...extra });
  }
}

export function replyChanged(
  deps: EventDeps,
  m: {
    workspaceId: string;
    conversationId: string;
    messageId: string;
    change: 'created' | 'updated';
    remoteId: string | null;
    deliveryState: 'sending' | 'sent' | 'failed' | null;
  },
): void {
  publishRealtime(deps, { workspaceId: m.workspaceId }, 'inbox.message', {
    workspaceId: m.workspaceId,
    conversationId: m.conversationId,
    messageId: m.messageId,
    direction: 'outbound',
    change: m.change,
    remoteId: m.remoteId,
    deliveryState: m.deliveryState,
  });
}
