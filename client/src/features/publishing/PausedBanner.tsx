import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/time';
import { usePublishingStatus } from './api';
import './publishing.css';

/** Shown to every member while the workspace's publishing is paused (a crisis pause): nothing goes out. */
export function PausedBanner({ workspaceId, timeZone, isAdmin }: { workspaceId: string; timeZone: string; isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const status = usePublishingStatus(workspaceId);
  const data = status.data;
  if (!data?.paused) return null;
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return (
    <div className="paused-banner" role="status">
      <span className="paused-banner-mark" aria-hidden="true">
        ❚❚
      </span>
      <p>
        <strong>{t('publishing.banner.title')}</strong>{' '}
        {data.pausedAt ? t('publishing.banner.since', { when: formatDateTime(data.pausedAt, timeZone, lang) }) : null} {t('publishing.banner.body')}
      </p>
      {isAdmin ? (
        <Link className="paused-banner-link" to={`/w/${encodeURIComponent(workspaceId)}/settings/publishing`}>
          {t('publishing.banner.manage')}
        </Link>
      ) : null}
    </div>
  );
}
