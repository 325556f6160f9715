import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { Membership, Role, Session, Workspace } from '../../api/types';
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime } from '../../lib/time';

export interface CurrentWorkspace {
  session: Session;
  workspace: Workspace;
  roles: Role[];
  isAdmin: boolean;
  hasRole: (role: Role) => boolean;
}

export const CurrentWorkspaceContext = createContext<CurrentWorkspace | null>(null);

export function makeCurrentWorkspace(session: Session, membership: Membership): CurrentWorkspace {
  const roles = membership.roles;
  return {
    session,
    workspace: membership.workspace,
    roles,
    isAdmin: roles.includes('admin'),
    hasRole: (role) => roles.includes(role),
  };
}

/** The workspace of the current `/w/:workspaceId` route; only inside the app shell. */
export function useCurrentWorkspace(): CurrentWorkspace {
  const context = useContext(CurrentWorkspaceContext);
  if (!context) throw new Error('useCurrentWorkspace must be used inside the app shell');
  return context;
}

/** Date formatters bound to the workspace time zone and the active language. */
export function useWorkspaceTime() {
  const { workspace } = useCurrentWorkspace();
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const tz = workspace.timeZone || DEFAULT_TIME_ZONE;
  return {
    timeZone: tz,
    dateTime: (iso: string) => formatDateTime(iso, tz, lang),
    date: (iso: string) => formatDate(iso, tz, lang),
  };
}
