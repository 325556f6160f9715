import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface DrawerProps {
  open: boolean;
  title: string;
  subtitle?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** `drawer` slides in from the right; `sheet` is a wide centred modal (the composer). */
  variant?: 'drawer' | 'sheet';
  className?: string;
}

/**
 * A side drawer or large sheet on the native modal <dialog>: the browser traps focus, makes the page inert,
 * closes on Escape (through `onCancel`) and gives focus back to what opened it.
 */
export function Drawer({ open, title, subtitle, onClose, children, footer, variant = 'drawer', className }: DrawerProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`${variant} ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === event.currentTarget) {
          const rect = event.currentTarget.getBoundingClientRect();
          const inside = event.clientX >= rect.left && event.clientX <= rect.right && event.clientY >= rect.top && event.clientY <= rect.bottom;
          if (!inside) onClose();
        }
      }}
      onKeyDown={() => undefined}
    >
      {open ? (
        <div className={`${variant}-inner`}>
          <div className={`${variant}-header`}>
            <div className="drawer-heading">
              <h2 id={titleId} className="drawer-title">
                {title}
              </h2>
              {subtitle ? <div className="drawer-subtitle">{subtitle}</div> : null}
            </div>
            <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          <div className={`${variant}-body`}>{children}</div>
          {footer ? <div className={`${variant}-footer`}>{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
