import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import type { SeriesScope } from './series-api';

/**
 * Saving an occurrence of a recurring series: this one, it and the following ones, or all. When the
 * edit is more than a series edit can carry, only "this post" is offered, and the dialog says why.
 */
export function SeriesScopeDialog({
  expressible,
  busy,
  onChoose,
  onClose,
}: {
  expressible: boolean;
  busy: boolean;
  onChoose: (scope: SeriesScope | 'post') => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  const [scope, setScope] = useState<SeriesScope>('this');
  return (
    <Dialog
      open
      title={t('composerRepeat.scopeTitle')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" loading={busy} onClick={() => onChoose(expressible ? scope : 'post')}>
            {expressible ? t('composerRepeat.scopeSave') : t('composerRepeat.saveOnlyThis')}
          </Button>
        </>
      }
    >
      {expressible ? (
        <fieldset className="checkbox-group scope-options">
          <legend className="field-label">{t('composerRepeat.scopeQuestion')}</legend>
          {(['this', 'following', 'all'] as const).map((s) => (
            <label key={s} className="checkbox">
              <input type="radio" name={name} checked={scope === s} onChange={() => setScope(s)} />
              <span>{t(`composerRepeat.scope_${s}`)}</span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p>{t('composerRepeat.cannotApply')}</p>
      )}
    </Dialog>
  );
}
