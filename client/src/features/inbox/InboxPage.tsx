import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../../app/Icon';
import { useDocumentTitle } from '../../lib/use-document-title';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { useCurrentWorkspace } from '../workspaces/current-workspace';

/** Placeholder until the inbox feature lands: explains what will appear here. */
export default function InboxPage() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  useDocumentTitle(t('nav.inbox'));

  return (
    <>
      <PageHeader title={t('nav.inbox')} description={t('inbox.description')} />
      <div className="card">
        <EmptyState
          title={t('inbox.emptyTitle')}
          icon={<Icon name="inbox" />}
          action={
            <Link className="btn btn-secondary" to={`/w/${encodeURIComponent(workspace.id)}/settings/general`}>
              {t('inbox.action')}
            </Link>
          }
        >
          <p>{t('inbox.emptyBody')}</p>
          <ul className="hint-list">
            <li>{t('inbox.tip1')}</li>
            <li>{t('inbox.tip2')}</li>
          </ul>
        </EmptyState>
      </div>
    </>
  );
}
