import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { LanguagePicker } from '../../app/LanguagePicker';
import { errorMessage } from '../../lib/errors';
import { DEFAULT_TIME_ZONE, listTimeZones } from '../../lib/time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { PageLoading } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useSession } from '../auth/session';
import { useCreateWorkspace } from './api';
import { pickWorkspace, rememberWorkspace } from './last-workspace';

/** `/`: send people to their workspace, or let them create their first one. */
export function StartPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateWorkspace();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(DEFAULT_TIME_ZONE);
  useDocumentTitle(t('start.title'));

  if (session.isPending) return <PageLoading />;
  if (!session.data) return <Navigate to="/login" replace />;
  const target = pickWorkspace(session.data.memberships);
  if (target) return <Navigate to={`/w/${encodeURIComponent(target)}/calendar`} replace />;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), timeZone },
      {
        onSuccess: (workspace) => {
          toast.success(t('start.created'));
          rememberWorkspace(workspace.id);
          void navigate(`/w/${encodeURIComponent(workspace.id)}/calendar`);
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <div className="auth-page">
      <header className="auth-header">
        <span className="brand-name">{t('app.name')}</span>
        <LanguagePicker signedIn />
      </header>
      <main id="main" className="auth-main">
        <div className="card auth-card">
          <h1>{t('start.title')}</h1>
          <p className="muted">{t('start.body', { name: session.data.user.name })}</p>
          <form onSubmit={onSubmit} className="stack">
            <TextField label={t('start.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
            <SelectField
              label={t('settings.general.timeZone')}
              value={timeZone}
              onChange={(e) => setTimeZone(e.target.value)}
              options={listTimeZones().map((zone) => ({ value: zone, label: zone }))}
            />
            <Button type="submit" variant="primary" loading={create.isPending}>
              {t('start.submit')}
            </Button>
          </form>
        </div>
      </main>
    </div>
  );
}
