import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ChannelAccount, MediaItem, Segment } from '../../api/types';
import { Icon } from '../../app/Icon';
import { formatDateTime } from '../../lib/time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useChannels, useMediaLibrary, useSegments } from '../calendar/api';
import { NetworkPreview } from '../calendar/NetworkPreview';
import { safeZone } from '../calendar/zoned';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { type QueueItem, type QueueScope, useApprovalQueue, useBulkApprove, useDecide, useDiff, waitingNames } from './api';
import { DiffView } from './DiffView';
import { deadlineInfo } from './deadline';
import { bulkRefusalText, refusalText } from './decision-errors';
import { RequestChangesDialog } from './RequestChangesDialog';
import { ReviewPanel } from './ReviewPanel';
import { stepName } from './step-name';
import './approvals.css';

const SCOPES: QueueScope[] = ['mine', 'all'];

/** The approvals queue: what waits for me (or everything in review), soonest to publish first. */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const w = workspace.id;
  const tz = safeZone(workspace.timeZone);
  useDocumentTitle(t('nav.approvals'));
  const [params] = useSearchParams();
  const focusPost = params.get('post');
  const [scope, setScope] = useState<QueueScope>('mine');
  const queue = useApprovalQueue(w, scope);
  const channels = useChannels(w);
  const segments = useSegments(w);
  const media = useMediaLibrary(w, true);
  const decide = useDecide(w);
  const bulk = useBulkApprove(w);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [requesting, setRequesting] = useState<QueueItem | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const items = queue.data ?? [];
  const decidable = useMemo(() => items.filter((i) => i.review.canDecide), [items]);
  // Forget selections of posts that left the list.
  useEffect(() => {
    setSelected((current) => {
      const ids = new Set(items.map((i) => i.post.id));
      const next = new Set([...current].filter((id) => ids.has(id)));
      return next.size === current.size ? current : next;
    });
  }, [items]);

  // `?post=` (from a notification): show that post, in "all" when it does not wait for me.
  useEffect(() => {
    if (!focusPost || !queue.data) return;
    const found = queue.data.some((i) => i.post.id === focusPost);
    if (!found && scope === 'mine') {
      setScope('all');
      return;
    }
    if (found) {
      const el = document.getElementById(`queue-item-${focusPost}`);
      el?.scrollIntoView({ block: 'start' });
      el?.focus();
    }
  }, [focusPost, queue.data, scope]);

  function onTabKey(event: KeyboardEvent, index: number) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const next = (index + (event.key === 'ArrowRight' ? 1 : SCOPES.length - 1)) % SCOPES.length;
    setScope(SCOPES[next] as QueueScope);
    tabRefs.current[next]?.focus();
  }

  function approve(item: QueueItem) {
    decide.mutate(
      { postId: item.post.id, decision: 'approved', version: item.review.version },
      {
        onSuccess: (result) =>
          toast.success(
            t(result.state === 'in_review' ? 'approvalFlow.toast.approvedStep' : 'approvalFlow.toast.approved', { title: item.post.title }),
          ),
        onError: (error) => toast.error(t('approvalFlow.toast.refused', { title: item.post.title, reason: refusalText(t, error) })),
      },
    );
  }

  function requestChanges(item: QueueItem, comment: string) {
    decide.mutate(
      { postId: item.post.id, decision: 'changes_requested', comment, version: item.review.version },
      {
        onSuccess: () => {
          setRequesting(null);
          toast.success(t('approvalFlow.toast.requested', { title: item.post.title }));
        },
        onError: (error) => {
          setRequesting(null);
          toast.error(t('approvalFlow.toast.refused', { title: item.post.title, reason: refusalText(t, error) }));
        },
      },
    );
  }

  function approveSelected() {
    const chosen = items.filter((i) => selected.has(i.post.id));
    if (!chosen.length) return;
    bulk.mutate(
      chosen.map((i) => ({ postId: i.post.id, version: i.review.version })),
      {
        onSuccess: (results) => {
          const ok = results.filter((r) => r.ok).length;
          const failed = results.filter((r) => !r.ok);
          const titleOf = (id: string) => chosen.find((i) => i.post.id === id)?.post.title ?? id;
          setSelected(new Set());
          if (!failed.length) {
            toast.success(t('approvalFlow.toast.bulkApproved', { count: ok }));
            return;
          }
          const why = failed
            .map((r) => t('approvalFlow.toast.bulkFailedItem', { title: titleOf(r.postId), reason: bulkRefusalText(t, r.error) }))
            .join(' ');
          toast.error(`${t('approvalFlow.toast.bulkPartial', { ok, failed: failed.length })} ${why}`);
        },
        onError: (error) => toast.error(refusalText(t, error)),
      },
    );
  }

  const allSelected = decidable.length > 0 && decidable.every((i) => selected.has(i.post.id));

  return (
    <>
      <PageHeader title={t('nav.approvals')} description={t('approvals.description')} />
      <div className="queue-tabs" role="tablist" aria-label={t('approvalFlow.queue.tabsLabel')}>
        {SCOPES.map((s, index) => (
          <button
            key={s}
            ref={(el) => {
              tabRefs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`queue-tab-${s}`}
            aria-selected={scope === s}
            aria-controls="queue-panel"
            tabIndex={scope === s ? 0 : -1}
            className={`queue-tab${scope === s ? ' is-active' : ''}`}
            onClick={() => setScope(s)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {t(`approvalFlow.queue.tab_${s}`)}
            {scope === s && queue.data ? <span className="queue-count">{queue.data.length}</span> : null}
          </button>
        ))}
      </div>
      <div id="queue-panel" role="tabpanel" aria-labelledby={`queue-tab-${scope}`} className="queue-panel">
        {queue.isPending ? (
          <div className="card" aria-busy="true">
            <LoadingState rows={4} />
          </div>
        ) : queue.isError ? (
          <p className="alert alert-error" role="alert">
            {t('approvalFlow.queue.loadFailed')}
          </p>
        ) : items.length === 0 ? (
          <div className="card">
            <EmptyState title={scope === 'mine' ? t('approvalFlow.queue.emptyMine') : t('approvalFlow.queue.emptyAll')} icon={<Icon name="check" />}>
              <p>{scope === 'mine' ? t('approvalFlow.queue.emptyMineBody') : t('approvalFlow.queue.emptyAllBody')}</p>
              <ul className="hint-list">
                <li>{t('approvals.tip1')}</li>
                <li>{t('approvals.tip2')}</li>
              </ul>
            </EmptyState>
          </div>
        ) : (
          <>
            {decidable.length ? (
              <div className="queue-bulk">
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(decidable.map((i) => i.post.id)))}
                  />
                  <span>{t('approvalFlow.queue.selectAll')}</span>
                </label>
                <span className="muted" role="status">
                  {t('approvalFlow.queue.selectedCount', { count: selected.size })}
                </span>
                <span className="spacer" />
                <Button variant="primary" disabled={selected.size === 0} loading={bulk.isPending} onClick={approveSelected}>
                  {t('approvalFlow.queue.approveSelected', { count: selected.size })}
                </Button>
              </div>
            ) : null}
            <ul className="queue-list">
              {items.map((item) => (
                <li key={item.post.id}>
                  <QueueCard
                    item={item}
                    workspaceId={w}
                    tz={tz}
                    now={now}
                    channels={channels.data ?? []}
                    segments={segments.data ?? []}
                    media={media.data ?? []}
                    focused={focusPost === item.post.id}
                    selected={selected.has(item.post.id)}
                    onSelect={(on) =>
                      setSelected((current) => {
                        const next = new Set(current);
                        if (on) next.add(item.post.id);
                        else next.delete(item.post.id);
                        return next;
                      })
                    }
                    busy={decide.isPending && decide.variables?.postId === item.post.id}
                    onApprove={() => approve(item)}
                    onRequest={() => setRequesting(item)}
                  />
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <RequestChangesDialog
        open={requesting !== null}
        title={requesting?.post.title ?? ''}
        busy={decide.isPending}
        onSubmit={(comment) => requesting && requestChanges(requesting, comment)}
        onClose={() => setRequesting(null)}
      />
    </>
  );
}

interface QueueCardProps {
  item: QueueItem;
  workspaceId: string;
  tz: string;
  now: number;
  channels: ChannelAccount[];
  segments: Segment[];
  media: MediaItem[];
  focused: boolean;
  selected: boolean;
  busy: boolean;
  onSelect: (selected: boolean) => void;
  onApprove: () => void;
  onRequest: () => void;
}

function QueueCard({
  item,
  workspaceId,
  tz,
  now,
  channels,
  segments,
  media,
  focused,
  selected,
  busy,
  onSelect,
  onApprove,
  onRequest,
}: QueueCardProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const [details, setDetails] = useState(focused);
  useEffect(() => {
    if (focused) setDetails(true);
  }, [focused]);
  const { post, review } = item;
  const deadline = item.deadline ? deadlineInfo(item.deadline, now, lang) : null;
  const headingId = `queue-title-${post.id}`;
  const step = review.waitingOn.step;
  const waiting = waitingNames(review);
  // Never approved yet, but reviewed before (e.g. changes were requested): what changed since the previous version.
  const previous = useDiff(workspaceId, post.id, null, !item.changes && review.version > 1);
  const changes = item.changes ?? (review.version > 1 ? previous.data : undefined);

  return (
    <article id={`queue-item-${post.id}`} className={`card queue-card${focused ? ' is-focused' : ''}`} aria-labelledby={headingId} tabIndex={-1}>
      <header className="queue-card-head">
        {review.canDecide ? (
          <input
            type="checkbox"
            className="queue-check"
            checked={selected}
            onChange={(e) => onSelect(e.target.checked)}
            aria-label={t('approvalFlow.queue.select', { title: post.title })}
          />
        ) : null}
        <div className="queue-card-title">
          <h2 id={headingId} className="queue-title">
            {post.title}
          </h2>
          <p className="muted queue-meta">
            {t('approvalFlow.queue.author', { name: post.author.name })}
            {' · '}
            {t('approvalFlow.panel.version', { version: review.version })}
            {' · '}
            {t('approvalFlow.queue.comments', { count: item.comments })}
          </p>
        </div>
        {deadline && item.deadline ? (
          <p className={`queue-deadline${deadline.late ? ' is-late' : deadline.urgent ? ' is-urgent' : ''}`}>
            <time dateTime={item.deadline} title={formatDateTime(item.deadline, tz, lang)}>
              {deadline.late
                ? t('approvalFlow.deadline.late', { when: deadline.relative })
                : t('approvalFlow.deadline.publishes', { when: deadline.relative })}
            </time>
          </p>
        ) : (
          <p className="queue-deadline muted">{t('approvalFlow.deadline.none')}</p>
        )}
      </header>
      <p className="review-waiting">
        {step ? (
          <span className="queue-step">{t('approvalFlow.queue.step', { step: stepName(t, step), n: step.approvals, required: step.required })}</span>
        ) : null}
        <strong>{t('approvalFlow.panel.waitingOn')}</strong> {waiting || t('approvalFlow.panel.nobody')}
      </p>
      {changes ? (
        <details className="queue-changes" open>
          <summary>{item.changes ? t('approvalFlow.queue.changes') : t('approvalFlow.queue.changesPrevious')}</summary>
          <DiffView diff={changes} channels={channels} segments={segments} />
        </details>
      ) : null}
      <div className="queue-previews">
        {post.variants.map((v) => {
          const channel = channels.find((c) => c.id === v.channelAccountId);
          const segment = v.segmentId ? segments.find((s) => s.id === v.segmentId) : undefined;
          if (!channel) return null;
          return (
            <NetworkPreview
              key={v.id}
              compact
              provider={channel.provider}
              channelName={channel.name}
              handle={channel.handle}
              avatarUrl={channel.avatarUrl}
              text={v.text}
              link={v.link}
              firstComment={v.firstComment}
              media={v.mediaIds
                .map((id) => media.find((m) => m.id === id))
                .flatMap((m) => (m ? [{ id: m.id, thumbUrl: m.thumbUrl, kind: m.kind }] : []))}
              when={v.scheduledAt ? formatDateTime(v.scheduledAt, tz, lang) : null}
              segmentName={segment?.name ?? null}
            />
          );
        })}
      </div>
      <footer className="queue-actions">
        <Button variant="ghost" aria-expanded={details} onClick={() => setDetails((d) => !d)}>
          {details ? t('approvalFlow.queue.hideDetails') : t('approvalFlow.queue.showDetails')}
          <span className="visually-hidden"> {post.title}</span>
        </Button>
        <span className="spacer" />
        {review.canDecide ? (
          <>
            <Button onClick={onRequest} disabled={busy}>
              {t('approvalFlow.queue.requestChanges')}
              <span className="visually-hidden"> {post.title}</span>
            </Button>
            <Button variant="primary" onClick={onApprove} loading={busy}>
              {t('approvalFlow.queue.approve')}
              <span className="visually-hidden"> {post.title}</span>
            </Button>
          </>
        ) : (
          <span className="muted">{t('approvalFlow.queue.notYours')}</span>
        )}
      </footer>
      {details ? <ReviewPanel workspaceId={workspaceId} postId={post.id} tz={tz} /> : null}
    </article>
  );
}
