import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { QueryState } from '../../ui/QueryState';
import { useToast } from '../../ui/Toast';
import { useMembers } from '../settings/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { type PostComment, useAddComment, useComments, useDeleteComment } from './comments-api';
import './comments.css';

const MAX_BODY = 5000;
const COMMENTER_ROLES = ['admin', 'planner', 'approver', 'community_manager'] as const;

/** The `@word` being typed right before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - (match[2]?.length ?? 0) - 1, query: match[2] ?? '' };
}

/** Splits a comment so `@Name` of the mentioned members stands out. */
function highlight(body: string, names: string[]) {
  if (!names.length) return [body];
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  const parts = body.split(new RegExp(`(@(?:${escaped.join('|')}))`, 'g'));
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one string have no other identity
      <mark key={i} className="comment-mention">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}

/**
 * A post's comment thread: each comment shows the version it was written on; one's own can be
 * deleted. Typing @ opens a member picker (arrows, Enter or click to insert); the picked members
 * are sent as `mentions` and notified.
 */
export function CommentsThread({ workspaceId, postId, version }: { workspaceId: string; postId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const { session, workspace, roles } = useCurrentWorkspace();
  const me = session.user.id;
  const canComment = roles.some((r) => (COMMENTER_ROLES as readonly string[]).includes(r));
  const comments = useComments(workspaceId, postId);
  const members = useMembers(workspaceId);
  const add = useAddComment(workspaceId, postId);
  const remove = useDeleteComment(workspaceId, postId);
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const fieldId = useId();
  const listId = useId();
  const hintId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [picked, setPicked] = useState<Member[]>([]);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);

  const byId = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m])), [members.data]);
  const options = useMemo(() => {
    if (!mention) return [];
    const q = mention.query.toLocaleLowerCase();
    return (members.data ?? []).filter((m) => m.name.toLocaleLowerCase().includes(q) || m.email.toLocaleLowerCase().startsWith(q)).slice(0, 8);
  }, [mention, members.data]);
  const open = mention !== null && options.length > 0;

  function track(text: string, caret: number) {
    const next = mentionAt(text, caret);
    setMention(next);
    if (next?.query !== mention?.query) setActive(0);
  }

  function insert(member: Member) {
    if (!mention) return;
    const el = textarea.current;
    const caret = el?.selectionStart ?? body.length;
    const token = `@${member.name} `;
    const next = body.slice(0, mention.start) + token + body.slice(caret);
    setBody(next);
    setPicked((list) => (list.some((m) => m.userId === member.userId) ? list : [...list, member]));
    setMention(null);
    const at = mention.start + token.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at, at);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + options.length) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        const member = options[active];
        if (member) {
          event.preventDefault();
          insert(member);
        }
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setMention(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      submit();
    }
  }

  function submit() {
    const text = body.trim();
    if (!text || add.isPending) return;
    // Only members whose @Name is still in the text count as mentioned.
    const mentions = picked.filter((m) => text.includes(`@${m.name}`)).map((m) => m.userId);
    add.mutate(
      { body: text, mentions },
      {
        onSuccess: () => {
          setBody('');
          setPicked([]);
          setMention(null);
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  function onDelete(comment: PostComment) {
    remove.mutate(comment.id, {
      onSuccess: () => toast.success(t('comments.deleted')),
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  const mentionNames = (c: PostComment) => c.mentions.flatMap((id) => (byId.get(id) ? [byId.get(id)?.name ?? ''] : []));

  return (
    <section className="comments" aria-labelledby={`${fieldId}-title`}>
      <h3 id={`${fieldId}-title`} className="comments-title">
        {t('comments.title')}
        {comments.data ? <span className="comments-count">{comments.data.length}</span> : null}
      </h3>
      <QueryState query={comments} isEmpty={(list) => list.length === 0} emptyTitle={t('comments.emptyTitle')} emptyBody={t('comments.emptyBody')}>
        {(list) => (
          <ol className="comments-list">
            {list.map((c) => (
              <li key={c.id} className="comment">
                <div className="comment-meta">
                  <span className="comment-author">{c.author.name}</span>
                  <span
                    className={`comment-version${c.version === version ? '' : ' is-old'}`}
                    title={t('comments.versionTitle', { version: c.version })}
                  >
                    <span aria-hidden="true">v{c.version}</span>
                    <span className="visually-hidden">{t('comments.versionTitle', { version: c.version })}</span>
                  </span>
                  <time className="comment-time" dateTime={c.createdAt}>
                    {formatDateTime(c.createdAt, workspace.timeZone, lang)}
                  </time>
                  {c.author.id === me ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      className="comment-delete"
                      aria-label={t('comments.deleteLabel', { time: formatDateTime(c.createdAt, workspace.timeZone, lang) })}
                      loading={remove.isPending && remove.variables === c.id}
                      onClick={() => onDelete(c)}
                    >
                      {t('comments.delete')}
                    </Button>
                  ) : null}
                </div>
                <p className="comment-body">{highlight(c.body, mentionNames(c))}</p>
              </li>
            ))}
          </ol>
        )}
      </QueryState>
      {canComment ? (
        <form
          className="comment-form"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <label htmlFor={fieldId} className="field-label">
            {t('comments.label')}
          </label>
          <div className="comment-input">
            <textarea
              id={fieldId}
              ref={textarea}
              className="input comment-textarea"
              rows={3}
              maxLength={MAX_BODY}
              value={body}
              placeholder={t('comments.placeholder')}
              aria-describedby={hintId}
              aria-autocomplete="list"
              aria-controls={open ? listId : undefined}
              aria-activedescendant={open ? `${listId}-${active}` : undefined}
              onChange={(event) => {
                setBody(event.target.value);
                track(event.target.value, event.target.selectionStart);
              }}
              onKeyDown={onKeyDown}
              onClick={(event) => track(event.currentTarget.value, event.currentTarget.selectionStart)}
              onBlur={() => setTimeout(() => setMention(null), 150)}
            />
            {open ? (
              <div id={listId} className="mention-list" role="listbox" aria-label={t('comments.mentionList')}>
                {options.map((m, i) => (
                  <div
                    key={m.userId}
                    id={`${listId}-${i}`}
                    role="option"
                    tabIndex={-1}
                    aria-selected={i === active}
                    className={`mention-option${i === active ? ' is-active' : ''}`}
                    onMouseDown={(event) => {
                      event.preventDefault();
                      insert(m);
                    }}
                  >
                    <span className="mention-name">{m.name}</span>
                    <span className="mention-email">{m.email}</span>
                  </div>
                ))}
              </div>
            ) : null}
          </div>
          <div className="comment-actions">
            <p id={hintId} className="field-hint">
              {t('comments.hint', { version })}
            </p>
            <Button type="submit" variant="primary" size="sm" loading={add.isPending} disabled={!body.trim()}>
              {t('comments.submit')}
            </Button>
          </div>
        </form>
      ) : (
        <p className="field-hint">{t('comments.readOnly')}</p>
      )}
    </section>
  );
}
