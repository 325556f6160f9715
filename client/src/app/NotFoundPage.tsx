import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../lib/use-document-title';
import { EmptyState } from '../ui/EmptyState';

export function NotFoundContent({ message }: { message?: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <EmptyState
      title={t('notFound.title')}
      headingLevel={1}
      icon={<span className="big-number">404</span>}
      action={
        <Link to="/" className="btn btn-primary">
          {t('notFound.home')}
        </Link>
      }
    >
      <p>{message ?? t('notFound.body')}</p>
    </EmptyState>
  );
}

/** Top-level 404 outside the app shell. */
export function NotFoundPage() {
  return (
    <main id="main" className="centered-page">
      <NotFoundContent />
    </main>
  );
}
