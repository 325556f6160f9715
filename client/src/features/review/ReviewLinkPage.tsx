import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { currentLanguage } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { LoadingState } from '../../ui/Spinner';
import { AuthLayout } from '../auth/AuthLayout';
import { NetworkPreview } from '../calendar/NetworkPreview';
import { type LinkDecision, useDecideByLink, usePublicReview } from './api';
import './review.css';

/** Why a link does not open, in the reviewer's words. */
function unavailable(error: unknown): { title: string; body: string } {
  if (!isApiError(error)) return { title: 'reviewLink.gone.errorTitle', body: 'errors.generic' };
  if (error.status === 404) return { title: 'reviewLink.gone.unknownTitle', body: 'reviewLink.gone.unknown' };
  if (error.code === 'review_link_gone') {
    const reason = (error.details as { reason?: string } | undefined)?.reason;
    if (reason === 'used') return { title: 'reviewLink.gone.usedTitle', body: 'reviewLink.gone.used' };
    if (reason === 'expired') return { title: 'reviewLink.gone.expiredTitle', body: 'reviewLink.gone.expired' };
    return { title: 'reviewLink.gone.changedTitle', body: 'reviewLink.gone.changed' };
  }
  if (error.code === 'too_many_requests') return { title: 'reviewLink.gone.errorTitle', body: 'reviewLink.gone.tooMany' };
  return { title: 'reviewLink.gone.errorTitle', body: 'errors.generic' };
}

/** The page an outside reviewer opens from their mail: no sign-in, one decision. */
export function ReviewLinkPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const review = usePublicReview(token);
  const decide = useDecideByLink(token);
  const [mode, setMode] = useState<'view' | 'changes'>('view');
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const commentId = useId();
  useDocumentTitle(review.data ? t('reviewLink.documentTitle', { title: review.data.post.title }) : t('reviewLink.title'));

  if (review.isPending) {
    return (
      <AuthLayout>
        <h1>{t('reviewLink.title')}</h1>
        <LoadingState />
      </AuthLayout>
    );
  }

  const failure = review.isError ? review.error : decide.isError && isApiError(decide.error) && decide.error.status !== 400 ? decide.error : null;
  if (failure && !decide.isSuccess) {
    const { title, body } = unavailable(failure);
    return (
      <AuthLayout>
        <EmptyState headingLevel={1} title={t(title)}>
          <p>{t(body)}</p>
        </EmptyState>
      </AuthLayout>
    );
  }

  if (decide.isSuccess) {
    const approved = decide.variables?.decision === 'approved';
    return (
      <AuthLayout>
        <EmptyState headingLevel={1} title={t('reviewLink.thanks.title')}>
          <p role="status">{t(approved ? 'reviewLink.thanks.approved' : 'reviewLink.thanks.changes')}</p>
          <p className="muted">{t('reviewLink.thanks.close')}</p>
        </EmptyState>
      </AuthLayout>
    );
  }

  const data = review.data;
  if (!data) return null;

  function send(input: LinkDecision) {
    decide.mutate(input);
  }

  function onRequestChanges(event: FormEvent) {
    event.preventDefault();
    if (!comment.trim()) {
      setCommentError(t('reviewLink.commentRequired'));
      return;
    }
    setCommentError(undefined);
    send({ decision: 'changes_requested', comment: comment.trim() });
  }

  return (
    <AuthLayout>
      <div className="review-link">
        <p className="muted review-link-kicker">{t('reviewLink.kicker', { workspace: data.workspace.name })}</p>
        <h1>{data.post.title}</h1>
        <dl className="summary-list">
          <div>
            <dt>{t('reviewLink.step')}</dt>
            <dd>{data.step.name}</dd>
          </div>
          <div>
            <dt>{t('reviewLink.reviewer')}</dt>
            <dd>{data.email}</dd>
          </div>
          <div>
            <dt>{t('reviewLink.expires')}</dt>
            <dd>{formatDateTime(data.expiresAt, undefined, currentLanguage())}</dd>
          </div>
        </dl>
        <h2 className="review-link-subtitle">{t('reviewLink.variants', { count: data.variants.length })}</h2>
        <ul className="review-link-variants">
          {data.variants.map((v) => (
            <li key={v.id}>
              <NetworkPreview
                provider={v.channel.provider}
                channelName={v.channel.name}
                handle={v.channel.handle}
                text={v.text}
                link={v.link}
                firstComment={v.firstComment}
                segmentName={v.segment?.name ?? null}
              />
              {v.mediaCount ? <p className="muted review-link-media">{t('reviewLink.media', { count: v.mediaCount })}</p> : null}
            </li>
          ))}
        </ul>

        {decide.isError && isApiError(decide.error) && decide.error.status === 400 ? (
          <div className="alert alert-error" role="alert">
            {errorMessage(t, decide.error)}
          </div>
        ) : null}

        {mode === 'view' ? (
          <div className="review-link-actions">
            <Button
              variant="primary"
              loading={decide.isPending && decide.variables?.decision === 'approved'}
              disabled={decide.isPending}
              onClick={() => send({ decision: 'approved', comment: '' })}
            >
              {t('reviewLink.approve')}
            </Button>
            <Button onClick={() => setMode('changes')} disabled={decide.isPending}>
              {t('reviewLink.requestChanges')}
            </Button>
          </div>
        ) : (
          <form className="stack" onSubmit={onRequestChanges} noValidate>
            <div className={`field${commentError ? ' field-invalid' : ''}`}>
              <label className="field-label" htmlFor={commentId}>
                {t('reviewLink.comment')}
              </label>
              <textarea
                id={commentId}
                className="input textarea"
                rows={4}
                maxLength={5000}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                aria-invalid={commentError ? true : undefined}
                aria-describedby={commentError ? `${commentId}-error` : undefined}
                // biome-ignore lint/a11y/noAutofocus: the reviewer asked to write a comment just now
                autoFocus
              />
              {commentError ? (
                <p className="field-error" id={`${commentId}-error`}>
                  {commentError}
                </p>
              ) : null}
            </div>
            <div className="review-link-actions">
              <Button type="submit" variant="primary" loading={decide.isPending}>
                {t('reviewLink.sendChanges')}
              </Button>
              <Button onClick={() => setMode('view')} disabled={decide.isPending}>
                {t('common.cancel')}
              </Button>
            </div>
          </form>
        )}
      </div>
    </AuthLayout>
  );
}
