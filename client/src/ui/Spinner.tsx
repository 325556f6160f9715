import { useTranslation } from 'react-i18next';

export function Spinner({ size = 'md', decorative = false }: { size?: 'sm' | 'md'; decorative?: boolean }) {
  return <span className={`spinner spinner-${size}`} aria-hidden={decorative || undefined} />;
}

/** A busy region shown while a query loads. */
export function LoadingState({ label, rows = 3 }: { label?: string; rows?: number }) {
  const { t } = useTranslation();
  return (
    <div className="loading-state" role="status" aria-busy="true" aria-live="polite">
      <span className="visually-hidden">{label ?? t('common.loading')}</span>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <div key={index} className="skeleton" aria-hidden="true" style={{ width: `${90 - index * 15}%` }} />
      ))}
    </div>
  );
}

/** Full-page loading state (session check, lazy route chunks). */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status" aria-busy="true">
      <Spinner />
      <span className="visually-hidden">{t('common.loading')}</span>
    </div>
  );
}
