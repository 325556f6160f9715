import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../../app/Icon';
import { useDocumentTitle } from '../../lib/use-document-title';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { useCurrentWorkspace } from '../workspaces/current-workspace';

/** Placeholder until the approvals feature lands: explains what will appear here. */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  useDocumentTitle(t('nav.approvals'));

  return (
    <>
      <PageHeader title={t('nav.approvals')} description={t('approvals.description')} />
      <div className="card">
        <EmptyState
          title={t('approvals.emptyTitle')}
          icon={<Icon name="check" />}
          action={
            <Link className="btn btn-secondary" to={`/w/${encodeURIComponent(workspace.id)}/settings/members`}>
              {t('approvals.action')}
            </Link>
          }
        >
          <p>{t('approvals.emptyBody')}</p>
          <ul className="hint-list">
            <li>{t('approvals.tip1')}</li>
            <li>{t('approvals.tip2')}</li>
          </ul>
        </EmptyState>
      </div>
    </>
  );
}
