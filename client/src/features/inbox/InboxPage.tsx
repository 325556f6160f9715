import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Icon } from '../../app/Icon';
import { errorMessage } from '../../lib/errors';
import { useRealtimeInvalidate, useRealtimeStatus } from '../../lib/realtime';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useMembers } from '../settings/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import {
  CATEGORIES,
  type Category,
  type ConversationStatus,
  type InboxFilters,
  SENTIMENTS,
  type Sentiment,
  STATUSES,
  useBulkUpdate,
  useConversations,
  useCounts,
  useUpdateConversation,
  type View,
} from './api';
import { BulkBar } from './BulkBar';
import { ConversationList } from './ConversationList';
import { InboxToolbar } from './InboxToolbar';
import { FOCUS_REPLY_EVENT } from './ReplyComposer';
import { ShortcutsHelp } from './ShortcutsHelp';
import { NoConversation, ThreadView } from './ThreadView';
import './inbox.css';

const VIEWS: View[] = ['all', 'mine', 'unassigned', 'overdue', 'unread'];
const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

function filtersOf(params: URLSearchParams): InboxFilters {
  return {
    status: pick<ConversationStatus | 'all'>(params.get('status'), [...STATUSES, 'all']) ?? 'open',
    view: pick(params.get('view'), VIEWS) ?? 'all',
    channelId: params.get('channel') ?? undefined,
    category: pick<Category>(params.get('category'), CATEGORIES),
    sentiment: pick<Sentiment>(params.get('sentiment'), SENTIMENTS),
    assigneeId: params.get('assignee') ?? undefined,
    segmentId: params.get('segment') ?? undefined,
    campaignId: params.get('campaign') ?? undefined,
    q: params.get('q') ?? undefined,
  };
}

const PARAM: Record<keyof InboxFilters, string> = {
  status: 'status',
  view: 'view',
  channelId: 'channel',
  category: 'category',
  sentiment: 'sentiment',
  assigneeId: 'assignee',
  segmentId: 'segment',
  campaignId: 'campaign',
  q: 'q',
};

/** Keys typed into a field are the field's, not shortcuts. */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || Boolean(target.closest('dialog[open]'));
}

/**
 * The unified inbox: filters with counts, the conversation list and the open thread side by side (on a
 * phone, one after the other), live through the real-time layer, with keyboard shortcuts.
 */
