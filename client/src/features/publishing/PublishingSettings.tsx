import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/use-document-title';
import { usePendingValue } from '../../lib/use-pending-value';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { QueryState } from '../../ui/QueryState';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { useChannels } from '../calendar/api';
import { NetworkIcon } from '../calendar/NetworkIcon';
import { fromZonedInput, nextHourInput, zoneOffsetLabel } from '../calendar/zoned';
import { useCurrentWorkspace, useWorkspaceTime } from '../workspaces/current-workspace';
import {
  type HeldVariant,
  type PublishingStatus,
  useHeldVariants,
  usePublishingStatus,
  usePublishNow,
  useQueueHealth,
  useRescheduleHeld,
  useSetPaused,
} from './api';
import './publishing.css';

/** A variant held this long after its time was held for being late, not by the pause. */
const LATE_MS = 15 * 60_000;

type HeldReason = 'channelPaused' | 'workspacePaused' | 'late' | 'duringPause' | 'overdue';

/** Why a variant did not go out on its own, in the words the admin needs to decide. */
export function heldReason(v: HeldVariant, status: PublishingStatus | undefined): HeldReason {
  if (v.channelAccount.pausedAt) return 'channelPaused';
  if (status?.paused) return 'workspacePaused';
  if (v.heldAt && v.scheduledAt && Date.parse(v.heldAt) - Date.parse(v.scheduledAt) > LATE_MS) return 'late';
  if (v.heldAt) return 'duringPause';
  return 'overdue';
}

export default function PublishingSettings() {
  const { t } = useTranslation();
  useDocumentTitle(t('publishing.title'));
  const { isAdmin } = useCurrentWorkspace();
  if (!isAdmin) {
    return (
      <section className="card">
        <h2 className="section-title">{t('publishing.title')}</h2>
        <p className="muted">{t('publishing.adminsOnly')}</p>
      </section>
    );
  }
  return <PublishingPanel />;
}

function PublishingPanel() {
  const { workspace } = useCurrentWorkspace();
  const status = usePublishingStatus(workspace.id);
  const [resumedCount, setResumedCount] = useState<number | null>(null);
  return (
    <div className="stack-lg publishing-panel">
      <WorkspacePause status={status.data} loading={status.isPending} onResumed={setResumedCount} />
      <HeldList status={status.data} resumedCount={resumedCount} />
      <ChannelPauses status={status.data} />
      <QueueHealthCard />
    </div>
  );
}

