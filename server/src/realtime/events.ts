/**
 * The real-time events, typed once for the server, the workers and the browser (client/src/lib/realtime.ts
 * imports these types). Pure TypeScript: no Node imports, so the client's tsc and Vite can read it.
 *
 * Usage (server or worker, after the database commit):
 *   publishRealtime(deps, { workspaceId }, 'inbox.message', { workspaceId, conversationId, messageId, ... });
 * Usage (browser):
 *   useRealtimeEvent('inbox.conversation', (e) => ...);            // client/src/lib/realtime.ts
 *   useRealtimeInvalidate(['inbox.message'], () => [['inbox', workspaceId]]);
 *
 * Payloads carry ids and a few display fields only; the browser refetches what it shows through the API
 * (which checks roles), so an event never leaks more than a list row would.
 */

/** Room names: every signed-in socket is in its user room and in one room per workspace it belongs to. */
export const rooms = {
  workspace: (id: string) => `workspace:${id}`,
  user: (id: string) => `user:${id}`,
  conversation: (id: string) => `conversation:${id}`,
  session: (id: string) => `session:${id}`,
} as const;

export interface InboxMessageEvent {
  workspaceId: string;
  conversationId: string;
  messageId: string;
  direction: 'inbound' | 'outbound';
  /** created: a new message; updated: edited on the network or its delivery state changed; deleted: removed on the network. */
  change: 'created' | 'updated' | 'deleted';
  /** The network's id (null for an outbound reply not sent yet). */
  remoteId: string | null;
  /** Outbound replies: sending → sent / failed. */
  deliveryState?: 'sending' | 'sent' | 'failed' | null;
}

export type ConversationChange =
  | 'created'
  | 'updated'
  | 'reopened'
  | 'status'
  | 'assigned'
  | 'classified'
  | 'overdue'
  | 'note'
  | 'escalation'
  | 'read';

export interface InboxConversationEvent {
  workspaceId: string;
  conversationId: string;
  change: ConversationChange;
  status?: 'open' | 'pending' | 'closed';
  assigneeId?: string | null;
  /** Who made the change (null when the network or a job did). */
  byUserId?: string | null;
}

/**
 * Everything one ingest batch changed in a workspace, in one event: a webhook burst of 500 comments is one
 * frame per browser, not a thousand. The browser hands each entry to the handlers of `inbox.message` and
 * `inbox.conversation` (client/src/lib/realtime.ts), so subscribers never see the difference.
 */
export interface InboxBatchEvent {
  workspaceId: string;
  messages: InboxMessageEvent[];
  conversations: InboxConversationEvent[];
}

export type PresenceState = 'viewing' | 'typing';

export interface PresencePerson {
  userId: string;
  name: string;
  state: PresenceState;
}

/** Everyone in a conversation right now (the full list, not a diff), sent to the conversation's room on every change. */
export interface PresenceEvent {
  conversationId: string;
  people: PresencePerson[];
}

export interface NotificationEvent {
  userId: string;
  kind: string;
}

export interface ServerToClientEvents {
  'inbox.message': (event: InboxMessageEvent) => void;
  'inbox.conversation': (event: InboxConversationEvent) => void;
  'inbox.batch': (event: InboxBatchEvent) => void;
  presence: (event: PresenceEvent) => void;
  notification: (event: NotificationEvent) => void;
}

export type RealtimeEventName = keyof ServerToClientEvents;
export type RealtimePayload<E extends RealtimeEventName> = Parameters<ServerToClientEvents[E]>[0];

export type Ack = (answer: { ok: true } | { ok: false; error: 'not_found' | 'invalid' }) => void;

export interface ClientToServerEvents {
  /** Join a conversation's room (presence "viewing"); the ack says whether it exists in one of your workspaces. */
  'conversation.join': (conversationId: string, ack?: Ack) => void;
  'conversation.leave': (conversationId: string) => void;
  /** Typing in a conversation's reply box; cleared by `typing: false`, by leaving, or 8 s after the last `true`. */
  'presence.typing': (input: { conversationId: string; typing: boolean }) => void;
}

/** The path the socket.io server listens on (under /api so the dev proxy and the SPA fallback leave it alone). */
export const REALTIME_PATH = '/api/realtime';
