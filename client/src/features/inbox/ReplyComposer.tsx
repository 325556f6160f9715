import { type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkReplyText, fillSavedReply, replyLength } from '../../../../server/src/modules/inbox/rules/reply-rules';
import { isApiError } from '../../api/client';
import type { Member } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import type { PresencePerson } from '../../lib/realtime';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { useToast } from '../../ui/Toast';
import { problemsOf, problemText } from '../calendar/problems';
import { type Thread, useAddNote, useSendReply } from './api';
import { relativeTime } from './format';
import { SavedReplyPicker } from './SavedReplyPicker';

/** A new idempotency key per reply the person writes (randomUUID needs a secure context: fall back). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface CollisionReply {
  id: string;
  text: string;
  sentAt: string;
  by: { id: string; name: string } | null;
}

export const FOCUS_REPLY_EVENT = 'sotong:inbox-focus-reply';

export interface TellCustomer {
  escalationId: string;
  text: string;
}

/** A customer message picked in the thread to answer (else the reply answers the latest one). */
export interface ReplyTarget {
  id: string;
  name: string;
  excerpt: string;
}

interface Props {
  workspaceId: string;
  thread: Thread;
  me: { id: string; name: string };
  members: Member[];
  typing: PresencePerson[];
  setTyping: (typing: boolean) => void;
  tell: TellCustomer | null;
  onTellDone: () => void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  replyTo: ReplyTarget | null;
  onClearReplyTo: () => void;
}

/**
 * The reply box (checked as the network counts: X weighs Korean 2) with saved replies, and the internal
 * note box with @mentions. A reply that someone else's reply overtook is a 409: the dialog shows theirs
 * and lets the person send anyway. Sending again after a network error reuses the reply's key, so the
 * customer never gets it twice.
 */
