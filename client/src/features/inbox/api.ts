import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Provider } from '../../api/types';

/* Wire types of server/src/modules/inbox/schemas.ts. */

export type ConversationStatus = 'open' | 'pending' | 'closed';
export type Category = 'question' | 'complaint' | 'praise' | 'other';
export type Sentiment = 'negative' | 'neutral' | 'positive';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type DeliveryState = 'sending' | 'sent' | 'failed';
export type EscalationStatus = 'open' | 'in_progress' | 'resolved';

export const STATUSES: ConversationStatus[] = ['open', 'pending', 'closed'];
export const CATEGORIES: Category[] = ['question', 'complaint', 'praise', 'other'];
export const SENTIMENTS: Sentiment[] = ['negative', 'neutral', 'positive'];
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

export interface Person {
  id: string;
  name: string;
}

export interface Conversation {
  id: string;
  kind: 'comment_thread' | 'reply_chain' | 'mention';
  status: ConversationStatus;
  priority: Priority;
  tags: string[];
  category: Category;
  sentiment: Sentiment;
  classificationOverridden: boolean;
  customerName: string;
  customerHandle: string | null;
  excerpt: string;
  messageCount: number;
  lastMessageAt: string;
  lastInboundAt: string | null;
  responseDueAt: string | null;
  overdue: boolean;
  dueSoon: boolean;
  firstResponseAt: string | null;
  unread: boolean;
  channel: { id: string; provider: Provider; name: string };
  assignee: Person | null;
  postId: string | null;
  postTitle: string | null;
  segmentId: string | null;
  campaignId: string | null;
  openEscalations: number;
}

export interface InboxMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  remoteId: string | null;
  parentRemoteId: string | null;
  authorName: string;
  authorHandle: string | null;
  text: string;
  sentAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  category: Category | null;
  sentiment: Sentiment | null;
  deliveryState: DeliveryState | null;
  failureReason: string | null;
  failureKind: string | null;
  attempts: number;
  sentBy: Person | null;
}

export interface InboxNote {
  id: string;
  body: string;
  author: Person;
  mentions: Person[];
  createdAt: string;
}

export interface Escalation {
  id: string;
  conversationId: string;
  department: { id: string; name: string; email: string };
  note: string;
  status: EscalationStatus;
  resolutionNote: string | null;
  createdBy: Person;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  customerToldAt: string | null;
  emailedAt: string | null;
}

export interface ClassificationReason {
  terms?: Array<{ term: string; source?: 'rule' | 'lexicon'; category?: Category; sentiment?: Sentiment }>;
}

export interface Thread {
  conversation: Conversation & {
    classification: ClassificationReason;
    classificationOverride: { category: Category; sentiment: Sentiment; by: Person; at: string } | null;
    resolvedAt: string | null;
    createdAt: string;
    readAt: string | null;
  };
  post: {
    variantId: string;
    postId: string;
    title: string;
    text: string;
    remoteUrl: string | null;
    publishedAt: string | null;
    segment: { id: string; name: string; color: string } | null;
    campaign: { id: string; name: string; color: string } | null;
  } | null;
  messages: InboxMessage[];
  olderMessages: number;
  notes: InboxNote[];
  escalations: Escalation[];
}

export interface Counts {
  status: Record<ConversationStatus, number>;
  views: { all: number; mine: number; unassigned: number; overdue: number; dueSoon: number; unread: number };
  channels: Array<{ key: string; count: number }>;
  categories: Record<Category, number>;
  sentiments: Record<Sentiment, number>;
  assignees: Array<{ key: string; count: number }>;
}

export interface SavedReply {
  id: string;
  title: string;
  body: string;
  locale: 'ko' | 'en';
  createdAt: string;
  updatedAt: string;
}

export interface Department {
  id: string;
  name: string;
  email: string;
  archivedAt: string | null;
  createdAt: string;
}

export type View = 'all' | 'mine' | 'unassigned' | 'overdue' | 'unread';

/** What the list shows; kept in the URL. */
export interface InboxFilters {
  status: ConversationStatus | 'all';
  view: View;
  channelId?: string;
  category?: Category;
  sentiment?: Sentiment;
  assigneeId?: string;
  segmentId?: string;
  campaignId?: string;
  q?: string;
}

