import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { NetworkIcon } from '../calendar/NetworkIcon';
import type { Conversation } from './api';
import { customerLabel, dueText, initials, shortTime } from './format';

interface Props {
  conversations: Conversation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Bulk selection (people who work the inbox). */
  checked?: Set<string>;
  onCheck?: (id: string, on: boolean) => void;
  timeZone: string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

/** The conversations, newest activity first: who, where, what they said, and what needs doing. */
export function ConversationList({ conversations, selectedId, onSelect, checked, onCheck, timeZone, hasMore, loadingMore, onLoadMore }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return (
    <>
      <ul className="inbox-list" data-testid="conversation-list">
        {conversations.map((c) => {
          const name = customerLabel(c, t('inbox.customer'));
          const due = dueText(t, c, lang);
          const selected = c.id === selectedId;
          return (
            <li key={c.id} className={`inbox-row${selected ? ' is-selected' : ''}${c.unread ? ' is-unread' : ''}`} data-conversation-id={c.id}>
              {onCheck ? (
                <label className="inbox-row-check">
                  <input type="checkbox" checked={checked?.has(c.id) ?? false} onChange={(e) => onCheck(c.id, e.target.checked)} />
                  <span className="visually-hidden">{t('inbox.list.select', { name })}</span>
                </label>
              ) : null}
              <button type="button" className="inbox-row-main" aria-current={selected ? 'true' : undefined} onClick={() => onSelect(c.id)}>
                <span className="inbox-row-top">
                  <NetworkIcon provider={c.channel.provider} size={16} label={c.channel.name} />
                  <span className="inbox-row-name">
                    {c.unread ? <span className="visually-hidden">{t('inbox.list.unread')} </span> : null}
                    {name}
                  </span>
                  {c.unread ? <span className="inbox-dot" aria-hidden="true" /> : null}
                  <time className="inbox-row-time" dateTime={c.lastMessageAt}>
                    {shortTime(c.lastMessageAt, timeZone, lang)}
                  </time>
                </span>
                <span className="inbox-row-excerpt">{c.excerpt || t('inbox.list.noText')}</span>
                <span className="inbox-row-chips">
                  <span className={`inbox-chip cat-${c.category}`}>{t(`inbox.category.${c.category}`)}</span>
                  {c.sentiment !== 'neutral' ? <span className={`inbox-chip sent-${c.sentiment}`}>{t(`inbox.sentiment.${c.sentiment}`)}</span> : null}
                  {c.priority === 'high' || c.priority === 'urgent' ? (
                    <span className={`inbox-chip prio-${c.priority}`}>{t(`inbox.priority.${c.priority}`)}</span>
                  ) : null}
                  {c.openEscalations > 0 ? <span className="inbox-chip esc">{t('inbox.list.escalated')}</span> : null}
                  {c.status !== 'open' ? <span className="inbox-chip status">{t(`inbox.status.${c.status}`)}</span> : null}
                  {due ? <span className={`inbox-due${c.overdue ? ' is-overdue' : c.dueSoon ? ' is-soon' : ''}`}>{due}</span> : null}
                  <span className="spacer" />
                  {c.assignee ? (
                    <span className="inbox-assignee" title={t('inbox.list.assignedTo', { name: c.assignee.name })}>
                      <span className="avatar avatar-xs" aria-hidden="true">
                        {initials(c.assignee.name)}
                      </span>
                      <span className="visually-hidden">{t('inbox.list.assignedTo', { name: c.assignee.name })}</span>
                    </span>
                  ) : (
                    <span className="inbox-unassigned">{t('inbox.list.unassigned')}</span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {hasMore ? (
        <div className="inbox-more">
          <Button size="sm" onClick={onLoadMore} loading={loadingMore}>
            {t('inbox.list.more')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
