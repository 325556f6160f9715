import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { type PresencePerson, useConversationPresence } from '../../lib/realtime';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { NetworkIcon } from '../calendar/NetworkIcon';
import { useWorkspaceTime } from '../workspaces/current-workspace';
import {
  CATEGORIES,
  type Category,
  type ConversationChange,
  type Escalation,
  type InboxMessage,
  type InboxNote,
  PRIORITIES,
  type Priority,
  SENTIMENTS,
  type Sentiment,
  type Thread,
  useDepartments,
  useEscalate,
  useMarkRead,
  useRetryReply,
  useThread,
  useUpdateConversation,
} from './api';
import { EscalateDialog, EscalationCard } from './EscalationCard';
import { customerLabel, dueText, initials } from './format';
import { ReplyComposer, type ReplyTarget, type TellCustomer } from './ReplyComposer';

interface Props {
  workspaceId: string;
  conversationId: string;
  me: { id: string; name: string };
  members: Member[];
  canWork: boolean;
  isAdmin: boolean;
  onBack: () => void;
}

type Entry =
  | { at: string; kind: 'message'; m: InboxMessage }
  | { at: string; kind: 'note'; n: InboxNote }
  | { at: string; kind: 'escalation'; e: Escalation };

/** One conversation: who and where, what to do next, the post it answers, the messages, notes and escalations, and the reply box. */
export function ThreadView({ workspaceId, conversationId, me, members, canWork, isAdmin, onBack }: Props) {
  const { t } = useTranslation();
  const thread = useThread(workspaceId, conversationId);
  const { others, setTyping } = useConversationPresence(conversationId, me.id);
  const markRead = useMarkRead(workspaceId);
  const markReadRef = useRef(markRead.mutate);
  markReadRef.current = markRead.mutate;
  const unread = thread.data?.conversation.unread;
  const lastInboundAt = thread.data?.conversation.lastInboundAt;

  // Opening a conversation (and each new customer message while it is open) marks it read.
  useEffect(() => {
    if (unread && lastInboundAt) markReadRef.current({ ids: [conversationId] });
  }, [conversationId, unread, lastInboundAt]);

  return (
    <div className="thread" data-testid="thread">
      <div className="thread-back">
        <Button size="sm" variant="ghost" onClick={onBack}>
          <span aria-hidden="true">←</span> {t('inbox.thread.back')}
        </Button>
      </div>
      {thread.isPending ? (
        <LoadingState rows={5} />
      ) : thread.isError ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(t, thread.error)}
        </p>
      ) : (
        <ThreadBody
          workspaceId={workspaceId}
          thread={thread.data}
          me={me}
          members={members}
          canWork={canWork}
          isAdmin={isAdmin}
          others={others}
          setTyping={setTyping}
        />
      )}
    </div>
  );
}

