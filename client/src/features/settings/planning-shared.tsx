import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import type { ChannelProvider, InUsePost } from './planning-types';
import './planning.css';

/** Admins and planners edit segments, campaigns and posting times. */
export function useCanPlan(): boolean {
  const { hasRole } = useCurrentWorkspace();
  return hasRole('admin') || hasRole('planner');
}

/** The UI language as a BCP-47 tag for Intl. */
export function useLocaleTag(): string {
  const { i18n } = useTranslation();
  return (i18n.resolvedLanguage ?? i18n.language).startsWith('ko') ? 'ko-KR' : 'en-US';
}

export function displayName(locale: string, type: 'language' | 'region', code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** First message among validation errors whose field is `name` or starts with `name.` */
export function errorFor(errors: Record<string, string>, name: string): string | undefined {
  for (const [field, message] of Object.entries(errors)) {
    if (field === name || field.startsWith(`${name}.`)) return message;
  }
  return undefined;
}

export function Swatch({ color }: { color: string }) {
  return <span className="plan-swatch" style={{ backgroundColor: color }} aria-hidden="true" />;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A colour picker plus its hex code, kept in sync. */
export function ColorField({ label, value, onChange, error }: { label: string; value: string; onChange: (next: string) => void; error?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const valid = HEX.test(value);
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="plan-color-row">
        <input
          type="color"
          className="plan-color-input"
          aria-label={t('planningSettings.common.colorPicker', { label })}
          value={valid ? value.toLowerCase() : '#4338ca'}
          onChange={(event) => onChange(event.target.value.toUpperCase())}
        />
        <input
          id={id}
          className="input input-mono plan-color-hex"
          aria-label={t('planningSettings.common.colorHex', { label })}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          maxLength={7}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Small network marks; decorative next to a visible name. */
export function ProviderIcon({ provider }: { provider: ChannelProvider }) {
  const common = { width: 20, height: 20, viewBox: '0 0 24 24', focusable: false } as const;
  if (provider === 'facebook_page')
    return (
      <svg {...common} aria-hidden="true" className="plan-provider plan-provider-facebook">
        <circle cx="12" cy="12" r="11" fill="#1877F2" />
        <path d="M13.4 19v-6h2l.3-2.4h-2.3V9.1c0-.7.2-1.1 1.2-1.1h1.2V5.9a16 16 0 0 0-1.8-.1c-1.8 0-3 1.1-3 3.1v1.7H9V13h2v6h2.4z" fill="#fff" />
      </svg>
    );
  if (provider === 'instagram')
    return (
      <svg {...common} aria-hidden="true" className="plan-provider plan-provider-instagram">
        <rect x="1" y="1" width="22" height="22" rx="6" fill="#D6249F" />
        <rect x="5.5" y="5.5" width="13" height="13" rx="4" fill="none" stroke="#fff" strokeWidth="1.8" />
        <circle cx="12" cy="12" r="3.2" fill="none" stroke="#fff" strokeWidth="1.8" />
        <circle cx="16.3" cy="7.7" r="1" fill="#fff" />
      </svg>
    );
  return (
    <svg {...common} aria-hidden="true" className="plan-provider plan-provider-x">
      <rect x="1" y="1" width="22" height="22" rx="5" fill="#111" />
      <path d="M6.5 6h3.3l2.6 3.6L15.5 6h1.9l-4.2 4.8L17.8 18h-3.3l-2.9-4-3.5 4H6.2l4.6-5.2z" fill="#fff" />
    </svg>
  );
}

/** Delete confirmation that turns into "in use by these posts — archive instead?" on a 409. */
export function DeleteOrArchiveDialog({
  open,
  title,
  name,
  inUse,
  deleting,
  archiving,
  onDelete,
  onArchive,
  onClose,
}: {
  open: boolean;
  title: string;
  name: string;
  inUse: InUsePost[] | null;
  deleting: boolean;
  archiving: boolean;
  onDelete: () => void;
  onArchive: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  let body: ReactNode;
  let action: ReactNode;
  if (inUse) {
    body = (
      <div className="stack">
        <p role="alert">{t('planningSettings.common.inUseMessage', { name, count: inUse.length })}</p>
        {inUse.length ? (
          <ul className="plan-inuse-list">
            {inUse.map((post) => (
              <li key={post.id}>{post.title || t('planningSettings.common.untitled')}</li>
            ))}
          </ul>
        ) : null}
        <p className="muted">{t('planningSettings.common.archiveHelp')}</p>
      </div>
    );
    action = (
      <Button variant="primary" loading={archiving} onClick={onArchive}>
        {t('planningSettings.common.archiveInstead')}
      </Button>
    );
  } else {
    body = <p>{t('planningSettings.common.deleteConfirm', { name })}</p>;
    action = (
      <Button variant="danger" loading={deleting} onClick={onDelete}>
        {t('planningSettings.common.delete')}
      </Button>
    );
  }
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {action}
        </>
      }
    >
      {body}
    </Dialog>
  );
}
