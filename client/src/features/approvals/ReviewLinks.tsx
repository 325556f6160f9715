import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { CopyField } from '../../ui/CopyField';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useApprovalPolicy } from '../settings/approval-policy-api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import type { Review } from './api';
import { type RenewedReviewLink, type ReviewLinkRow, useRenewReviewLink, useReviewLinks } from './review-links-api';
import { stepName } from './step-name';

/** Links the server still accepts a renewal for (a used or superseded one answers 409). */
const renewable = (link: ReviewLinkRow) => link.status === 'live' || link.status === 'expired';

/**
 * Outside reviewers' links of a post, for planners and admins: who got one, for which step and
 * version, whether it still works; "Make a new link" replaces a lost or expired one and shows the
 * new URL once. Shown when a step of the post's policy names outside reviewers (or links exist).
 */
export function ReviewLinks({ workspaceId, review, tz, H }: { workspaceId: string; review: Review; tz: string; H: 'h3' | 'h4' }) {
  const { hasRole } = useCurrentWorkspace();
  const canManage = hasRole('admin') || hasRole('planner');
  if (!canManage) return null;
  return <ReviewLinksSection workspaceId={workspaceId} review={review} tz={tz} H={H} />;
}

function ReviewLinksSection({ workspaceId, review, tz, H }: { workspaceId: string; review: Review; tz: string; H: 'h3' | 'h4' }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const toast = useToast();
  const policy = useApprovalPolicy(workspaceId);
  const links = useReviewLinks(workspaceId, review.postId);
  const renew = useRenewReviewLink(workspaceId, review.postId);
  const [made, setMade] = useState<RenewedReviewLink | null>(null);
  const madeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (made) madeRef.current?.focus();
  }, [made]);

  const applies = new Set(review.steps.filter((s) => s.applies).map((s) => s.id));
  const outsideStep = (policy.data?.steps ?? []).some((s) => s.externalEmails.length > 0 && s.id !== undefined && applies.has(s.id));
  const list = links.data ?? [];
  if (!outsideStep && list.length === 0 && !made) return null;

  function makeLink(link: ReviewLinkRow) {
    renew.mutate(link.id, {
      onSuccess: (result) => setMade(result),
      onError: (error) => toast.error(t('approvalFlow.links.renewFailed', { email: link.email, reason: errorMessage(t, error) })),
    });
  }

  return (
    <div className="review-links">
      <H className="review-section-title">{t('approvalFlow.links.title')}</H>
      <p className="muted">{t('approvalFlow.links.body')}</p>
      {made ? (
        <div ref={madeRef} tabIndex={-1} className="review-link-made">
          <p className="review-link-made-title">
            <strong>{t('approvalFlow.links.madeTitle', { email: made.email })}</strong>
          </p>
          <p className="muted">{t('approvalFlow.links.madeBody', { email: made.email, when: formatDateTime(made.expiresAt, tz, lang) })}</p>
          <CopyField label={t('approvalFlow.links.url', { email: made.email })} value={made.url} />
          <div>
            <Button size="sm" onClick={() => setMade(null)}>
              {t('approvalFlow.links.done')}
            </Button>
          </div>
        </div>
      ) : null}
      {links.isPending ? (
        <LoadingState rows={1} />
      ) : links.isError ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(t, links.error)}
        </p>
      ) : list.length === 0 ? (
        <p className="muted">{t('approvalFlow.links.none')}</p>
      ) : (
        <ul className="review-link-list">
          {list.map((link) => (
            <li key={link.id} className="review-link-row">
              <div className="review-link-who">
                <strong className="review-link-email">{link.email}</strong>
                <span className={`review-link-status link-${link.status}`}>{t(`approvalFlow.links.status.${link.status}`)}</span>
                <div className="muted">
                  {stepName(t, link.step)} · {t('approvalFlow.panel.version', { version: link.version })} ·{' '}
                  {link.usedAt ? (
                    <>
                      {t('approvalFlow.links.usedAt')} <time dateTime={link.usedAt}>{formatDateTime(link.usedAt, tz, lang)}</time>
                    </>
                  ) : link.status === 'superseded' ? (
                    <>
                      {t('approvalFlow.links.createdAt')} <time dateTime={link.createdAt}>{formatDateTime(link.createdAt, tz, lang)}</time>
                    </>
                  ) : (
                    <>
                      {t(link.status === 'expired' ? 'approvalFlow.links.expiredAt' : 'approvalFlow.links.expiresAt')}{' '}
                      <time dateTime={link.expiresAt}>{formatDateTime(link.expiresAt, tz, lang)}</time>
                    </>
                  )}
                </div>
              </div>
              {renewable(link) ? (
                <Button size="sm" onClick={() => makeLink(link)} loading={renew.isPending && renew.variables === link.id}>
                  {t('approvalFlow.links.renew')}
                  <span className="visually-hidden"> {link.email}</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
