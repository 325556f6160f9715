import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Membership } from '../../api/types';

/** Native <select> so it is keyboard operable and has an accessible name for free. */
export function WorkspaceSwitcher({ memberships, currentId }: { memberships: Membership[]; currentId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const location = useLocation();

  function switchTo(nextId: string) {
    // Keep the section (calendar, settings/members, …) when moving to another workspace.
    const rest = location.pathname.split('/').slice(3).join('/') || 'calendar';
    void navigate(`/w/${encodeURIComponent(nextId)}/${rest}`);
  }

  return (
    <div className="topbar-control">
      <label htmlFor={id} className="topbar-label">
        {t('shell.workspace')}
      </label>
      <select id={id} className="input select select-compact" value={currentId} onChange={(event) => switchTo(event.target.value)}>
        {memberships.map((membership) => (
          <option key={membership.workspace.id} value={membership.workspace.id}>
            {membership.workspace.isDemo ? t('shell.demoWorkspace', { name: membership.workspace.name }) : membership.workspace.name}
          </option>
        ))}
      </select>
    </div>
  );
}
