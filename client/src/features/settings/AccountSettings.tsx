import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, isLanguage, type Language } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { SelectField, TextField } from '../../ui/Field';
import { useToast } from '../../ui/Toast';
import { useChangePassword, useUpdateMe } from '../auth/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';

const MIN_PASSWORD = 10;

export default function AccountSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('settings.tabs.account'));
  return (
    <div className="stack-lg">
      <ProfileSection />
      <PasswordSection />
    </div>
  );
}

function ProfileSection() {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const { session } = useCurrentWorkspace();
  const updateMe = useUpdateMe();
  const [name, setName] = useState(session.user.name);
  const [locale, setLocale] = useState<Language>(session.user.locale ?? currentLanguage());

  useEffect(() => {
    setName(session.user.name);
  }, [session.user.name]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read the language whenever i18n switches it
  useEffect(() => {
    setLocale(currentLanguage());
  }, [i18n.resolvedLanguage]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    updateMe.mutate(
      { name: name.trim(), locale },
      {
        onSuccess: async () => {
          await chooseLanguage(locale);
          toast.success(t('settings.account.profileSaved'));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title" className="section-title">
        {t('settings.account.profileTitle')}
      </h2>
      <form className="stack form-narrow" onSubmit={onSubmit}>
        <TextField label={t('settings.account.email')} value={session.user.email} readOnly disabled />
        <TextField
          label={t('settings.account.name')}
          autoComplete="name"
          required
          maxLength={80}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectField
          label={t('settings.account.language')}
          hint={t('settings.account.languageHint')}
          value={locale}
          onChange={(event) => {
            if (isLanguage(event.target.value)) setLocale(event.target.value);
          }}
          options={[
            { value: 'ko', label: t('languages.ko') },
            { value: 'en', label: t('languages.en') },
          ]}
        />
        <div>
          <Button type="submit" variant="primary" loading={updateMe.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function PasswordSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ next?: string; confirm?: string }>({});

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: { next?: string; confirm?: string } = {};
    if (next.length < MIN_PASSWORD) found.next = t('settings.account.passwordTooShort', { count: MIN_PASSWORD });
    if (confirm !== next) found.confirm = t('settings.account.passwordMismatch');
    setErrors(found);
    if (found.next || found.confirm) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
          toast.success(t('settings.account.passwordChanged'));
        },
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title" className="section-title">
        {t('settings.account.passwordTitle')}
      </h2>
      <form className="stack form-narrow" onSubmit={onSubmit}>
        <TextField
          label={t('settings.account.currentPassword')}
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <TextField
          label={t('settings.account.newPassword')}
          type="password"
          autoComplete="new-password"
          required
          hint={t('settings.account.passwordHint', { count: MIN_PASSWORD })}
          error={errors.next}
          value={next}
          onChange={(event) => setNext(event.target.value)}
        />
        <TextField
          label={t('settings.account.confirmPassword')}
          type="password"
          autoComplete="new-password"
          required
          error={errors.confirm}
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
        />
        <div>
          <Button type="submit" variant="primary" loading={change.isPending}>
            {t('settings.account.changePassword')}
          </Button>
        </div>
      </form>
    </section>
  );
}
