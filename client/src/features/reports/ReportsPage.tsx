import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../../app/Icon';
import { useDocumentTitle } from '../../lib/use-document-title';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { useCurrentWorkspace } from '../workspaces/current-workspace';

/** Placeholder until the reports feature lands: explains what will appear here. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  useDocumentTitle(t('nav.reports'));

  return (
    <>
      <PageHeader title={t('nav.reports')} description={t('reports.description')} />
      <div className="card">
        <EmptyState
          title={t('reports.emptyTitle')}
          icon={<Icon name="chart" />}
          action={
            <Link className="btn btn-secondary" to={`/w/${encodeURIComponent(workspace.id)}/settings/tokens`}>
              {t('reports.action')}
            </Link>
          }
        >
          <p>{t('reports.emptyBody')}</p>
          <ul className="hint-list">
            <li>{t('reports.tip1')}</li>
            <li>{t('reports.tip2')}</li>
          </ul>
        </EmptyState>
      </div>
    </>
  );
}
