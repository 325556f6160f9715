import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarEntry, ChannelAccount, MediaItem } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { ReviewSummary } from '../approvals/ReviewSummary';
import { VariantOutcome } from '../publishing/VariantOutcome';
import { useDeletePost, useDuplicatePost, usePost } from './api';
import { Drawer } from './Drawer';
import { NetworkIcon, PROVIDER_LABEL } from './NetworkIcon';
import { NetworkPreview } from './NetworkPreview';
import { ReconnectBadge } from './ReconnectBadge';
import { entryState, StateBadge } from './StateBadge';
import { fromZonedInput, toZonedInput, zoneOffsetLabel } from './zoned';

const MOVABLE = new Set(['draft', 'scheduled', 'failed']);

export interface EventDrawerProps {
  workspaceId: string;
  entry: CalendarEntry | null;
  channels: ChannelAccount[];
  media: MediaItem[] | null | undefined;
  tz: string;
  canEdit: boolean;
  onClose: () => void;
  onEdit: (postId: string) => void;
  onMove: (entry: CalendarEntry, scheduledAt: string | null) => Promise<unknown>;
}

export function EventDrawer({ workspaceId, entry, channels, media, tz, canEdit, onClose, onEdit, onMove }: EventDrawerProps) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const post = usePost(workspaceId, entry?.postId ?? null);
  const duplicate = useDuplicatePost(workspaceId);
  const remove = useDeletePost(workspaceId);
  const [when, setWhen] = useState('');
  const [moving, setMoving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const timeId = useId();
  const lang = i18n.resolvedLanguage ?? i18n.language;

  useEffect(() => {
    setWhen(entry?.scheduledAt ? toZonedInput(entry.scheduledAt, tz) : '');
  }, [entry?.scheduledAt, tz]);

  const variant = post.data?.variants.find((v) => v.id === entry?.id);
  const channel = channels.find((c) => c.id === entry?.channelAccountId);
  const movable = entry ? MOVABLE.has(entry.state) : false;

  async function onSubmitTime(event: FormEvent) {
    event.preventDefault();
    if (!entry || !when) return;
    setMoving(true);
    try {
      await onMove(entry, new Date(fromZonedInput(when, tz)).toISOString());
      toast.success(t('calendar.drawer.moved', { when: formatDateTime(fromZonedInput(when, tz), tz, lang) }));
    } catch {
      // onMove already explained why in a toast.
    } finally {
      setMoving(false);
    }
  }

  function onDuplicate() {
    if (!entry) return;
    duplicate.mutate(entry.postId, {
      onSuccess: () => {
        toast.success(t('calendar.drawer.duplicated', { title: entry.title }));
        onClose();
      },
      onError: (error) => toast.error(errorMessage(t, error)),
    });
  }

  function onDelete() {
    if (!entry) return;
    remove.mutate(entry.postId, {
      onSuccess: () => {
        toast.success(t('calendar.drawer.deleted', { title: entry.title }));
        setConfirmDelete(false);
        onClose();
      },
      onError: (error) => {
        setConfirmDelete(false);
        toast.error(errorMessage(t, error));
      },
    });
  }

  const mediaItems = (variant?.mediaIds ?? []).map((id) => media?.find((m) => m.id === id)).filter((m): m is MediaItem => Boolean(m));

  return (
    <>
      <Drawer
        open={entry !== null && !confirmDelete}
        title={entry?.title ?? ''}
        subtitle={
          entry ? (
            <span className="drawer-sub">
              <NetworkIcon provider={entry.provider} />
              {entry.channelName}
              <StateBadge state={entryState(entry)} />
            </span>
          ) : null
        }
        onClose={onClose}
        footer={
          entry && canEdit ? (
            <>
              <Button variant="ghost" className="text-danger" onClick={() => setConfirmDelete(true)}>
                {t('calendar.drawer.delete')}
              </Button>
              <span className="spacer" />
              <Button onClick={onDuplicate} loading={duplicate.isPending}>
                {t('calendar.drawer.duplicate')}
              </Button>
              <Button variant="primary" onClick={() => onEdit(entry.postId)}>
                {t('calendar.drawer.edit')}
              </Button>
            </>
          ) : null
        }
      >
        {entry ? (
          <div className="stack">
            <ReconnectBadge entry={entry} long />
            <VariantOutcome workspaceId={workspaceId} entry={entry} variant={variant} canRetry={canEdit} />
            {post.isPending ? (
              <LoadingState rows={4} />
            ) : (
              <NetworkPreview
                provider={entry.provider}
                channelName={channel?.name ?? entry.channelName}
                handle={channel?.handle}
                avatarUrl={channel?.avatarUrl}
                text={variant?.text ?? entry.excerpt}
                link={variant?.link}
                firstComment={variant?.firstComment}
                media={mediaItems.map((m) => ({ id: m.id, thumbUrl: m.thumbUrl, kind: m.kind }))}
                when={entry.scheduledAt ? formatDateTime(entry.scheduledAt, tz, lang) : null}
                segmentName={entry.segmentName}
              />
            )}
            <ReviewSummary workspaceId={workspaceId} postId={entry.postId} tz={tz} />
            <dl className="detail-list">
              <div>
                <dt>{t('calendar.drawer.channel')}</dt>
                <dd>
                  {PROVIDER_LABEL[entry.provider]} · {entry.channelName}
                </dd>
              </div>
              <div>
                <dt>{t('calendar.drawer.segment')}</dt>
                <dd>{entry.segmentName ?? t('calendar.drawer.noSegment')}</dd>
              </div>
              <div>
                <dt>{t('calendar.drawer.when')}</dt>
                <dd>{entry.scheduledAt ? formatDateTime(entry.scheduledAt, tz, lang) : t('calendar.drawer.unscheduled')}</dd>
              </div>
              <div>
                <dt>{t('calendar.drawer.author')}</dt>
                <dd>{entry.authorName || '—'}</dd>
              </div>
              {entry.labels.length ? (
                <div>
                  <dt>{t('calendar.drawer.labels')}</dt>
                  <dd>{entry.labels.map((l) => `#${l}`).join(' ')}</dd>
                </div>
              ) : null}
              {post.data && post.data.variants.length > 1 ? (
                <div>
                  <dt>{t('calendar.drawer.siblings')}</dt>
                  <dd>{t('calendar.drawer.siblingsCount', { count: post.data.variants.length })}</dd>
                </div>
              ) : null}
            </dl>
            {canEdit && movable ? (
              <form className="move-form" onSubmit={(e) => void onSubmitTime(e)}>
                <label className="field-label" htmlFor={timeId}>
                  {t('calendar.drawer.moveLabel')}
                </label>
                <p className="field-hint" id={`${timeId}-hint`}>
                  {t('calendar.drawer.zoneHint', { zone: tz, offset: zoneOffsetLabel(tz, lang) })}
                </p>
                <div className="move-row">
                  <input
                    id={timeId}
                    type="datetime-local"
                    className="input"
                    value={when}
                    required
                    aria-describedby={`${timeId}-hint`}
                    onChange={(e) => setWhen(e.target.value)}
                  />
                  <Button type="submit" loading={moving} disabled={!when}>
                    {t('calendar.drawer.move')}
                  </Button>
                </div>
              </form>
            ) : canEdit ? (
              <p className="muted">{t('calendar.drawer.notMovable', { state: t(`calendar.state.${entry.state}`) })}</p>
            ) : null}
          </div>
        ) : null}
      </Drawer>
      <ConfirmDialog
        open={confirmDelete}
        title={t('calendar.drawer.deleteTitle')}
        message={t('calendar.drawer.deleteConfirm', { title: entry?.title ?? '', count: post.data?.variants.length ?? 1 })}
        confirmLabel={t('calendar.drawer.delete')}
        busy={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setConfirmDelete(false)}
      />
    </>
  );
}
