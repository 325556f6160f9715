import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarEntry, PostVariant } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { Button } from '../../ui/Button';
import { useToast } from '../../ui/Toast';
import { PROVIDER_LABEL } from '../calendar/NetworkIcon';
import { useRetryVariant } from './api';
import './publishing.css';

/** What the variant API adds about the outcome of publishing (absent on older answers). */
export type VariantOutcomeFields = Pick<PostVariant, 'id' | 'state'> & {
  remoteUrl?: string | null;
  failureReason?: string | null;
  failureKind?: string | null;
};

/** The network's reason for a failure, in plain words per kind. */
function failureText(t: ReturnType<typeof useTranslation>['t'], kind: string | null | undefined, network: string, reason: string) {
  switch (kind) {
    case 'rejected':
      return t('publishing.failure.rejected', { network, reason });
    case 'auth_expired':
      return t('publishing.failure.authExpired', { network });
    default:
      return t('publishing.failure.unreachable', { network, reason });
  }
}

/**
 * The event drawer's publishing outcome: a failed variant says why (and planners can retry it now);
 * a published one links to the post on the network.
 */
export function VariantOutcome({
  workspaceId,
  entry,
  variant,
  canRetry,
}: {
  workspaceId: string;
  entry: Pick<CalendarEntry, 'id' | 'provider' | 'channelName'>;
  variant: VariantOutcomeFields | undefined;
  canRetry: boolean;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const retry = useRetryVariant(workspaceId);
  const [retried, setRetried] = useState(false);
  // The reason comes with the post: nothing is said until it has loaded.
  const state = variant?.state;
  const network = PROVIDER_LABEL[entry.provider];

  if (retried && state !== 'failed') {
    return (
      <p className="alert variant-outcome variant-retried" role="status">
        {t('publishing.failure.retried')}
      </p>
    );
  }
  if (state === 'published' && variant?.remoteUrl) {
    return (
      <p className="variant-outcome">
        <a href={variant.remoteUrl} target="_blank" rel="noreferrer noopener" className="variant-outcome-link">
          {t('publishing.published.open', { network })}
          <span className="visually-hidden"> {t('publishing.published.newTab')}</span>
        </a>
      </p>
    );
  }
  if (state !== 'failed') return null;

  function onRetry() {
    retry.mutate(entry.id, {
      onSuccess: () => {
        setRetried(true);
        toast.success(t('publishing.failure.retriedToast'));
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  const reason = variant?.failureReason?.trim() || t('publishing.failure.noReason');
  return (
    <section className="alert alert-error variant-outcome variant-failed" aria-labelledby={`failed-${entry.id}`}>
      <h3 id={`failed-${entry.id}`} className="variant-outcome-title">
        {t('publishing.failure.title')}
      </h3>
      <p>{failureText(t, variant?.failureKind, network, reason)}</p>
      {variant?.failureKind === 'auth_expired' && variant.failureReason ? (
        <p className="variant-outcome-detail">{t('publishing.failure.networkSaid', { network, reason: variant.failureReason })}</p>
      ) : null}
      {canRetry ? (
        <div>
          <Button size="sm" variant="primary" onClick={onRetry} loading={retry.isPending}>
            {t('publishing.failure.retry')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
