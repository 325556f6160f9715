import { Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { useLogout } from '../features/auth/api';
import { useSession } from '../features/auth/session';
import { InboxNavBadge } from '../features/inbox/InboxNavBadge';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { PausedBanner } from '../features/publishing/PausedBanner';
import { CurrentWorkspaceContext, makeCurrentWorkspace } from '../features/workspaces/current-workspace';
import { rememberWorkspace } from '../features/workspaces/last-workspace';
import { WorkspaceSwitcher } from '../features/workspaces/WorkspaceSwitcher';
import { chooseLanguage, hasStoredLanguage } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useRealtimeConnection } from '../lib/realtime';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { PageLoading } from '../ui/Spinner';
import { useToast } from '../ui/Toast';
import { Icon, type IconName } from './Icon';
import { LanguagePicker } from './LanguagePicker';
import { NotFoundContent } from './NotFoundPage';

const NAV: { to: string; key: 'calendar' | 'approvals' | 'inbox' | 'reports' | 'digest' | 'settings'; icon: IconName }[] = [
  { to: 'calendar', key: 'calendar', icon: 'calendar' },
  { to: 'approvals', key: 'approvals', icon: 'check' },
  { to: 'inbox', key: 'inbox', icon: 'inbox' },
  { to: 'reports', key: 'reports', icon: 'chart' },
  { to: 'digest', key: 'digest', icon: 'sunrise' },
  { to: 'settings', key: 'settings', icon: 'settings' },
];

export function AppShell() {
  const { t } = useTranslation();
  const { workspaceId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const session = useSession();
  const logout = useLogout();
  // One real-time connection per signed-in session (client/src/lib/realtime.ts).
  useRealtimeConnection(session.data?.user.id);

  const data = session.data;
  const membership = data?.memberships.find((m) => m.workspace.id === workspaceId);
  const current = useMemo(() => (data && membership ? makeCurrentWorkspace(data, membership) : null), [data, membership]);

  useEffect(() => {
    if (membership) rememberWorkspace(membership.workspace.id);
  }, [membership]);

  // Apply the account's saved language when this browser has no explicit choice.
  const userLocale = data?.user.locale;
  useEffect(() => {
    if (userLocale && !hasStoredLanguage()) void chooseLanguage(userLocale);
  }, [userLocale]);

  if (session.isPending) return <PageLoading />;
  if (session.isError) {
    return (
      <main id="main" className="centered-page">
        <EmptyState title={t('errors.title')} action={<Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>}>
          <p>{errorMessage(t, session.error)}</p>
        </EmptyState>
      </main>
    );
  }
  if (!data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }

  function onLogout() {
    logout.mutate(undefined, {
      onSuccess: () => void navigate('/login', { replace: true }),
      onError: (error) => {
        toast.error(errorMessage(t, error));
        void navigate('/login', { replace: true });
      },
    });
  }

  const user = data.user;
  const roleNames = membership ? membership.roles.map((role) => t(`roles.${role}`)).join(', ') : '';

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('shell.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            소
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        {membership ? (
          <nav aria-label={t('shell.mainNav')} className="sidebar-nav">
            <ul>
              {NAV.map((item) => (
                <li key={item.key}>
                  <NavLink to={`/w/${encodeURIComponent(workspaceId)}/${item.to}`} className="nav-link">
                    <Icon name={item.icon} />
                    <span>{t(`nav.${item.key}`)}</span>
                    {item.key === 'inbox' ? <InboxNavBadge workspaceId={workspaceId} /> : null}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {membership?.workspace.isDemo ? <p className="sidebar-note">{t('shell.demoNote')}</p> : null}
      </aside>
      <div className="shell-main">
        <header className="topbar">
          <div className="topbar-left">
            {data.memberships.length > 0 ? <WorkspaceSwitcher memberships={data.memberships} currentId={workspaceId} /> : null}
          </div>
          <div className="topbar-right">
            {membership ? <NotificationBell workspaceId={membership.workspace.id} timeZone={membership.workspace.timeZone} /> : null}
            <LanguagePicker signedIn />
            <div className="user-chip">
              <span className="avatar" aria-hidden="true">
                {user.name.trim().charAt(0).toUpperCase() || '?'}
              </span>
              <span className="user-chip-text">
                <span className="user-name">{user.name}</span>
                {roleNames ? (
                  <span className="role-badge">
                    <span className="visually-hidden">{t('shell.rolesLabel')} </span>
                    {roleNames}
                  </span>
                ) : null}
              </span>
            </div>
            <Button size="sm" variant="ghost" onClick={onLogout} loading={logout.isPending}>
              {t('shell.logout')}
            </Button>
          </div>
        </header>
        {membership ? (
          <PausedBanner workspaceId={membership.workspace.id} timeZone={membership.workspace.timeZone} isAdmin={membership.roles.includes('admin')} />
        ) : null}
        <main id="main" className="content" tabIndex={-1}>
          {current ? (
            <CurrentWorkspaceContext.Provider value={current}>
              <Suspense fallback={<PageLoading />}>
                <Outlet />
              </Suspense>
            </CurrentWorkspaceContext.Provider>
          ) : (
            <NotFoundContent message={t('shell.workspaceNotFound')} />
          )}
        </main>
      </div>
    </div>
  );
}
