import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { useToast } from './Toast';

/** A read-only value with a copy button (invite links, API token secrets). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const id = useId();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(t('common.copied'));
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      const input = document.getElementById(id);
      if (input instanceof HTMLInputElement) input.select();
      toast.error(t('common.copyFailed'));
    }
  }

  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field">
        <input id={id} className="input input-mono" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <Button onClick={() => void copy()}>{copied ? t('common.copied') : t('common.copy')}</Button>
      </div>
    </div>
  );
}
