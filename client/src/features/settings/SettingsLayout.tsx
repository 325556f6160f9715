import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../ui/PageHeader';

const TABS = ['general', 'members', 'tokens', 'account'] as const;

export default function SettingsLayout() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.settings')} description={t('settings.description')} />
      <div className="settings-layout">
        <nav aria-label={t('settings.nav')} className="subnav">
          <ul>
            {TABS.map((tab) => (
              <li key={tab}>
                <NavLink to={tab} className="subnav-link">
                  {t(`settings.tabs.${tab}`)}
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