export function filterQuery(f: InboxFilters): URLSearchParams {
  const p = new URLSearchParams();
  p.set('status', f.status);
  if (f.view !== 'all') p.set(f.view, 'true');
  for (const key of ['channelId', 'category', 'sentiment', 'assigneeId', 'segmentId', 'campaignId'] as const) {
    const value = f[key];
    if (value) p.set(key, value);
  }
  if (f.q?.trim()) p.set('q', f.q.trim());
  return p;
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/inbox`;

export const inboxKeys = {
  all: (workspaceId: string) => ['inbox', workspaceId] as const,
  list: (workspaceId: string, f: InboxFilters) => ['inbox', workspaceId, 'list', f] as const,
  counts: (workspaceId: string, f: InboxFilters) => ['inbox', workspaceId, 'counts', f] as const,
  thread: (workspaceId: string, id: string) => ['inbox', workspaceId, 'thread', id] as const,
  unread: (workspaceId: string) => ['inbox', workspaceId, 'unread'] as const,
  savedReplies: (workspaceId: string) => ['inbox', workspaceId, 'saved-replies'] as const,
  departments: (workspaceId: string, archived: boolean) => ['inbox', workspaceId, 'departments', archived] as const,
};

const PAGE = 40;

export function useConversations(workspaceId: string, f: InboxFilters) {
  return useInfiniteQuery({
    queryKey: inboxKeys.list(workspaceId, f),
    queryFn: ({ pageParam }) => {
      const q = filterQuery(f);
      q.set('limit', String(PAGE));
      if (pageParam) q.set('cursor', pageParam);
      return api.get<{ conversations: Conversation[]; nextCursor: string | null }>(`${base(workspaceId)}/conversations?${q}`);
    },
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

export function useCounts(workspaceId: string, f: InboxFilters) {
  return useQuery({
    queryKey: inboxKeys.counts(workspaceId, f),
    queryFn: () => api.get<Counts>(`${base(workspaceId)}/counts?${filterQuery(f)}`),
    placeholderData: (previous) => previous,
  });
}

export function useThread(workspaceId: string, id: string | null) {
  return useQuery({
    queryKey: inboxKeys.thread(workspaceId, id ?? ''),
    queryFn: () => api.get<Thread>(`${base(workspaceId)}/conversations/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

/** The navigation badge: refreshed by real-time events, and every minute as a fallback. */
export function useUnreadCount(workspaceId: string) {
  return useQuery({
    queryKey: inboxKeys.unread(workspaceId),
    queryFn: () => api.get<{ unread: number }>(`${base(workspaceId)}/unread`).then((r) => r.unread),
    refetchInterval: 60_000,
    enabled: Boolean(workspaceId),
  });
}

function useInboxInvalidate(workspaceId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: inboxKeys.all(workspaceId) });
}

export type ConversationChange = Partial<{
  status: ConversationStatus;
  priority: Priority;
  tags: string[];
  assigneeId: string | null;
  category: Category;
  sentiment: Sentiment;
}>;

/** Changes one conversation; the list and the thread take the answer, and are refetched after (the thread's selects show the choice at once). */
export function useUpdateConversation(workspaceId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInboxInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: ConversationChange }) =>
      api.patch<Conversation>(`${base(workspaceId)}/conversations/${encodeURIComponent(id)}`, change),
    onSuccess: (updated) => {
      queryClient.setQueriesData<InfiniteData<{ conversations: Conversation[]; nextCursor: string | null }>>(
        { queryKey: ['inbox', workspaceId, 'list'] },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({ ...page, conversations: page.conversations.map((c) => (c.id === updated.id ? updated : c)) })),
          },
      );
      queryClient.setQueryData<Thread>(inboxKeys.thread(workspaceId, updated.id), (thread) =>
        thread ? { ...thread, conversation: { ...thread.conversation, ...updated } } : thread,
      );
    },
    onSettled: invalidate,
  });
}

export type BulkAction =
  | { type: 'assign'; assigneeId: string | null }
  | { type: 'status'; status: ConversationStatus }
  | { type: 'tag'; add?: string[]; remove?: string[] };

export function useBulkUpdate(workspaceId: string) {
  const invalidate = useInboxInvalidate(workspaceId);
  return useMutation({
    mutationFn: (input: { ids: string[]; action: BulkAction }) =>
      api.post<{ updated: number; skipped: number }>(`${base(workspaceId)}/conversations/bulk`, input),
    onSettled: invalidate,
  });
}