export function ReplyComposer({
  workspaceId,
  thread,
  me,
  members,
  typing,
  setTyping,
  tell,
  onTellDone,
  textareaRef,
  replyTo,
  onClearReplyTo,
}: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const language = lang.startsWith('ko') ? 'ko' : 'en';
  const toast = useToast();
  const c = thread.conversation;
  const replyId = useId();
  const noteId = useId();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [mentioned, setMentioned] = useState<Map<string, string>>(new Map());
  const [escalationId, setEscalationId] = useState<string | null>(null);
  const [collision, setCollision] = useState<CollisionReply[] | null>(null);
  const [serverProblems, setServerProblems] = useState<string[]>([]);
  const key = useRef<string | null>(null);
  const reply = useSendReply(workspaceId, c.id);
  const addNote = useAddNote(workspaceId, c.id);
  const latestSeen = thread.messages[thread.messages.length - 1]?.id ?? null;
  // What the person had seen when they started writing: a reply of ours sent while they wrote is a collision.
  const seenAtStart = useRef<string | null>(null);

  useEffect(() => {
    if (!tell) return;
    setMode('reply');
    setText(tell.text);
    seenAtStart.current = latestSeen;
    setEscalationId(tell.escalationId);
    key.current = null;
    onTellDone();
    window.setTimeout(() => textareaRef.current?.focus(), 0);
  }, [tell, onTellDone, textareaRef, latestSeen]);

  // The `r` shortcut (InboxPage) asks for the reply box.
  useEffect(() => {
    const focus = () => {
      setMode('reply');
      window.setTimeout(() => textareaRef.current?.focus(), 0);
    };
    window.addEventListener(FOCUS_REPLY_EVENT, focus);
    return () => window.removeEventListener(FOCUS_REPLY_EVENT, focus);
  }, [textareaRef]);

  const length = replyLength(c.channel.provider, text);
  const problems = useMemo(
    () => (text.trim() ? checkReplyText(c.channel.provider, text).filter((p) => p.severity === 'error') : []),
    [c.channel.provider, text],
  );
  const canSend = text.trim().length > 0 && problems.length === 0 && !reply.isPending;

  function changeText(next: string) {
    if (!next.trim()) seenAtStart.current = null;
    else if (!seenAtStart.current) seenAtStart.current = latestSeen;
    setText(next);
    // A different text is a different reply: it gets a new key.
    key.current = null;
    setServerProblems([]);
    setTyping(next.trim().length > 0);
  }

  function send(force = false) {
    if (!text.trim()) return;
    key.current ??= newKey();
    const seenUpTo = seenAtStart.current ?? latestSeen;
    reply.mutate(
      {
        text,
        idempotencyKey: key.current,
        seenUpTo,
        force,
        ...(escalationId ? { escalationId } : {}),
        ...(replyTo ? { inReplyTo: replyTo.id } : {}),
      },
      {
        onSuccess: () => {
          setText('');
          onClearReplyTo();
          setEscalationId(null);
          setCollision(null);
          key.current = null;
          seenAtStart.current = null;
          setTyping(false);
          toast.success(t('inbox.reply.queued'));
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'reply_collision') {
            const details = error.details as { replies?: CollisionReply[] } | undefined;
            setCollision(details?.replies ?? []);
            return;
          }
          const found = problemsOf(error);
          if (found.length) setServerProblems(found.map((p) => problemText(t, p, language)));
          toast.error(found.length ? t('inbox.reply.refused') : errorMessage(t, error));
        },
      },
    );
  }

  function pickSaved(body: string) {
    const filled = fillSavedReply(body, { name: c.customerName, handle: c.customerHandle, agent: me.name });
    changeText(text.trim() ? `${text.trimEnd()}\n${filled}` : filled);
    window.setTimeout(() => textareaRef.current?.focus(), 0);
  }

  function mention(userId: string) {
    const member = members.find((m) => m.userId === userId);
    if (!member) return;
    setMentioned((current) => new Map(current).set(member.name, member.userId));
    setNote((current) => `${current}${current && !current.endsWith(' ') ? ' ' : ''}@${member.name} `);
  }

  function saveNote() {
    const body = note.trim();
    if (!body) return;
    const mentions = [...mentioned].filter(([name]) => body.includes(`@${name}`)).map(([, id]) => id);
    addNote.mutate(
      { body, mentions },
      {
        onSuccess: () => {
          setNote('');
          setMentioned(new Map());
          toast.success(t('inbox.note.saved'));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  const typingNames = typing.map((p) => p.name).join(', ');

  return (
    <div className="composer-box">
      <div className="composer-tabs" role="tablist" aria-label={t('inbox.reply.modes')}>
        <button
          type="button"
          role="tab"
          id={`${replyId}-tab`}
          aria-selected={mode === 'reply'}
          aria-controls={mode === 'reply' ? `${replyId}-panel` : undefined}
          onClick={() => setMode('reply')}
        >
          {t('inbox.reply.tab')}
        </button>
        <button
          type="button"
          role="tab"
          id={`${noteId}-tab`}
          aria-selected={mode === 'note'}
          aria-controls={mode === 'note' ? `${noteId}-panel` : undefined}
          onClick={() => setMode('note')}
        >
          {t('inbox.note.tab')}
        </button>
      </div>
      {typing.length ? (
        <p className="composer-warning" role="status">
          {t('inbox.presence.typingWarning', { names: typingNames, count: typing.length })}
        </p>
      ) : null}
      {mode === 'reply' ? (
        <div id={`${replyId}-panel`} role="tabpanel" aria-labelledby={`${replyId}-tab`} className="composer-panel">
          {escalationId ? <p className="composer-context">{t('inbox.reply.tellingCustomer')}</p> : null}
          {replyTo ? (
            <p className="composer-context composer-reply-to" data-reply-to={replyTo.id}>
              <span>{t('inbox.reply.replyingTo', { name: replyTo.name, excerpt: replyTo.excerpt })}</span>
              <Button size="sm" variant="ghost" onClick={onClearReplyTo}>
                {t('inbox.reply.clearReplyTo')}
              </Button>
            </p>
          ) : null}
          <label htmlFor={replyId} className="visually-hidden">
            {t('inbox.reply.label', { name: c.customerName || c.customerHandle || t('inbox.customer') })}
          </label>
          <textarea
            ref={textareaRef}
            id={replyId}
            data-testid="reply-box"
            className="input composer-text"
            rows={3}
            value={text}
            placeholder={t('inbox.reply.placeholder', { channel: c.channel.name })}
            aria-describedby={`${replyId}-count`}
            aria-invalid={problems.length ? true : undefined}
            onChange={(e) => changeText(e.target.value)}
            onBlur={() => setTyping(false)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                if (canSend) send();
              }
            }}
          />
          {problems.length || serverProblems.length ? (
            <ul className="composer-problems">
              {[...problems.map((p) => problemText(t, p, language)), ...serverProblems].map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
          <div className="composer-actions">
            <SavedReplyPicker workspaceId={workspaceId} onPick={(r) => pickSaved(r.body)} />
            <span id={`${replyId}-count`} className={`composer-count${length.length > length.max ? ' is-over' : ''}`}>
              {t('inbox.reply.count', { length: length.length, max: length.max })}
            </span>
            <span className="spacer" />
            <span className="composer-hint">{t('inbox.reply.hint')}</span>
            <Button variant="primary" onClick={() => send()} disabled={!canSend} loading={reply.isPending}>
              {t('inbox.reply.send')}
            </Button>
          </div>
        </div>
      ) : (
        <div id={`${noteId}-panel`} role="tabpanel" aria-labelledby={`${noteId}-tab`} className="composer-panel is-note">
          <label htmlFor={noteId} className="visually-hidden">
            {t('inbox.note.label')}
          </label>
          <textarea
            id={noteId}
            className="input composer-text"
            rows={3}
            value={note}
            placeholder={t('inbox.note.placeholder')}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                saveNote();
              }
            }}
          />
          <div className="composer-actions">
            <label className="visually-hidden" htmlFor={`${noteId}-mention`}>
              {t('inbox.note.mention')}
            </label>
            <select id={`${noteId}-mention`} className="input select select-compact" value="" onChange={(e) => mention(e.target.value)}>
              <option value="">{t('inbox.note.mention')}</option>
              {members
                .filter((m) => m.userId !== me.id)
                .map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
            </select>
            <span className="composer-hint">{t('inbox.note.hint')}</span>
            <span className="spacer" />
            <Button variant="primary" onClick={saveNote} disabled={!note.trim()} loading={addNote.isPending}>
              {t('inbox.note.save')}
            </Button>
          </div>
        </div>
      )}
      <Dialog
        open={collision !== null}
        title={t('inbox.collision.title')}
        onClose={() => setCollision(null)}
        footer={
          <>
            <Button onClick={() => setCollision(null)}>{t('inbox.collision.review')}</Button>
            <Button variant="primary" loading={reply.isPending} onClick={() => send(true)}>
              {t('inbox.collision.sendAnyway')}
            </Button>
          </>
        }
      >
        <p>{t('inbox.collision.body')}</p>
        <ul className="collision-list">
          {(collision ?? []).map((r) => (
            <li key={r.id}>
              <span className="collision-meta">
                {t('inbox.collision.by', { name: r.by?.name ?? t('inbox.collision.someone'), when: relativeTime(r.sentAt, lang) })}
              </span>
              <blockquote>{r.text}</blockquote>
            </li>
          ))}
        </ul>
      </Dialog>
    </div>
  );
}