function ThreadBody({
  workspaceId,
  thread,
  me,
  members,
  canWork,
  isAdmin,
  others,
  setTyping,
}: Omit<Props, 'conversationId' | 'onBack'> & { thread: Thread; others: PresencePerson[]; setTyping: (typing: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const toast = useToast();
  const time = useWorkspaceTime();
  const c = thread.conversation;
  const update = useUpdateConversation(workspaceId);
  const retry = useRetryReply(workspaceId);
  const departments = useDepartments(workspaceId);
  const escalate = useEscalate(workspaceId, c.id);
  const [escalating, setEscalating] = useState(false);
  const [tell, setTell] = useState<TellCustomer | null>(null);
  const [tagDraft, setTagDraft] = useState('');
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const ids = { assign: useId(), priority: useId(), category: useId(), sentiment: useId(), tag: useId() };
  const name = customerLabel(c, t('inbox.customer'));
  const inboxPeople = members.filter((m) => m.roles.includes('admin') || m.roles.includes('community_manager'));
  const due = dueText(t, c, lang);
  const typing = others.filter((p) => p.state === 'typing');

  // A select shows its choice at once; each choice gives way to the saved conversation when its save settles
  // (a controlled select would otherwise spring back until the answer comes).
  const [chosen, setChosen] = useState<ConversationChange>({});
  const change = useCallback(
    (next: ConversationChange, done?: string) => {
      setChosen((current) => ({ ...current, ...next }));
      update.mutate(
        { id: c.id, change: next },
        {
          onSuccess: () => (done ? toast.success(done) : undefined),
          onError: (error) => toast.error(errorMessage(t, error)),
          onSettled: () =>
            setChosen((current) => {
              const rest: Record<string, unknown> = { ...current };
              for (const [key, value] of Object.entries(next)) if (rest[key] === value) delete rest[key];
              return rest as ConversationChange;
            }),
        },
      );
    },
    [update, c.id, toast, t],
  );

  const entries = useMemo<Entry[]>(() => {
    const all: Entry[] = [
      ...thread.messages.map((m) => ({ at: m.sentAt, kind: 'message' as const, m })),
      ...thread.notes.map((n) => ({ at: n.createdAt, kind: 'note' as const, n })),
      ...thread.escalations.map((e) => ({ at: e.createdAt, kind: 'escalation' as const, e })),
    ];
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }, [thread]);

  // The newest message in view (the timeline scrolls inside the pane on wide screens).
  const scroller = useRef<HTMLDivElement>(null);
  const lastId = thread.messages[thread.messages.length - 1]?.id;
  useEffect(() => {
    const el = scroller.current;
    if (lastId && el) el.scrollTop = el.scrollHeight;
  }, [lastId]);

  const reasonTerms = (c.classification.terms ?? []).map((term) => term.term).filter(Boolean);
  const override = c.classificationOverride;

  function addTag() {
    const tag = tagDraft.trim().replace(/,/g, ' ');
    if (!tag || c.tags.includes(tag)) return setTagDraft('');
    change({ tags: [...c.tags, tag] });
    setTagDraft('');
  }

  const onTell = useCallback(
    (e: Escalation) =>
      setTell({
        escalationId: e.id,
        text: t('inbox.escalation.tellTemplate', { name: c.customerName || c.customerHandle || '', resolution: e.resolutionNote ?? '' }),
      }),
    [t, c.customerName, c.customerHandle],
  );
  const onTellDone = useCallback(() => setTell(null), []);
  // Which customer message the reply answers (a Page post's thread holds many commenters); null: the latest.
  const [replyTo, setReplyTo] = useState<ReplyTarget | null>(null);
  const clearReplyTo = useCallback(() => setReplyTo(null), []);

  const latestInbound = [...thread.messages].reverse().find((m) => m.direction === 'inbound');

  return (
    <>
      <header className="thread-head">
        <div className="thread-who">
          <span className="avatar avatar-lg" aria-hidden="true">
            {initials(name)}
          </span>
          <div className="thread-who-text">
            <h2 className="thread-name">{name}</h2>
            <p className="thread-sub">
              <NetworkIcon provider={c.channel.provider} size={14} />
              <span>{c.channel.name}</span>
              {c.customerHandle && c.customerName ? <span className="muted">@{c.customerHandle.replace(/^@/, '')}</span> : null}
              <span className="muted">· {t(`inbox.kind.${c.kind}`)}</span>
            </p>
          </div>
          <span className={`status-pill status-${c.status}`}>{t(`inbox.status.${c.status}`)}</span>
        </div>
        {canWork ? (
          <div className="thread-actions">
            <div className="thread-assign">
              <label htmlFor={ids.assign} className="facet-label">
                {t('inbox.thread.assignee')}
              </label>
              <select
                id={ids.assign}
                className="input select select-compact"
                value={'assigneeId' in chosen ? (chosen.assigneeId ?? '') : (c.assignee?.id ?? '')}
                onChange={(e) => change({ assigneeId: e.target.value || null }, t('inbox.thread.assigned'))}
              >
                <option value="">{t('inbox.thread.nobody')}</option>
                {inboxPeople.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
              </select>
              {c.assignee?.id !== me.id ? (
                <Button size="sm" onClick={() => change({ assigneeId: me.id }, t('inbox.thread.assignedToMe'))}>
                  {t('inbox.thread.assignMe')}
                </Button>
              ) : null}
            </div>
            <span className="spacer" />
            {c.status !== 'closed' ? (
              <>
                {c.status === 'open' ? (
                  <Button size="sm" variant="ghost" onClick={() => change({ status: 'pending' }, t('inbox.thread.pended'))}>
                    {t('inbox.thread.pend')}
                  </Button>
                ) : null}
                <Button size="sm" onClick={() => setEscalating(true)}>
                  {t('inbox.escalation.open')}
                </Button>
                <Button size="sm" variant="primary" onClick={() => change({ status: 'closed' }, t('inbox.thread.closed'))}>
                  {t('inbox.thread.close')}
                </Button>
              </>
            ) : (
              <Button size="sm" onClick={() => change({ status: 'open' }, t('inbox.thread.reopened'))}>
                {t('inbox.thread.reopen')}
              </Button>
            )}
          </div>
        ) : null}
      </header>

      <section className="thread-meta" aria-label={t('inbox.thread.details')}>
        <div className="meta-item">
          {canWork ? (
            <>
              <label htmlFor={ids.category} className="facet-label">
                {t('inbox.filters.category')}
              </label>
              <select
                id={ids.category}
                className="input select select-compact"
                value={chosen.category ?? c.category}
                onChange={(e) => change({ category: e.target.value as Category })}
              >
                {CATEGORIES.map((k) => (
                  <option key={k} value={k}>
                    {t(`inbox.category.${k}`)}
                  </option>
                ))}
              </select>
              <label htmlFor={ids.sentiment} className="facet-label">
                {t('inbox.filters.sentiment')}
              </label>
              <select
                id={ids.sentiment}
                className="input select select-compact"
                value={chosen.sentiment ?? c.sentiment}
                onChange={(e) => change({ sentiment: e.target.value as Sentiment })}
              >
                {SENTIMENTS.map((k) => (
                  <option key={k} value={k}>
                    {t(`inbox.sentiment.${k}`)}
                  </option>
                ))}
              </select>
              <label htmlFor={ids.priority} className="facet-label">
                {t('inbox.thread.priority')}
              </label>
              <select
                id={ids.priority}
                className="input select select-compact"
                value={chosen.priority ?? c.priority}
                onChange={(e) => change({ priority: e.target.value as Priority })}
              >
                {PRIORITIES.map((k) => (
                  <option key={k} value={k}>
                    {t(`inbox.priority.${k}`)}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <>
              <span className={`inbox-chip cat-${c.category}`}>{t(`inbox.category.${c.category}`)}</span>
              <span className={`inbox-chip sent-${c.sentiment}`}>{t(`inbox.sentiment.${c.sentiment}`)}</span>
              <span className="inbox-chip">{t(`inbox.priority.${c.priority}`)}</span>
            </>
          )}
        </div>
        <p className="meta-why">
          {override
            ? t('inbox.thread.overridden', { name: override.by.name, at: time.dateTime(override.at) })
            : reasonTerms.length
              ? t('inbox.thread.reason', { terms: reasonTerms.slice(0, 6).join(', ') })
              : t('inbox.thread.noReason')}
        </p>
        <div className="meta-item meta-tags">
          <span className="facet-label">{t('inbox.thread.tags')}</span>
          {c.tags.length === 0 ? <span className="muted">{t('inbox.thread.noTags')}</span> : null}
          {c.tags.map((tag) => (
            <span key={tag} className="tag-chip">
              {tag}
              {canWork ? (
                <button
                  type="button"
                  aria-label={t('inbox.thread.removeTag', { tag })}
                  onClick={() => change({ tags: c.tags.filter((x) => x !== tag) })}
                >
                  ×
                </button>
              ) : null}
            </span>
          ))}
          {canWork ? (
            <>
              <label htmlFor={ids.tag} className="visually-hidden">
                {t('inbox.thread.addTag')}
              </label>
              <input
                id={ids.tag}
                className="input tag-input"
                placeholder={t('inbox.thread.addTag')}
                value={tagDraft}
                maxLength={40}
                onChange={(e) => setTagDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addTag();
                  }
                }}
              />
            </>
          ) : null}
        </div>
        <p className="meta-times">
          {due ? <span className={`inbox-due${c.overdue ? ' is-overdue' : c.dueSoon ? ' is-soon' : ''}`}>{due}</span> : null}
          {c.firstResponseAt ? <span>{t('inbox.thread.firstResponse', { at: time.dateTime(c.firstResponseAt) })}</span> : null}
          {!canWork ? <span className="readonly-note">{t('inbox.thread.readOnly')}</span> : null}
        </p>
      </section>

      <div className="thread-scroll" ref={scroller}>
        {thread.post ? (
          <section className="thread-post" aria-label={t('inbox.thread.post')}>
            <div className="thread-post-head">
              <span className="facet-label">{t('inbox.thread.answers')}</span>
              <strong>{thread.post.title}</strong>
              {thread.post.segment ? (
                <span className="inbox-chip" style={{ borderColor: thread.post.segment.color }}>
                  {thread.post.segment.name}
                </span>
              ) : null}
              {thread.post.campaign ? <span className="inbox-chip">{thread.post.campaign.name}</span> : null}
              {thread.post.remoteUrl ? (
                <a href={thread.post.remoteUrl} target="_blank" rel="noreferrer" className="thread-post-link">
                  {t('inbox.thread.openPost')}
                </a>
              ) : null}
            </div>
            <p className="thread-post-text">{thread.post.text}</p>
          </section>
        ) : null}

        <div className="presence" aria-live="polite" data-testid="presence">
          {others.map((p) => (
            <span key={p.userId} className={`presence-chip is-${p.state}`}>
              <span className="presence-dot" aria-hidden="true" />
              {p.state === 'typing' ? t('inbox.presence.typing', { name: p.name }) : t('inbox.presence.viewing', { name: p.name })}
            </span>
          ))}
        </div>

        <ol className="timeline" aria-label={t('inbox.thread.timeline')}>
          {thread.olderMessages > 0 ? <li className="timeline-older">{t('inbox.thread.older', { count: thread.olderMessages })}</li> : null}
          {entries.map((entry) => {
            if (entry.kind === 'message') {
              const m = entry.m;
              const outbound = m.direction === 'outbound';
              return (
                <li key={m.id} className={`msg ${outbound ? 'msg-out' : 'msg-in'}${m.deletedAt ? ' is-deleted' : ''}`} data-message-id={m.id}>
                  <div className="msg-bubble">
                    <p className="msg-meta">
                      <span className="msg-author">{outbound ? (m.sentBy?.name ?? m.authorName) : m.authorName || name}</span>
                      <time dateTime={m.sentAt}>{time.dateTime(m.sentAt)}</time>
                      {m.editedAt ? <span className="muted">{t('inbox.thread.edited')}</span> : null}
                    </p>
                    <p className="msg-text">{m.deletedAt ? t('inbox.thread.removed') : m.text}</p>
                    {canWork && !outbound && !m.deletedAt ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="msg-reply-to"
                        aria-label={t('inbox.thread.replyToLabel', { name: m.authorName || name })}
                        aria-pressed={replyTo?.id === m.id}
                        onClick={() => {
                          setReplyTo({ id: m.id, name: m.authorName || name, excerpt: m.text.slice(0, 60) });
                          window.setTimeout(() => textareaRef.current?.focus(), 0);
                        }}
                      >
                        {t('inbox.thread.replyTo')}
                      </Button>
                    ) : null}
                    {outbound ? (
                      <p className={`msg-state state-${m.deliveryState ?? 'sent'}`} data-delivery={m.deliveryState ?? 'sent'}>
                        {m.deliveryState === 'failed' ? (
                          <>
                            <span>{t(`inbox.delivery.failedKind.${m.failureKind ?? 'other'}`, { defaultValue: t('inbox.delivery.failed') })}</span>
                            {m.failureReason ? <span className="msg-reason">{m.failureReason}</span> : null}
                            {canWork ? (
                              <Button
                                size="sm"
                                onClick={() =>
                                  retry.mutate(m.id, {
                                    onSuccess: () => toast.success(t('inbox.delivery.retrying')),
                                    onError: (error) => toast.error(errorMessage(t, error)),
                                  })
                                }
                              >
                                {t('inbox.delivery.retry')}
                              </Button>
                            ) : null}
                          </>
                        ) : (
                          t(`inbox.delivery.${m.deliveryState ?? 'sent'}`)
                        )}
                      </p>
                    ) : null}
                  </div>
                </li>
              );
            }
            if (entry.kind === 'note') {
              const n = entry.n;
              return (
                <li key={n.id} className="timeline-note">
                  <p className="msg-meta">
                    <span className="note-label">{t('inbox.note.label')}</span>
                    <span className="msg-author">{n.author.name}</span>
                    <time dateTime={n.createdAt}>{time.dateTime(n.createdAt)}</time>
                  </p>
                  <p className="msg-text">{n.body}</p>
                </li>
              );
            }
            return (
              <li key={entry.e.id}>
                <EscalationCard workspaceId={workspaceId} escalation={entry.e} canWork={canWork} formatTime={time.dateTime} onTell={onTell} />
              </li>
            );
          })}
        </ol>
      </div>

      {canWork ? (
        <ReplyComposer
          workspaceId={workspaceId}
          thread={thread}
          me={me}
          members={members}
          typing={typing}
          setTyping={setTyping}
          tell={tell}
          onTellDone={onTellDone}
          textareaRef={textareaRef}
          replyTo={replyTo}
          onClearReplyTo={clearReplyTo}
        />
      ) : null}

      {escalating ? (
        <EscalateDialog
          open
          onClose={() => setEscalating(false)}
          departments={departments.data ?? []}
          isAdmin={isAdmin}
          settingsHref={`/w/${encodeURIComponent(workspaceId)}/settings/inbox`}
          busy={escalate.isPending}
          initialNote={latestInbound ? t('inbox.escalation.noteTemplate', { name, text: latestInbound.text }) : ''}
          onSubmit={(input) =>
            escalate.mutate(input, {
              onSuccess: () => {
                setEscalating(false);
                toast.success(t('inbox.escalation.created'));
              },
              onError: (error) => toast.error(errorMessage(t, error)),
            })
          }
        />
      ) : null}
    </>
  );
}

export function NoConversation() {
  const { t } = useTranslation();
  return (
    <EmptyState headingLevel={2} title={t('inbox.thread.pickTitle')}>
      <p>{t('inbox.thread.pickBody')}</p>
    </EmptyState>
  );
}
