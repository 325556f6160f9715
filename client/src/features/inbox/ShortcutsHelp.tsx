import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const KEYS = [
  ['j', 'next'],
  ['k', 'previous'],
  ['r', 'reply'],
  ['a', 'assignMe'],
  ['e', 'close'],
  ['?', 'help'],
] as const;

/** The keyboard shortcuts, in a popover next to the page title (also opened with `?`). */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (wrap.current && !wrap.current.contains(event.target as Node)) onOpenChange(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      onOpenChange(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, onOpenChange]);

  return (
    <div className="shortcuts" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="btn btn-secondary btn-sm"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => onOpenChange(!open)}
      >
        {t('inbox.shortcuts.button')}
      </button>
      {open ? (
        <section id={id} className="shortcuts-panel" aria-label={t('inbox.shortcuts.title')}>
          <h2 className="shortcuts-title">{t('inbox.shortcuts.title')}</h2>
          <dl className="shortcuts-list">
            {KEYS.map(([key, what]) => (
              <div key={key} className="shortcuts-row">
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{t(`inbox.shortcuts.${what}`)}</dd>
              </div>
            ))}
          </dl>
          <p className="shortcuts-note">{t('inbox.shortcuts.note')}</p>
        </section>
      ) : null}
    </div>
  );
}
