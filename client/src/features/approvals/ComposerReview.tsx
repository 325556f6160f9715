import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { useToast } from '../../ui/Toast';
import { StateBadge } from '../calendar/StateBadge';
import { type ManualMove, type PostState, useMovePost, useReview } from './api';
import { refusalText } from './decision-errors';
import { ReviewPanel, WaitingLine } from './ReviewPanel';
import './approvals.css';

interface MoveButton {
  to: ManualMove;
  key: string;
  primary?: boolean;
  danger?: boolean;
}

/** The moves a planner can make from a state, given what the server allows from it. */
export function movesFor(state: PostState, allowed: readonly string[]): MoveButton[] {
  const can = (to: ManualMove) => allowed.includes(to);
  const moves: MoveButton[] = [];
  if (can('in_review') && (state === 'draft' || state === 'changes_requested' || state === 'failed')) {
    moves.push({ to: 'in_review', key: state === 'draft' ? 'submit' : 'resubmit', primary: true });
  }
  if (can('scheduled') && (state === 'approved' || state === 'failed')) moves.push({ to: 'scheduled', key: 'schedule', primary: true });
  if (can('approved') && state === 'scheduled') moves.push({ to: 'approved', key: 'unschedule' });
  if (can('draft')) moves.push({ to: 'draft', key: state === 'in_review' ? 'withdraw' : 'reopen' });
  if (can('canceled')) moves.push({ to: 'canceled', key: 'cancel', danger: true });
  return moves;
}

/** In the composer: the post's approval state, who must act next, and the moves its state allows. */
export function ComposerReview({ workspaceId, postId, tz, canMove }: { workspaceId: string; postId: string; tz: string; canMove: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const review = useReview(workspaceId, postId);
  const move = useMovePost(workspaceId);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [details, setDetails] = useState(false);
  if (!review.data) return null;
  const data = review.data;
  const moves = canMove ? movesFor(data.state, data.allowed) : [];

  function run(to: ManualMove, key: string) {
    move.mutate(
      { postId, to },
      {
        onSuccess: (result) => {
          setConfirmCancel(false);
          toast.success(t(`approvalFlow.moves.done_${key}`, { state: t(`calendar.state.${result.state}`) }));
        },
        onError: (error) => {
          setConfirmCancel(false);
          toast.error(refusalText(t, error));
        },
      },
    );
  }

  return (
    <section className="composer-review" aria-labelledby="composer-review-title">
      <div className="review-summary-line">
        <h3 id="composer-review-title" className="field-label">
          {t('approvalFlow.summary.label')}
        </h3>
        <StateBadge state={data.state} />
        <span className="spacer" />
        <Button size="sm" variant="ghost" aria-expanded={details} onClick={() => setDetails((d) => !d)}>
          {details ? t('approvalFlow.summary.hide') : t('approvalFlow.summary.show')}
        </Button>
      </div>
      <WaitingLine review={data} />
      {moves.length ? (
        <div className="composer-review-moves">
          {moves.map((m) => (
            <Button
              key={m.key}
              size="sm"
              variant={m.primary ? 'primary' : m.danger ? 'ghost' : 'secondary'}
              className={m.danger ? 'text-danger' : undefined}
              loading={move.isPending && move.variables?.to === m.to}
              disabled={move.isPending}
              onClick={() => (m.to === 'canceled' ? setConfirmCancel(true) : run(m.to, m.key))}
            >
              {t(`approvalFlow.moves.${m.key}`)}
            </Button>
          ))}
        </div>
      ) : null}
      {details ? <ReviewPanel workspaceId={workspaceId} postId={postId} tz={tz} headingLevel={4} /> : null}
      <ConfirmDialog
        open={confirmCancel}
        title={t('approvalFlow.moves.cancelTitle')}
        message={t('approvalFlow.moves.cancelConfirm')}
        confirmLabel={t('approvalFlow.moves.cancel')}
        busy={move.isPending}
        onConfirm={() => run('canceled', 'cancel')}
        onClose={() => setConfirmCancel(false)}
      />
    </section>
  );
}