export function useMarkRead(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) => api.post<{ unread: number }>(`${base(workspaceId)}/read`, which),
    onSuccess: ({ unread }, which) => {
      queryClient.setQueryData(inboxKeys.unread(workspaceId), unread);
      const ids = 'ids' in which ? which.ids : null;
      queryClient.setQueriesData<InfiniteData<{ conversations: Conversation[]; nextCursor: string | null }>>(
        { queryKey: ['inbox', workspaceId, 'list'] },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              conversations: page.conversations.map((c) => (!ids || ids.includes(c.id) ? { ...c, unread: false } : c)),
            })),
          },
      );
      void queryClient.invalidateQueries({ queryKey: ['inbox', workspaceId, 'counts'] });
    },
  });
}

export interface ReplyInput {
  text: string;
  idempotencyKey: string;
  seenUpTo: string | null;
  force?: boolean;
  inReplyTo?: string;
  escalationId?: string;
}

export function useSendReply(workspaceId: string, conversationId: string) {
  const invalidate = useInboxInvalidate(workspaceId);
  return useMutation({
    mutationFn: (input: ReplyInput) =>
      api.post<InboxMessage>(`${base(workspaceId)}/conversations/${encodeURIComponent(conversationId)}/replies`, input),
    onSuccess: invalidate,
  });
}

export function useRetryReply(workspaceId: string) {
  const invalidate = useInboxInvalidate(workspaceId);
  return useMutation({
    mutationFn: (messageId: string) => api.post<void>(`${base(workspaceId)}/messages/${encodeURIComponent(messageId)}/retry`),
    onSettled: invalidate,
  });
}

export function useAddNote(workspaceId: string, conversationId: string) {
  const invalidate = useInboxInvalidate(workspaceId);
  return useMutation({
    mutationFn: (input: { body: string; mentions: string[] }) =>
      api.post<InboxNote>(`${base(workspaceId)}/conversations/${encodeURIComponent(conversationId)}/notes`, input),
    onSuccess: invalidate,
  });
}

export function useEscalate(workspaceId: string, conversationId: string) {
  const invalidate = useInboxInvalidate(workspaceId);
  return useMutation({
    mutationFn: (input: { departmentId: string; note: string }) =>
      api.post<Escalation>(`${base(workspaceId)}/conversations/${encodeURIComponent(conversationId)}/escalations`, input),
    onSuccess: invalidate,
  });
}

export function useUpdateEscalation(workspaceId: string) {
  const invalidate = useInboxInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, status, resolutionNote }: { id: string; status: EscalationStatus; resolutionNote?: string }) =>
      api.patch<Escalation>(`${base(workspaceId)}/escalations/${encodeURIComponent(id)}`, { status, ...(resolutionNote ? { resolutionNote } : {}) }),
    onSettled: invalidate,
  });
}

export function useSavedReplies(workspaceId: string) {
  return useQuery({
    queryKey: inboxKeys.savedReplies(workspaceId),
    queryFn: () => api.get<{ savedReplies: SavedReply[] }>(`${base(workspaceId)}/saved-replies`).then((r) => r.savedReplies),
  });
}

export function useSaveSavedReply(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id?: string; title: string; body: string; locale: 'ko' | 'en' }) =>
      id
        ? api.patch<SavedReply>(`${base(workspaceId)}/saved-replies/${encodeURIComponent(id)}`, input)
        : api.post<SavedReply>(`${base(workspaceId)}/saved-replies`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKeys.savedReplies(workspaceId) }),
  });
}

export function useDeleteSavedReply(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspaceId)}/saved-replies/${encodeURIComponent(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKeys.savedReplies(workspaceId) }),
  });
}

export function useDepartments(workspaceId: string, archived = false) {
  return useQuery({
    queryKey: inboxKeys.departments(workspaceId, archived),
    queryFn: () =>
      api.get<{ departments: Department[] }>(`${base(workspaceId)}/departments${archived ? '?archived=true' : ''}`).then((r) => r.departments),
  });
}

export function useSaveDepartment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id?: string; name?: string; email?: string; archived?: boolean }) =>
      id
        ? api.patch<Department>(`${base(workspaceId)}/departments/${encodeURIComponent(id)}`, input)
        : api.post<Department>(`${base(workspaceId)}/departments`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['inbox', workspaceId, 'departments'] }),
  });
}
