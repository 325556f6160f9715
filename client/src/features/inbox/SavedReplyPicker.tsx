import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '../../ui/Spinner';
import { type SavedReply, useSavedReplies } from './api';

/**
 * "Saved replies": a popover listing the workspace's canned answers in the chosen language, searchable;
 * picking one hands it to the composer (which fills in the variables). Escape or a click outside closes it.
 */
export function SavedReplyPicker({
  workspaceId,
  onPick,
  disabled,
}: {
  workspaceId: string;
  onPick: (reply: SavedReply) => void;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [locale, setLocale] = useState<'ko' | 'en'>(i18n.resolvedLanguage?.startsWith('en') ? 'en' : 'ko');
  const [query, setQuery] = useState('');
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const replies = useSavedReplies(workspaceId);

  useEffect(() => {
    if (!open) return;
    search.current?.focus();
    const onPointer = (event: PointerEvent) => {
      if (wrap.current && !wrap.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (replies.data ?? []).filter((r) => r.locale === locale && (!q || r.title.toLowerCase().includes(q) || r.body.toLowerCase().includes(q)));
  }, [replies.data, locale, query]);

  return (
    <div className="saved-picker" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="btn btn-secondary btn-sm"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        disabled={disabled}
        onClick={() => setOpen((v) => !v)}
      >
        {t('inbox.saved.open')}
      </button>
      {open ? (
        <section id={id} className="saved-panel" aria-label={t('inbox.saved.title')}>
          <div className="saved-panel-head">
            <input
              ref={search}
              type="search"
              className="input"
              aria-label={t('inbox.saved.search')}
              placeholder={t('inbox.saved.search')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <fieldset className="saved-locales">
              <legend className="visually-hidden">{t('inbox.saved.language')}</legend>
              {(['ko', 'en'] as const).map((l) => (
                <button key={l} type="button" className="seg-btn" aria-pressed={locale === l} onClick={() => setLocale(l)}>
                  {t(`languages.${l}`)}
                </button>
              ))}
            </fieldset>
          </div>
          {replies.isPending ? (
            <LoadingState rows={2} />
          ) : shown.length === 0 ? (
            <p className="saved-empty">{replies.data?.length ? t('inbox.saved.noMatch') : t('inbox.saved.none')}</p>
          ) : (
            <ul className="saved-list">
              {shown.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className="saved-item"
                    onClick={() => {
                      onPick(r);
                      setOpen(false);
                    }}
                  >
                    <span className="saved-title">{r.title}</span>
                    <span className="saved-body">{r.body}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
