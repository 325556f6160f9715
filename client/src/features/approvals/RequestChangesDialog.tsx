import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';

/** Asks what should change (required) before sending a post back to its author. */
export function RequestChangesDialog({
  open,
  title,
  busy,
  onSubmit,
  onClose,
}: {
  open: boolean;
  /** The post's title, named in the dialog. */
  title: string;
  busy: boolean;
  onSubmit: (comment: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const id = useId();
  useEffect(() => {
    if (open) {
      setComment('');
      setTried(false);
    }
  }, [open]);
  const missing = !comment.trim();

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (missing) return;
    onSubmit(comment.trim());
  }

  return (
    <Dialog open={open} title={t('approvalFlow.request.title')} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p>{t('approvalFlow.request.body', { title })}</p>
        <div className={`field${tried && missing ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={id}>
            {t('approvalFlow.request.comment')}
          </label>
          <textarea
            id={id}
            className="input textarea"
            rows={4}
            required
            maxLength={5000}
            value={comment}
            aria-invalid={tried && missing ? true : undefined}
            aria-describedby={`${id}-hint${tried && missing ? ` ${id}-error` : ''}`}
            onChange={(e) => setComment(e.target.value)}
          />
          <p className="field-hint" id={`${id}-hint`}>
            {t('approvalFlow.request.hint')}
          </p>
          {tried && missing ? (
            <p className="field-error" id={`${id}-error`}>
              {t('approvalFlow.request.required')}
            </p>
          ) : null}
        </div>
        <div className="dialog-footer">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={busy}>
            {t('approvalFlow.request.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
