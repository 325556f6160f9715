import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../ui/PageHeader';
import { useCurrentWorkspace } from '../workspaces/current-workspace';

/** Each tab: its path, the i18n key of its label, and whether only admins see it. */
const TABS: ReadonlyArray<{ path: string; label: string; adminOnly?: boolean }> = [
  { path: 'general', label: 'settings.tabs.general' },
  { path: 'members', label: 'settings.tabs.members' },
  { path: 'channels', label: 'planningSettings.tabs.channels' },
  { path: 'segments', label: 'planningSettings.tabs.segments' },
  { path: 'campaigns', label: 'planningSettings.tabs.campaigns' },
  { path: 'plan-tools', label: 'planningSettings.tabs.planTools' },
  { path: 'approval-policy', label: 'approvalPolicy.tab' },
  { path: 'audit', label: 'audit.tab', adminOnly: true },
  { path: 'publishing', label: 'publishing.tab', adminOnly: true },
  { path: 'webhooks', label: 'webhooks.tab', adminOnly: true },
  { path: 'inbox', label: 'inbox.settings.tab' },
  { path: 'digest', label: 'digest.settings.tab' },
  { path: 'tokens', label: 'settings.tabs.tokens' },
  { path: 'account', label: 'settings.tabs.account' },
];

export default function SettingsLayout() {
  const { t } = useTranslation();
  const { isAdmin } = useCurrentWorkspace();
  return (
    <>
      <PageHeader title={t('nav.settings')} description={t('settings.description')} />
      <div className="settings-layout">
        <nav aria-label={t('settings.nav')} className="subnav">
          <ul>
            {TABS.filter((tab) => isAdmin || !tab.adminOnly).map((tab) => (
              <li key={tab.path}>
                <NavLink to={tab.path} className="subnav-link">
                  {t(tab.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-content">
          <Outlet />
        </div>
      </div>
    </>
  );
}
