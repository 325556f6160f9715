import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { DEFAULT_TIME_ZONE, listTimeZones } from '../../lib/time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useUpdateWorkspace, useWorkspace } from '../workspaces/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';

export default function GeneralSettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace: current, isAdmin } = useCurrentWorkspace();
  const workspace = useWorkspace(current.id);
  const update = useUpdateWorkspace(current.id);
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(DEFAULT_TIME_ZONE);
  const [locale, setLocale] = useState<Locale>('ko');
  useDocumentTitle(t('settings.tabs.general'));

  const zones = useMemo(() => listTimeZones().map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') })), []);

  useEffect(() => {
    if (!workspace.data) return;
    setName(workspace.data.name);
    setTimeZone(workspace.data.timeZone || DEFAULT_TIME_ZONE);
    setLocale(workspace.data.locale ?? 'ko');
  }, [workspace.data]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      { name: name.trim(), timeZone, locale },
      {
        onSuccess: () => toast.success(t('settings.general.saved')),
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <section className="card" aria-labelledby="general-title">
      <h2 id="general-title" className="section-title">
        {t('settings.general.title')}
      </h2>
      {!isAdmin ? <p className="muted">{t('settings.adminOnly')}</p> : null}
      {workspace.isPending ? (
        <LoadingState />
      ) : workspace.isError ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(t, workspace.error)}
        </p>
      ) : (
        <form className="stack form-narrow" onSubmit={onSubmit}>
          <TextField
            label={t('settings.general.name')}
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={80}
            disabled={!isAdmin}
          />
          <SelectField
            label={t('settings.general.timeZone')}
            hint={t('settings.general.timeZoneHint')}
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
            options={zones.some((zone) => zone.value === timeZone) ? zones : [{ value: timeZone, label: timeZone }, ...zones]}
            disabled={!isAdmin}
          />
          <SelectField
            label={t('settings.general.locale')}
            value={locale}
            onChange={(event) => setLocale(event.target.value === 'en' ? 'en' : 'ko')}
            options={[
              { value: 'ko', label: t('languages.ko') },
              { value: 'en', label: t('languages.en') },
            ]}
            disabled={!isAdmin}
          />
          {isAdmin ? (
            <div>
              <Button type="submit" variant="primary" loading={update.isPending}>
                {t('common.save')}
              </Button>
            </div>
          ) : null}
        </form>
      )}
    </section>
  );
}
