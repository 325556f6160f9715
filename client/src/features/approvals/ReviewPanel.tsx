import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { QueryState } from '../../ui/QueryState';
import { LoadingState } from '../../ui/Spinner';
import { useChannels, useSegments } from '../calendar/api';
import { StateBadge } from '../calendar/StateBadge';
import { personName, type Review, useDiff, useReview, useVersions, waitingNames } from './api';
import { CommentsThread } from './CommentsThread';
import { DiffView } from './DiffView';
import { ReviewLinks } from './ReviewLinks';
import { stepName } from './step-name';
import './approvals.css';

export interface ReviewPanelProps {
  workspaceId: string;
  postId: string;
  tz: string;
  /** Heading level of the panel's sections (inside a list item: 3, inside a drawer: 3). */
  headingLevel?: 3 | 4;
}

/**
 * Where a post stands in its review: state, the policy's steps (who approved, which one is current),
 * who it waits on, every decision, and the content versions with a compare.
 */
export function ReviewPanel({ workspaceId, postId, tz, headingLevel = 3 }: ReviewPanelProps) {
  const { t } = useTranslation();
  const review = useReview(workspaceId, postId);
  const H = headingLevel === 3 ? 'h3' : 'h4';
  if (review.isPending) return <LoadingState rows={3} />;
  if (review.isError || !review.data) {
    return (
      <p className="alert alert-error" role="alert">
        {t('approvalFlow.panel.loadFailed')}
      </p>
    );
  }
  const data = review.data;
  return (
    <section className="review-panel" aria-label={t('approvalFlow.panel.title')}>
      <div className="review-panel-head">
        <StateBadge state={data.state} />
        <span className="muted">
          {t('approvalFlow.panel.version', { version: data.version })}
          {data.approvedVersion ? ` · ${t('approvalFlow.panel.approvedVersion', { version: data.approvedVersion })}` : ''}
        </span>
      </div>
      <WaitingLine review={data} />
      <Steps review={data} H={H} />
      <ReviewLinks workspaceId={workspaceId} review={data} tz={tz} H={H} />
      <History review={data} tz={tz} H={H} />
      <Versions workspaceId={workspaceId} postId={postId} tz={tz} H={H} current={data.version} />
      <CommentsThread workspaceId={workspaceId} postId={postId} version={data.version} />
    </section>
  );
}

/** "Waiting on: …" — or what the state means when nobody has to act. */
export function WaitingLine({ review }: { review: Review | Omit<Review, 'decisions'> }) {
  const { t } = useTranslation();
  if (review.state !== 'in_review') return <p className="review-waiting">{t(`approvalFlow.next.${review.state}`, { defaultValue: '' })}</p>;
  const names = waitingNames(review);
  const step = review.waitingOn.step;
  return (
    <p className="review-waiting">
      <strong>{t('approvalFlow.panel.waitingOn')}</strong> {names || t('approvalFlow.panel.nobody')}
      {step ? (
        <span className="muted">
          {' '}
          · {t('approvalFlow.panel.stepProgress', { step: stepName(t, step), n: step.approvals, required: step.required })}
        </span>
      ) : null}
    </p>
  );
}

