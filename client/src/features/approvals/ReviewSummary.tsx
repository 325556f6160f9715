import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { StateBadge } from '../calendar/StateBadge';
import { useReview } from './api';
import { ReviewPanel, WaitingLine } from './ReviewPanel';
import './approvals.css';

/** A post's approval state and who must act next, in a line; opens the full review panel in place. */
export function ReviewSummary({ workspaceId, postId, tz }: { workspaceId: string; postId: string; tz: string }) {
  const { t } = useTranslation();
  const review = useReview(workspaceId, postId);
  const [open, setOpen] = useState(false);
  if (!review.data) return null;
  return (
    <div className="review-summary">
      <div className="review-summary-line">
        <span className="field-label">{t('approvalFlow.summary.label')}</span>
        <StateBadge state={review.data.state} />
        <span className="spacer" />
        <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? t('approvalFlow.summary.hide') : t('approvalFlow.summary.show')}
        </Button>
      </div>
      <WaitingLine review={review.data} />
      {open ? <ReviewPanel workspaceId={workspaceId} postId={postId} tz={tz} /> : null}
    </div>
  );
}
