import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../ui/PageHeader';

/** Each tab: its path and the i18n key of its label. */
const TABS = [
  { path: 'general', label: 'settings.tabs.general' },
  { path: 'members', label: 'settings.tabs.members' },
  { path: 'channels', label: 'planningSettings.tabs.channels' },
  { path: 'segments', label: 'planningSettings.tabs.segments' },
  { path: 'campaigns', label: 'planningSettings.tabs.campaigns' },
  { path: 'plan-tools', label: 'planningSettings.tabs.planTools' },
  { path: 'tokens', label: 'settings.tabs.tokens' },
  { path: 'account', label: 'settings.tabs.account' },
] as const;

export default function SettingsLayout() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.settings')} description={t('settings.description')} />
      <div className="settings-layout">
        <nav aria-label={t('settings.nav')} className="subnav">
          <ul>
            {TABS.map((tab) => (
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