function Steps({ review, H }: { review: Review; H: 'h3' | 'h4' }) {
  const { t } = useTranslation();
  const steps = review.steps.filter((s) => s.applies);
  if (!steps.length) return null;
  return (
    <div>
      <H className="review-section-title">{t('approvalFlow.panel.steps')}</H>
      <ol className="review-steps">
        {steps.map((s) => (
          <li
            key={s.id}
            className={`review-step${s.current ? ' is-current' : ''}${s.satisfied ? ' is-done' : ''}`}
            aria-current={s.current ? 'step' : undefined}
          >
            <span className="review-step-mark" aria-hidden="true">
              {s.satisfied ? '✓' : s.current ? '●' : '○'}
            </span>
            <span className="review-step-name">{stepName(t, s)}</span>
            <span className="muted">
              {s.satisfied ? t('approvalFlow.panel.stepDone') : s.current ? t('approvalFlow.panel.stepCurrent') : t('approvalFlow.panel.stepLater')}
              {' · '}
              {s.approvedBy.length
                ? t('approvalFlow.panel.approvedBy', { names: s.approvedBy.map(personName).join(', ') })
                : t('approvalFlow.panel.required', { count: s.required })}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function History({ review, tz, H }: { review: Review; tz: string; H: 'h3' | 'h4' }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return (
    <div>
      <H className="review-section-title">{t('approvalFlow.panel.history')}</H>
      {review.decisions.length === 0 ? (
        <p className="muted">{t('approvalFlow.panel.noDecisions')}</p>
      ) : (
        <ul className="review-history">
          {review.decisions.map((d) => (
            <li key={d.id} className={`review-decision decision-${d.decision}`}>
              <p>
                <strong>{d.user?.name ?? d.reviewerEmail ?? '—'}</strong>{' '}
                {d.decision === 'approved' ? t('approvalFlow.panel.didApprove') : t('approvalFlow.panel.didRequest')}
                <span className="muted">
                  {' · '}
                  {t('approvalFlow.panel.version', { version: d.version })} ·{' '}
                  <time dateTime={d.createdAt}>{formatDateTime(d.createdAt, tz, lang)}</time>
                </span>
              </p>
              {d.comment ? <blockquote className="review-comment">{d.comment}</blockquote> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Versions({ workspaceId, postId, tz, H, current }: { workspaceId: string; postId: string; tz: string; H: 'h3' | 'h4'; current: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const versions = useVersions(workspaceId, postId);
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const fromId = useId();
  const toId = useId();
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('');
  const channels = useChannels(workspaceId);
  const segments = useSegments(workspaceId);
  const diff = useDiff(workspaceId, postId, compare, compare !== null);
  const rows = versions.data ?? [];
  const options = rows.map((r) => r.version);
  const pickFrom = from || String(options[1] ?? options[0] ?? '');
  const pickTo = to || String(options[0] ?? current);

  return (
    <div>
      <H className="review-section-title">{t('approvalFlow.panel.versions')}</H>
      <QueryState
        query={versions}
        isEmpty={(list) => list.length === 0}
        emptyTitle={t('approvalFlow.panel.noVersions')}
        emptyBody={t('approvalFlow.panel.noVersionsBody')}
      >
        {(list) => (
          <>
            <ul className="review-versions">
              {list.map((v) => (
                <li key={v.version}>
                  <strong>{t('approvalFlow.panel.version', { version: v.version })}</strong>
                  {v.approved ? <span className="diff-tag diff-tag-added">{t('approvalFlow.panel.approvedTag')}</span> : null}
                  <span className="muted">
                    {' · '}
                    {v.createdBy?.name ?? '—'} · <time dateTime={v.createdAt}>{formatDateTime(v.createdAt, tz, lang)}</time>
                  </span>
                </li>
              ))}
            </ul>
            {list.length > 1 ? (
              <form
                className="review-compare"
                onSubmit={(e) => {
                  e.preventDefault();
                  setCompare({ from: Number(pickFrom), to: Number(pickTo) });
                }}
              >
                <label htmlFor={fromId}>{t('approvalFlow.panel.compareFrom')}</label>
                <select id={fromId} className="input select" value={pickFrom} onChange={(e) => setFrom(e.target.value)}>
                  {options.map((n) => (
                    <option key={n} value={n}>
                      {t('approvalFlow.panel.version', { version: n })}
                    </option>
                  ))}
                </select>
                <label htmlFor={toId}>{t('approvalFlow.panel.compareTo')}</label>
                <select id={toId} className="input select" value={pickTo} onChange={(e) => setTo(e.target.value)}>
                  {options.map((n) => (
                    <option key={n} value={n}>
                      {t('approvalFlow.panel.version', { version: n })}
                    </option>
                  ))}
                </select>
                <Button type="submit" size="sm" loading={diff.isFetching}>
                  {t('approvalFlow.panel.compare')}
                </Button>
              </form>
            ) : null}
            {compare && diff.data ? <DiffView diff={diff.data} channels={channels.data ?? []} segments={segments.data ?? []} /> : null}
            {compare && diff.isError ? (
              <p className="alert alert-error" role="alert">
                {t('approvalFlow.panel.compareFailed')}
              </p>
            ) : null}
          </>
        )}
      </QueryState>
    </div>
  );
}