function WorkspacePause({
  status,
  loading,
  onResumed,
}: {
  status: PublishingStatus | undefined;
  loading: boolean;
  onResumed: (heldCount: number | null) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const { dateTime } = useWorkspaceTime();
  const setPaused = useSetPaused(workspace.id);
  const [confirm, setConfirm] = useState(false);
  const paused = status?.paused ?? false;

  function onConfirm() {
    setPaused.mutate(
      { paused: !paused },
      {
        onSuccess: (answer) => {
          setConfirm(false);
          if (paused) {
            onResumed(answer.held.length);
            toast.success(t('publishing.pause.resumedToast'));
          } else {
            onResumed(null);
            toast.success(t('publishing.pause.pausedToast'));
          }
        },
        onError: (error) => {
          setConfirm(false);
          toast.error(errorMessage(t, error));
        },
      },
    );
  }

  return (
    <section className={`card publishing-pause${paused ? ' is-paused' : ''}`} aria-labelledby="publishing-pause-title">
      <h2 id="publishing-pause-title" className="section-title">
        {t('publishing.pause.title')}
      </h2>
      {loading ? (
        <LoadingState rows={2} />
      ) : (
        <div className="publishing-pause-body">
          <div className="publishing-pause-state">
            <p className="publishing-pause-headline">
              <span className={`publishing-dot${paused ? ' is-paused' : ''}`} aria-hidden="true" />
              {paused ? t('publishing.pause.pausedHeadline') : t('publishing.pause.liveHeadline')}
            </p>
            <p className="muted">
              {paused && status?.pausedAt ? t('publishing.pause.pausedSince', { when: dateTime(status.pausedAt) }) : t('publishing.pause.liveBody')}
            </p>
          </div>
          <Button variant={paused ? 'primary' : 'danger'} className="publishing-pause-button" onClick={() => setConfirm(true)}>
            {paused ? t('publishing.pause.resumeButton') : t('publishing.pause.pauseButton')}
          </Button>
        </div>
      )}
      <ConfirmDialog
        open={confirm}
        title={paused ? t('publishing.pause.resumeTitle') : t('publishing.pause.pauseTitle')}
        message={paused ? t('publishing.pause.resumeConfirm') : t('publishing.pause.pauseConfirm')}
        confirmLabel={paused ? t('publishing.pause.resumeButton') : t('publishing.pause.pauseButton')}
        danger={!paused}
        busy={setPaused.isPending}
        onConfirm={onConfirm}
        onClose={() => setConfirm(false)}
      />
    </section>
  );
}

function ChannelPauses({ status }: { status: PublishingStatus | undefined }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const { dateTime } = useWorkspaceTime();
  const channels = useChannels(workspace.id);
  const setPaused = useSetPaused(workspace.id);
  const pausedById = new Map((status?.pausedChannels ?? []).map((c) => [c.id, c]));
  const [chosen, choose, settle] = usePendingValue<{ channelId: string; paused: boolean } | null>(null);

  function toggle(channelId: string, name: string, paused: boolean) {
    choose({ channelId, paused });
    setPaused.mutate(
      { channelId, paused },
      {
        onSuccess: () => toast.success(t(paused ? 'publishing.channels.pausedToast' : 'publishing.channels.resumedToast', { channel: name })),
        onError: (error) => toast.error(errorMessage(t, error)),
        onSettled: settle,
      },
    );
  }

  return (
    <section className="card" aria-labelledby="publishing-channels-title">
      <h2 id="publishing-channels-title" className="section-title">
        {t('publishing.channels.title')}
      </h2>
      <p className="muted">{t('publishing.channels.body')}</p>
      <QueryState
        query={channels}
        isEmpty={(list) => list.length === 0}
        emptyTitle={t('publishing.channels.emptyTitle')}
        emptyBody={t('publishing.channels.emptyBody')}
      >
        {(list) => (
          <ul className="publishing-channels">
            {list.map((c) => {
              const paused = pausedById.get(c.id);
              const busy = setPaused.isPending && setPaused.variables?.channelId === c.id;
              const on = chosen?.channelId === c.id ? chosen.paused : Boolean(paused);
              return (
                <li key={c.id} className="publishing-channel">
                  <NetworkIcon provider={c.provider} />
                  <span className="publishing-channel-name">
                    {c.name}
                    <span className="muted publishing-channel-state">
                      {paused
                        ? paused.pausedAt
                          ? t('publishing.channels.pausedSince', { when: dateTime(paused.pausedAt) })
                          : t('publishing.channels.paused')
                        : t('publishing.channels.live')}
                    </span>
                  </span>
                  <label className="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      aria-label={t('publishing.channels.toggle', { channel: c.name })}
                      checked={on}
                      aria-checked={on}
                      disabled={busy || !status}
                      onChange={(e) => toggle(c.id, c.name, e.target.checked)}
                    />
                    <span className="switch-track" aria-hidden="true" />
                    <span className="switch-label" aria-hidden="true">
                      {t('publishing.channels.switch')}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function HeldList({ status, resumedCount }: { status: PublishingStatus | undefined; resumedCount: number | null }) {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const { timeZone } = useWorkspaceTime();
  const held = useHeldVariants(workspace.id);
  return (
    <section className="card" aria-labelledby="publishing-held-title">
      <h2 id="publishing-held-title" className="section-title">
        {t('publishing.held.title')}
      </h2>
      <p className="muted">{t('publishing.held.body', { zone: timeZone })}</p>
      {resumedCount !== null ? (
        <p className="alert alert-warning publishing-resumed" role="status">
          {resumedCount > 0 ? t('publishing.held.afterResume', { count: resumedCount }) : t('publishing.held.afterResumeNone')}
        </p>
      ) : null}
      <QueryState
        query={held}
        isEmpty={(list) => list.length === 0}
        emptyTitle={t('publishing.held.emptyTitle')}
        emptyBody={t('publishing.held.emptyBody')}
      >
        {(list) => (
          <div className="table-wrap">
            <table className="table publishing-held">
              <caption className="visually-hidden">{t('publishing.held.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('publishing.held.post')}</th>
                  <th scope="col">{t('publishing.held.channel')}</th>
                  <th scope="col">{t('publishing.held.due')}</th>
                  <th scope="col">{t('publishing.held.why')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((v) => (
                  <HeldRow key={v.id} variant={v} status={status} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

function HeldRow({ variant, status }: { variant: HeldVariant; status: PublishingStatus | undefined }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const { workspace } = useCurrentWorkspace();
  const { timeZone, dateTime } = useWorkspaceTime();
  const publishNow = usePublishNow(workspace.id);
  const reschedule = useRescheduleHeld(workspace.id);
  const [when, setWhen] = useState(() => nextHourInput(timeZone));
  const timeId = useId();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const reason = heldReason(variant, status);
  const blocked = reason === 'channelPaused' || reason === 'workspacePaused';
  const title = variant.post.title || variant.text;

  function onPublishNow() {
    publishNow.mutate(variant.id, {
      onSuccess: () => toast.success(t('publishing.held.publishedNow', { title })),
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  function onReschedule(event: FormEvent) {
    event.preventDefault();
    if (!when) return;
    const at = fromZonedInput(when, timeZone);
    reschedule.mutate(
      { variantId: variant.id, scheduledAt: new Date(at).toISOString() },
      {
        onSuccess: () => toast.success(t('publishing.held.rescheduled', { title, when: dateTime(at) })),
        onError: (error) => toast.error(errorMessage(t, error)),
      },
    );
  }

  return (
    <tr data-variant-id={variant.id}>
      <th scope="row" className="publishing-held-title">
        {title}
        {variant.post.title && variant.text ? <span className="muted publishing-held-excerpt">{variant.text}</span> : null}
      </th>
      <td>
        <span className="publishing-held-channel">
          <NetworkIcon provider={variant.channelAccount.provider} />
          {variant.channelAccount.name}
        </span>
      </td>
      <td>{variant.scheduledAt ? dateTime(variant.scheduledAt) : '—'}</td>
      <td>{t(`publishing.held.reasons.${reason}`)}</td>
      <td>
        <div className="publishing-held-actions">
          <Button size="sm" variant="primary" onClick={onPublishNow} loading={publishNow.isPending} disabled={blocked}>
            {t('publishing.held.publishNow')}
          </Button>
          <form className="publishing-held-reschedule" onSubmit={onReschedule}>
            <label className="visually-hidden" htmlFor={timeId}>
              {t('publishing.held.newTime', { title, zone: zoneOffsetLabel(timeZone, lang) })}
            </label>
            <input id={timeId} type="datetime-local" className="input input-sm" value={when} required onChange={(e) => setWhen(e.target.value)} />
            <Button size="sm" type="submit" loading={reschedule.isPending} disabled={!when}>
              {t('publishing.held.reschedule')}
            </Button>
          </form>
        </div>
        {blocked ? <p className="field-hint">{t('publishing.held.resumeFirst')}</p> : null}
      </td>
    </tr>
  );
}

const COUNTS = ['waiting', 'delayed', 'active', 'failed'] as const;

function QueueHealthCard() {
  const { t } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const { dateTime } = useWorkspaceTime();
  const health = useQueueHealth(workspace.id);
  return (
    <section className="card" aria-labelledby="publishing-health-title">
      <h2 id="publishing-health-title" className="section-title">
        {t('publishing.health.title')}
      </h2>
      <p className="muted">{t('publishing.health.body')}</p>
      <QueryState query={health} isEmpty={() => false} emptyTitle="" emptyBody="">
        {(data) => (
          <div className="stack">
            <dl className="publishing-counts">
              {COUNTS.map((key) => (
                <div key={key} className={`publishing-count${key === 'failed' && (data.counts[key] ?? 0) > 0 ? ' is-bad' : ''}`}>
                  <dt>{t(`publishing.health.counts.${key}`)}</dt>
                  <dd>{data.counts[key] ?? 0}</dd>
                </div>
              ))}
            </dl>
            <p className="publishing-reconcile">
              {data.lastReconcile
                ? t('publishing.health.lastReconcile', {
                    when: dateTime(data.lastReconcile.at),
                    added: data.lastReconcile.added,
                    held: data.lastReconcile.held,
                    unsettled: data.lastReconcile.unsettled,
                  })
                : t('publishing.health.neverReconciled')}
            </p>
          </div>
        )}
      </QueryState>
    </section>
  );
}
