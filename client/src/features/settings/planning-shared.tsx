import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import type { ChannelProvider, InUsePost } from './planning-types';
import './planning.css';
import { NetworkIcon } from '../calendar/NetworkIcon';

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

/** Small network marks; decorative next to a visible name (the calendar's icons, one set for the app). */
export function ProviderIcon({ provider }: { provider: ChannelProvider }) {
  return <NetworkIcon provider={provider} size={20} />;
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
