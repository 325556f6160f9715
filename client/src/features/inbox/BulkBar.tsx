import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types';
import { Button } from '../../ui/Button';
import type { BulkAction } from './api';

/** What to do with the checked conversations: assign, close, reopen, tag. */
export function BulkBar({
  count,
  members,
  busy,
  onAction,
  onClear,
}: {
  count: number;
  members: Member[];
  busy: boolean;
  onAction: (action: BulkAction) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [tag, setTag] = useState('');
  const people = members.filter((m) => m.roles.includes('admin') || m.roles.includes('community_manager'));
  return (
    <section className="bulk-bar" aria-label={t('inbox.bulk.label')}>
      <strong className="bulk-count" aria-live="polite">
        {t('inbox.bulk.selected', { count })}
      </strong>
      <label htmlFor={`${id}-assign`} className="visually-hidden">
        {t('inbox.bulk.assign')}
      </label>
      <select
        id={`${id}-assign`}
        className="input select select-compact"
        value=""
        disabled={busy}
        onChange={(e) => {
          if (!e.target.value) return;
          onAction({ type: 'assign', assigneeId: e.target.value === 'none' ? null : e.target.value });
        }}
      >
        <option value="">{t('inbox.bulk.assign')}</option>
        {people.map((m) => (
          <option key={m.userId} value={m.userId}>
            {m.name}
          </option>
        ))}
        <option value="none">{t('inbox.thread.nobody')}</option>
      </select>
      <Button size="sm" variant="primary" disabled={busy} onClick={() => onAction({ type: 'status', status: 'closed' })}>
        {t('inbox.bulk.close')}
      </Button>
      <Button size="sm" disabled={busy} onClick={() => onAction({ type: 'status', status: 'open' })}>
        {t('inbox.bulk.reopen')}
      </Button>
      <form
        className="bulk-tag"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tag.trim().replace(/,/g, ' ');
          if (!value) return;
          onAction({ type: 'tag', add: [value] });
          setTag('');
        }}
      >
        <label htmlFor={`${id}-tag`} className="visually-hidden">
          {t('inbox.bulk.tag')}
        </label>
        <input
          id={`${id}-tag`}
          className="input"
          value={tag}
          maxLength={40}
          placeholder={t('inbox.bulk.tag')}
          onChange={(e) => setTag(e.target.value)}
        />
        <Button size="sm" type="submit" disabled={busy || !tag.trim()}>
          {t('inbox.bulk.addTag')}
        </Button>
      </form>
      <Button size="sm" variant="ghost" onClick={onClear}>
        {t('inbox.bulk.clear')}
      </Button>
    </section>
  );
}