export default function InboxPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace, session, roles, isAdmin } = useCurrentWorkspace();
  const w = workspace.id;
  const me = { id: session.user.id, name: session.user.name };
  const canWork = isAdmin || roles.includes('community_manager');
  useDocumentTitle(t('nav.inbox'));
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersOf(params), [params]);
  const selectedId = params.get('c');
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [helpOpen, setHelpOpen] = useState(false);
  const list = useConversations(w, filters);
  const counts = useCounts(w, filters);
  const members = useMembers(w);
  const update = useUpdateConversation(w);
  const bulk = useBulkUpdate(w);
  const realtime = useRealtimeStatus();
  const conversations = useMemo(() => list.data?.pages.flatMap((p) => p.conversations) ?? [], [list.data]);

  // New messages, status and assignment changes from anyone: refetch what is on screen.
  useRealtimeInvalidate(['inbox.message', 'inbox.conversation'], (e) =>
    e.workspaceId === w
      ? [
          ['inbox', w, 'list'],
          ['inbox', w, 'counts'],
          ['inbox', w, 'unread'],
          ['inbox', w, 'thread', e.conversationId],
        ]
      : [],
  );

  const setFilters = useCallback(
    (next: Partial<InboxFilters>) => {
      setParams(
        (current) => {
          const p = new URLSearchParams(current);
          for (const [key, value] of Object.entries(next) as Array<[keyof InboxFilters, string | undefined]>) {
            const name = PARAM[key];
            if (!value || (key === 'status' && value === 'open') || (key === 'view' && value === 'all')) p.delete(name);
            else p.set(name, value);
          }
          return p;
        },
        { replace: true },
      );
      setChecked(new Set());
    },
    [setParams],
  );

  const select = useCallback(
    (id: string | null) => {
      setParams(
        (current) => {
          const p = new URLSearchParams(current);
          if (id) p.set('c', id);
          else p.delete('c');
          return p;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  // Forget checks of conversations that left the list.
  useEffect(() => {
    setChecked((current) => {
      if (current.size === 0) return current;
      const ids = new Set(conversations.map((c) => c.id));
      const next = new Set([...current].filter((id) => ids.has(id)));
      return next.size === current.size ? current : next;
    });
  }, [conversations]);

  const selected = conversations.find((c) => c.id === selectedId) ?? null;
  const stateRef = useRef({ conversations, selectedId, selected });
  stateRef.current = { conversations, selectedId, selected };

  // j/k next/previous, r reply, a assign to me, e close, ? the list of shortcuts.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || typingInField(event.target)) return;
      const { conversations: rows, selectedId: current, selected: open } = stateRef.current;
      const at = rows.findIndex((c) => c.id === current);
      const go = (index: number) => {
        const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
        if (!row) return;
        select(row.id);
        document.querySelector<HTMLElement>(`[data-conversation-id="${row.id}"] .inbox-row-main`)?.focus();
      };
      switch (event.key) {
        case 'j':
          event.preventDefault();
          go(at < 0 ? 0 : at + 1);
          break;
        case 'k':
          event.preventDefault();
          go(at < 0 ? 0 : at - 1);
          break;
        case 'r':
          if (!current || !canWork) return;
          event.preventDefault();
          window.dispatchEvent(new Event(FOCUS_REPLY_EVENT));
          break;
        case 'a':
          if (!current || !canWork) return;
          event.preventDefault();
          update.mutate(
            { id: current, change: { assigneeId: me.id } },
            { onSuccess: () => toast.success(t('inbox.thread.assignedToMe')), onError: (error) => toast.error(errorMessage(t, error)) },
          );
          break;
        case 'e':
          if (!current || !canWork || open?.status === 'closed') return;
          event.preventDefault();
          update.mutate(
            { id: current, change: { status: 'closed' } },
            { onSuccess: () => toast.success(t('inbox.thread.closed')), onError: (error) => toast.error(errorMessage(t, error)) },
          );
          break;
        case '?':
          event.preventDefault();
          setHelpOpen((v) => !v);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, canWork, update, me.id, toast, t]);

  const allChecked = conversations.length > 0 && conversations.every((c) => checked.has(c.id));

  return (
    <div className={`inbox-page${selectedId ? ' has-thread' : ''}`}>
      <PageHeader
        title={t('nav.inbox')}
        description={t('inbox.description')}
        actions={
          <>
            <span className={`live-status is-${realtime}`} role="status">
              <span className="live-dot" aria-hidden="true" />
              {t(`inbox.live.${realtime}`)}
            </span>
            <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
          </>
        }
      />
      <InboxToolbar workspaceId={w} filters={filters} counts={counts.data} members={members.data ?? []} onChange={setFilters} />
      <div className="inbox-panes">
        <section className="inbox-list-pane" aria-label={t('inbox.list.label')}>
          {canWork && conversations.length > 0 ? (
            <div className="inbox-list-head">
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={allChecked}
                  onChange={(e) => setChecked(e.target.checked ? new Set(conversations.map((c) => c.id)) : new Set())}
                />
                <span>{t('inbox.list.selectAll')}</span>
              </label>
              <span className="muted">{t('inbox.list.showing', { count: conversations.length })}</span>
            </div>
          ) : null}
          {checked.size > 0 ? (
            <BulkBar
              count={checked.size}
              members={members.data ?? []}
              busy={bulk.isPending}
              onClear={() => setChecked(new Set())}
              onAction={(action) =>
                bulk.mutate(
                  { ids: [...checked], action },
                  {
                    onSuccess: (r) => {
                      toast.success(t('inbox.bulk.done', { count: r.updated }));
                      setChecked(new Set());
                    },
                    onError: (error) => toast.error(errorMessage(t, error)),
                  },
                )
              }
            />
          ) : null}
          {list.isPending ? (
            <LoadingState rows={6} />
          ) : list.isError ? (
            <p className="alert alert-error" role="alert">
              {errorMessage(t, list.error)}
            </p>
          ) : conversations.length === 0 ? (
            <EmptyState
              headingLevel={2}
              title={filtersOn(filters) ? t('inbox.list.emptyFiltered') : t('inbox.emptyTitle')}
              icon={<Icon name="inbox" />}
            >
              <p>{filtersOn(filters) ? t('inbox.list.emptyFilteredBody') : t('inbox.emptyBody')}</p>
              {filtersOn(filters) ? (
                <Button
                  size="sm"
                  onClick={() =>
                    setFilters({
                      status: 'open',
                      view: 'all',
                      q: undefined,
                      channelId: undefined,
                      category: undefined,
                      sentiment: undefined,
                      assigneeId: undefined,
                      segmentId: undefined,
                      campaignId: undefined,
                    })
                  }
                >
                  {t('inbox.filters.clearAll')}
                </Button>
              ) : null}
            </EmptyState>
          ) : (
            <ConversationList
              conversations={conversations}
              selectedId={selectedId}
              onSelect={select}
              checked={canWork ? checked : undefined}
              onCheck={
                canWork
                  ? (id, on) =>
                      setChecked((current) => {
                        const next = new Set(current);
                        if (on) next.add(id);
                        else next.delete(id);
                        return next;
                      })
                  : undefined
              }
              timeZone={workspace.timeZone}
              hasMore={Boolean(list.hasNextPage)}
              loadingMore={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            />
          )}
        </section>
        <section className="inbox-thread-pane" aria-label={t('inbox.thread.label')}>
          {selectedId ? (
            <ThreadView
              key={selectedId}
              workspaceId={w}
              conversationId={selectedId}
              me={me}
              members={members.data ?? []}
              canWork={canWork}
              isAdmin={isAdmin}
              onBack={() => select(null)}
            />
          ) : (
            <NoConversation />
          )}
        </section>
      </div>
    </div>
  );
}

function filtersOn(f: InboxFilters): boolean {
  return (
    f.status !== 'open' || f.view !== 'all' || Boolean(f.q || f.channelId || f.category || f.sentiment || f.assigneeId || f.segmentId || f.campaignId)
  );
}
