import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { useDigestSettings, useSaveDigestSettings } from './api';
import { SubscriptionToggle } from './SubscriptionToggle';
import './digest.css';

/** Settings › Morning digest: your own e-mail subscription (everyone), the send time and the e-mail on/off (admins). */
export default function DigestSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('digest.settings.title'));
  const { workspace, isAdmin } = useCurrentWorkspace();
  const settings = useDigestSettings(workspace.id);
  if (settings.isPending) return <LoadingState rows={3} />;
  if (settings.isError) {
    return (
      <p className="alert alert-error" role="alert">
        {errorMessage(t, settings.error)}
      </p>
    );
  }
  return (
    <div className="stack-lg">
      <MySubscription />
      <SendTime canEdit={isAdmin} />
    </div>
  );
}

function MySubscription() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const settings = useDigestSettings(workspace.id);
  const s = settings.data;
  if (!s) return null;
  return (
    <section className="card" aria-labelledby="digest-mine">
      <h2 id="digest-mine" className="section-title">
        {t('digest.settings.mine')}
      </h2>
      <p className="muted">{t('digest.settings.mineHint')}</p>
      <SubscriptionToggle workspaceId={workspace.id} settings={s} />
      <p className="muted digest-small">
        {s.subscription.chosen
          ? t('digest.settings.chosen')
          : s.subscription.byDefault
            ? t('digest.settings.defaultOn')
            : t('digest.settings.defaultOff')}
      </p>
      <p className="digest-small">
        <Link to={`/w/${encodeURIComponent(workspace.id)}/digest`}>{t('digest.settings.read')}</Link>
      </p>
    </section>
  );
}

function SendTime({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const settings = useDigestSettings(workspace.id);
  const save = useSaveDigestSettings(workspace.id);
  const [draft, setDraft] = useState<{ sendTime: string; enabled: boolean } | null>(null);
  const s = settings.data;
  useEffect(() => {
    if (s && !draft) setDraft({ sendTime: s.sendTime, enabled: s.enabled });
  }, [s, draft]);
  if (!s || !draft) return null;
  const next = new Intl.DateTimeFormat(i18n.resolvedLanguage?.startsWith('ko') ? 'ko-KR' : 'en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: s.timeZone,
  }).format(new Date(s.nextAt));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    save.mutate(draft, {
      onSuccess: () => toast.success(t('digest.settings.saved')),
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  return (
    <section className="card" aria-labelledby="digest-time">
      <h2 id="digest-time" className="section-title">
        {t('digest.settings.timeTitle')}
      </h2>
      <p className="muted">{t('digest.settings.timeHint', { zone: s.timeZone })}</p>
      {!canEdit ? <p className="muted">{t('digest.settings.adminOnly')}</p> : null}
      <form className="stack form-narrow" onSubmit={submit}>
        <TextField
          label={t('digest.settings.sendTime')}
          type="time"
          required
          disabled={!canEdit}
          value={draft.sendTime}
          hint={t('digest.settings.next', { next, zone: s.timeZone })}
          onChange={(e) => setDraft({ ...draft, sendTime: e.target.value })}
        />
        <label className="checkbox">
          <input type="checkbox" disabled={!canEdit} checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
          {t('digest.settings.enabled')}
        </label>
        {canEdit ? (
          <div>
            <Button type="submit" disabled={save.isPending}>
              {t('digest.settings.save')}
            </Button>
          </div>
        ) : null}
      </form>
    </section>
  );
}
