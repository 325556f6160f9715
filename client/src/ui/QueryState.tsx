import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';
import { EmptyState } from './EmptyState';
import { LoadingState } from './Spinner';

/** The four faces of a list backed by a query: loading, failed, empty, or the content. */
export function QueryState<T>({
  query,
  isEmpty,
  emptyTitle,
  emptyBody,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty: (data: T) => boolean;
  emptyTitle: string;
  emptyBody: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <LoadingState />;
  if (query.isError) {
    return (
      <p className="alert alert-error" role="alert">
        {errorMessage(t, query.error)}
      </p>
    );
  }
  if (isEmpty(query.data)) {
    return (
      <EmptyState headingLevel={3} title={emptyTitle}>
        <p>{emptyBody}</p>
      </EmptyState>
    );
  }
  return <>{children(query.data)}</>;
}
