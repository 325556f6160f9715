import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, setCsrfToken } from '../../api/client';
import type { AcceptInviteResponse, InvitePreview } from '../../api/types';
import { currentLanguage } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { TextField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { rememberWorkspace } from '../workspaces/last-workspace';
import { AuthLayout } from './AuthLayout';
import { useLogout } from './api';
import { sessionKey, useSession } from './session';

const MIN_PASSWORD = 10;

export function AcceptInvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  const logout = useLogout();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | undefined>();
  useDocumentTitle(t('invite.title'));

  const invite = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api.get<InvitePreview>(`/api/invites/${encodeURIComponent(token)}`),
    retry: false,
  });

  const accept = useMutation({
    mutationFn: (body: { name?: string; password?: string }) =>
      api.post<AcceptInviteResponse>(`/api/invites/${encodeURIComponent(token)}/accept`, body),
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      rememberWorkspace(result.workspaceId);
      await queryClient.invalidateQueries({ queryKey: sessionKey });
      void navigate(`/w/${encodeURIComponent(result.workspaceId)}/calendar`, { replace: true });
    },
  });

  function onRegister(event: FormEvent) {
    event.preventDefault();
    if (password.length < MIN_PASSWORD) {
      setPasswordError(t('invite.passwordTooShort', { count: MIN_PASSWORD }));
      return;
    }
    setPasswordError(undefined);
    accept.mutate({ name: name.trim(), password });
  }

  if (invite.isPending || session.isPending) {
    return (
      <AuthLayout>
        <h1>{t('invite.title')}</h1>
        <LoadingState />
      </AuthLayout>
    );
  }

  if (invite.isError) {
    return (
      <AuthLayout signedIn={Boolean(session.data)}>
        <EmptyState
          headingLevel={1}
          title={t('invite.unavailableTitle')}
          action={
            <Link className="btn btn-secondary" to="/">
              {t('notFound.home')}
            </Link>
          }
        >
          <p>{errorMessage(t, invite.error)}</p>
        </EmptyState>
      </AuthLayout>
    );
  }

  const preview = invite.data;
  const me = session.data?.user ?? null;
  const sameEmail = me !== null && me.email.toLowerCase() === preview.email.toLowerCase();
  const roles = preview.roles.map((role) => t(`roles.${role}`)).join(', ');

  return (
    <AuthLayout signedIn={me !== null}>
      <h1>{t('invite.heading', { workspace: preview.workspace.name })}</h1>
      <dl className="summary-list">
        <div>
          <dt>{t('invite.email')}</dt>
          <dd>{preview.email}</dd>
        </div>
        <div>
          <dt>{t('invite.roles')}</dt>
          <dd>{roles}</dd>
        </div>
        <div>
          <dt>{t('invite.expires')}</dt>
          <dd>{formatDateTime(preview.expiresAt, undefined, currentLanguage())}</dd>
        </div>
      </dl>

      {accept.isError ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(t, accept.error)}
        </div>
      ) : null}

      {me && sameEmail ? (
        <div className="stack">
          <p className="muted">{t('invite.signedInAs', { email: me.email })}</p>
          <Button variant="primary" className="btn-block" loading={accept.isPending} onClick={() => accept.mutate({})}>
            {t('invite.accept')}
          </Button>
        </div>
      ) : null}

      {me && !sameEmail ? (
        <div className="stack">
          <p className="alert alert-warning">{t('invite.wrongAccount', { current: me.email, invited: preview.email })}</p>
          <Button loading={logout.isPending} onClick={() => logout.mutate(undefined, { onSettled: () => void session.refetch() })}>
            {t('invite.switchAccount')}
          </Button>
        </div>
      ) : null}

      {!me && preview.userExists ? (
        <div className="stack">
          <p className="muted">{t('invite.existingAccount')}</p>
          <Link className="btn btn-primary btn-block" to={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}>
            {t('invite.loginToAccept')}
          </Link>
        </div>
      ) : null}

      {!me && !preview.userExists ? (
        <form className="stack" onSubmit={onRegister}>
          <p className="muted">{t('invite.createAccount')}</p>
          <TextField
            label={t('invite.name')}
            name="name"
            autoComplete="name"
            required
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <TextField
            label={t('invite.password')}
            type="password"
            name="new-password"
            autoComplete="new-password"
            required
            hint={t('invite.passwordHint', { count: MIN_PASSWORD })}
            error={passwordError}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <Button type="submit" variant="primary" className="btn-block" loading={accept.isPending}>
            {t('invite.acceptAndJoin')}
          </Button>
        </form>
      ) : null}
    </AuthLayout>
  );
}
