import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../../app/Icon';
import { useDocumentTitle } from '../../lib/use-document-title';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { useCurrentWorkspace } from '../workspaces/current-workspace';

/** Placeholder until the calendar feature lands: explains what will appear here. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  useDocumentTitle(t('nav.calendar'));

  return (
    <>
      <PageHeader title={t('nav.calendar')} description={t('calendar.description')} />
      <div className="card">
        <EmptyState
          title={t('calendar.emptyTitle')}
          icon={<Icon name="calendar" />}
          action={
            <Link className="btn btn-secondary" to={`/w/${encodeURIComponent(workspace.id)}/settings/members`}>
              {t('calendar.action')}
            </Link>
          }
        >
          <p>{t('calendar.emptyBody')}</p>
          <ul className="hint-list">
            <li>{t('calendar.tip1')}</li>
            <li>{t('calendar.tip2')}</li>
          </ul>
        </EmptyState>
      </div>
    </>
  );
}
