import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/Field';
import { PageLoading } from '../../ui/Spinner';
import { pickWorkspace } from '../workspaces/last-workspace';
import { AuthLayout } from './AuthLayout';
import { useLogin } from './api';
import { useSession } from './session';

/** Only follow in-app paths after login (no open redirects). */
function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return null;
  return next;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  useDocumentTitle(t('login.title'));

  const next = safeNext(params.get('next'));

  if (session.isPending) return <PageLoading />;
  if (session.data && !login.isPending && !login.isSuccess) {
    const target = pickWorkspace(session.data.memberships);
    return <Navigate to={next ?? (target ? `/w/${encodeURIComponent(target)}/calendar` : '/')} replace />;
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (fresh) => {
          const target = fresh ? pickWorkspace(fresh.memberships) : null;
          void navigate(next ?? (target ? `/w/${encodeURIComponent(target)}/calendar` : '/'), { replace: true });
        },
      },
    );
  }

  return (
    <AuthLayout>
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('login.subtitle')}</p>
      {login.isError ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(t, login.error)}
        </div>
      ) : null}
      <form onSubmit={onSubmit} className="stack" noValidate={false}>
        <TextField
          label={t('login.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label={t('login.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <Button type="submit" variant="primary" className="btn-block" loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
