import { networkLimits } from '@rules/network-rules';
import { defaultUtm, trackedLink } from '@rules/tracked-link';
import { type Problem, textLength, validateVariant } from '@rules/validate-variant';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import type { Campaign, ChannelAccount, MediaItem, Post, PostInput, Segment, VariantInput } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/Dialog';
import { CheckboxGroup, SelectField, TextField } from '../../ui/Field';
import { LoadingState } from '../../ui/Spinner';
import { useToast } from '../../ui/Toast';
import { invalidateApprovals } from '../approvals/api';
import { ComposerReview } from '../approvals/ComposerReview';
import { usePost, useSavePost } from '../calendar/api';
import { Drawer } from '../calendar/Drawer';
import { NetworkIcon, PROVIDER_LABEL } from '../calendar/NetworkIcon';
import { NetworkPreview } from '../calendar/NetworkPreview';
import { type ProblemLike, problemsOf, problemText } from '../calendar/problems';
import { fromZonedInput, toZonedInput, zoneOffsetLabel } from '../calendar/zoned';
import { ComposerBestTimes } from '../reports/ComposerBestTimes';
import { MediaPicker } from './MediaPicker';
import { RepeatFields } from './RepeatFields';
import { horizonDaysFor, noRepeat, type RepeatDraft, repeatProblem, toRrule } from './repeat';
import { ScheduleCadence } from './ScheduleCadence';
import { SeriesScopeDialog } from './SeriesScopeDialog';
import { type SeriesChanges, type SeriesScope, useCreateSeries, useEditSeries } from './series-api';

export interface ComposerProps {
  workspaceId: string;
  /** Edit this post; null creates a new one. */
  postId: string | null;
  /** Pre-filled wall time (`YYYY-MM-DDTHH:mm`) in the workspace zone, e.g. from a clicked slot. */
  initialWhen: string | null;
  /** Channels checked at the start of a new post, e.g. the channel of a clicked slot. */
  initialChannelIds?: string[];
  tz: string;
  channels: ChannelAccount[];
  segments: Segment[];
  campaigns: Campaign[];
  /** `null` when the server has no media library: the picker hides. */
  media: MediaItem[] | null | undefined;
  onClose: () => void;
}

export interface ComposerDraft {
  title: string;
  campaignId: string;
  labels: string;
  channelIds: string[];
  segmentIds: string[];
  baseText: string;
  overrides: Record<string, string>;
  link: string;
  firstComment: string;
  mediaIds: string[];
  /** Per variant key: its own link, first comment and media instead of the shared ones. */
  extras: Record<string, VariantExtras>;
  when: string;
  whenTouched: boolean;
  /** New posts only: the series rule. */
  repeat: RepeatDraft;
}

export interface VariantExtras {
  link: string;
  firstComment: string;
  mediaIds: string[];
}

const keyOf = (channelId: string, segmentId: string | null) => `${channelId}:${segmentId ?? ''}`;

function emptyDraft(when: string | null, channelIds: string[] = []): ComposerDraft {
  return {
    title: '',
    campaignId: '',
    labels: '',
    channelIds,
    segmentIds: [],
    baseText: '',
    overrides: {},
    link: '',
    firstComment: '',
    mediaIds: [],
    extras: {},
    when: when ?? '',
    whenTouched: when !== null,
    repeat: noRepeat(),
  };
}

/** The value most variants share (the first seen wins a tie). */
function mostCommon<T>(values: T[], keyOfValue: (value: T) => string): T | undefined {
  const counts = new Map<string, { value: T; n: number }>();
  for (const value of values) {
    const k = keyOfValue(value);
    const seen = counts.get(k);
    counts.set(k, { value, n: (seen?.n ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.value;
}
const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * A post as the composer edits it: shared text, link, first comment and media are the most common
 * ones; variants that differ become overrides.
 */
function draftFromPost(post: Post, tz: string, channels: ChannelAccount[]): ComposerDraft {
  const counts = new Map<string, number>();
  for (const v of post.variants) counts.set(v.text, (counts.get(v.text) ?? 0) + 1);
  const baseText = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const overrides: Record<string, string> = {};
  for (const v of post.variants) if (v.text !== baseText) overrides[keyOf(v.channelAccountId, v.segmentId)] = v.text;
  const commentable = (v: Post['variants'][number]) => {
    const provider = channels.find((c) => c.id === v.channelAccountId)?.provider;
    return provider ? networkLimits[provider].firstComment : true;
  };
  const link = mostCommon(
    post.variants.map((v) => v.link ?? ''),
    (l) => l,
  );
  const firstComment = mostCommon(
    post.variants.filter(commentable).map((v) => v.firstComment ?? ''),
    (c) => c,
  );
  const mediaIds = mostCommon(
    post.variants.map((v) => v.mediaIds),
    (m) => m.join(','),
  );
  const extras: Record<string, VariantExtras> = {};
  for (const v of post.variants) {
    const own = { link: v.link ?? '', firstComment: v.firstComment ?? '', mediaIds: v.mediaIds };
    const differs =
      own.link !== (link ?? '') || (commentable(v) && own.firstComment !== (firstComment ?? '')) || !sameIds(own.mediaIds, mediaIds ?? []);
    if (differs) extras[keyOf(v.channelAccountId, v.segmentId)] = own;
  }
  const first = post.variants.find((v) => v.scheduledAt);
  const segmentIds = [...new Set(post.variants.map((v) => v.segmentId).filter((s): s is string => s !== null))];
  return {
    title: post.title,
    campaignId: post.campaignId ?? '',
    labels: post.labels.join(', '),
    channelIds: [...new Set(post.variants.map((v) => v.channelAccountId))],
    segmentIds,
    baseText,
    overrides,
    link: link ?? '',
    firstComment: firstComment ?? '',
    mediaIds: mediaIds ?? [],
    extras,
    when: first?.scheduledAt ? toZonedInput(first.scheduledAt, tz) : '',
    whenTouched: false,
    repeat: noRepeat(),
  };
}

interface PlannedVariant {
  key: string;
  channel: ChannelAccount;
  segment: Segment | null;
  text: string;
  overridden: boolean;
  /** Its own link, first comment and media (`null`: the shared ones). */
  extras: VariantExtras | null;
  link: string;
  /** What goes out: `''` where the network has no first comment. */
  firstComment: string;
  mediaIds: string[];
  media: MediaItem[];
  existingId?: string;
  scheduledAt: string | null;
  problems: Problem[];
}

export function Composer(props: ComposerProps) {
  const { t } = useTranslation();
  const post = usePost(props.workspaceId, props.postId);
  const title = props.postId ? t('composer.editTitle') : t('composer.newTitle');

  if (props.postId && !post.data) {
    return (
      <Drawer open variant="sheet" title={title} onClose={props.onClose} className="composer">
        {post.isError ? (
          <p className="alert alert-error" role="alert">
            {errorMessage(t, post.error)}
          </p>
        ) : (
          <LoadingState rows={6} />
        )}
      </Drawer>
    );
  }
  return <ComposerForm {...props} post={post.data ?? null} title={title} />;
}

function ComposerForm({
  workspaceId,
  postId,
  initialWhen,
  initialChannelIds,
  tz,
  channels,
  segments,
  campaigns,
  media,
  onClose,
  post,
  title: dialogTitle,
}: ComposerProps & { post: Post | null; title: string }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const save = useSavePost(workspaceId);
  const createSeries = useCreateSeries(workspaceId);
  const editSeries = useEditSeries(workspaceId);
  const saving = save.isPending || createSeries.isPending || editSeries.isPending;
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const language = lang.startsWith('ko') ? 'ko' : 'en';
  const [initialDraft] = useState<ComposerDraft>(() => (post ? draftFromPost(post, tz, channels) : emptyDraft(initialWhen, initialChannelIds)));
  const [draft, setDraft] = useState<ComposerDraft>(initialDraft);
  const [scopeDialog, setScopeDialog] = useState<{ changes: SeriesChanges; expressible: boolean } | null>(null);
  const [occurrenceLines, setOccurrenceLines] = useState<string[]>([]);
  const [serverProblems, setServerProblems] = useState<Record<string, ProblemLike[]>>({});
  const [generalProblems, setGeneralProblems] = useState<ProblemLike[]>([]);
  const [submitted, setSubmitted] = useState(false);
  /** Saving new content of approved work sends it back to review: asked once per save. */
  const [confirmReview, setConfirmReview] = useState(false);
  const reviewConfirmed = useRef(false);
  const [now, setNow] = useState(() => new Date());
  const errorSummaryRef = useRef<HTMLDivElement>(null);
  const ids = { text: useId(), link: useId(), comment: useId(), when: useId(), labels: useId() };

  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);

  const update = (patch: Partial<ComposerDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const activeSegments = segments.filter((s) => !s.archivedAt || draft.segmentIds.includes(s.id));
  const mediaById = useMemo(() => new Map((media ?? []).map((m) => [m.id, m])), [media]);
  const scheduledIso = draft.when ? fromZonedInput(draft.when, tz) : null;

  const existingByKey = useMemo(() => new Map((post?.variants ?? []).map((v) => [keyOf(v.channelAccountId, v.segmentId), v])), [post]);

  const variants: PlannedVariant[] = useMemo(() => {
    const chosen = channels.filter((c) => draft.channelIds.includes(c.id));
    const segs = draft.segmentIds.length ? segments.filter((s) => draft.segmentIds.includes(s.id)) : [null];
    return chosen.flatMap((channel) =>
      segs.map((segment) => {
        const key = keyOf(channel.id, segment?.id ?? null);
        const existing = existingByKey.get(key);
        const overridden = key in draft.overrides;
        const text = overridden ? (draft.overrides[key] ?? '') : draft.baseText;
        const extras = draft.extras[key] ?? null;
        const own = extras ?? { link: draft.link, firstComment: draft.firstComment, mediaIds: draft.mediaIds };
        const scheduledAt = draft.whenTouched || !existing ? scheduledIso : existing.scheduledAt;
        const limits = networkLimits[channel.provider];
        const firstComment = limits.firstComment ? own.firstComment : '';
        const media = own.mediaIds.map((id) => mediaById.get(id)).filter((m): m is MediaItem => Boolean(m));
        const problems = validateVariant(
          {
            provider: channel.provider,
            text,
            link: own.link.trim() || null,
            firstComment: firstComment.trim() || null,
            scheduledAt,
            media: media.map((m) => ({
              kind: m.kind,
              mimeType: m.mimeType,
              bytes: m.bytes,
              width: m.width,
              height: m.height,
              durationMs: m.durationMs,
            })),
            segment: segment
              ? { regions: segment.regions, ageMin: segment.ageMin, ageMax: segment.ageMax, genders: segment.genders, locales: segment.locales }
              : null,
          },
          { now },
        );
        return {
          key,
          channel,
          segment,
          text,
          overridden,
          extras,
          link: own.link,
          firstComment,
          mediaIds: own.mediaIds,
          media,
          existingId: existing?.id,
          scheduledAt,
          problems,
        };
      }),
    );
  }, [channels, segments, draft, existingByKey, scheduledIso, mediaById, now]);

  const errors = variants.flatMap((v) => v.problems.filter((p) => p.severity === 'error'));
  const scheduleProblem = errors.find((p) => p.field === 'scheduledAt');
  const titleError = submitted && !draft.title.trim() ? t('composer.titleRequired') : undefined;
  const channelError = submitted && draft.channelIds.length === 0 ? t('composer.channelRequired') : undefined;
  const isNew = postId === null;
  const seriesId = post?.seriesId ?? null;
  const repeating = isNew && draft.repeat.freq !== 'none';
  const currentRepeatProblem = isNew ? repeatProblem(draft.repeat, draft.when) : null;
  const shownRepeatProblem = submitted ? currentRepeatProblem : null;
  const anyFirstComment = channels.some((c) => draft.channelIds.includes(c.id) && networkLimits[c.provider].firstComment);
  const noFirstComment = channels.filter((c) => draft.channelIds.includes(c.id) && !networkLimits[c.provider].firstComment);

  const queryClient = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  /** Uploads to the workspace's media library and selects the file for this post. */
  async function uploadMedia(file: File) {
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const result = await api.postForm<{ media: MediaItem; deduplicated: boolean }>(`/api/workspaces/${workspaceId}/media`, form);
      await queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId, 'media'] });
      setDraft((d) => (d.mediaIds.includes(result.media.id) ? d : { ...d, mediaIds: [...d.mediaIds, result.media.id] }));
      toast.success(t('composer.uploaded', { name: file.name }));
    } catch (error) {
      toast.error(errorMessage(t, error));
    } finally {
      setUploading(false);
    }
  }

  const [findingSlot, setFindingSlot] = useState(false);
  /** The earliest free posting slot among the chosen channels (slots are set per channel in Settings). */
  async function fillNextFreeSlot() {
    setFindingSlot(true);
    try {
      const after = draft.when ? fromZonedInput(draft.when, tz) : new Date().toISOString();
      const found = await Promise.allSettled(
        draft.channelIds.map((id) =>
          api.get<{ at: string }>(`/api/workspaces/${workspaceId}/channels/${id}/next-free-slot?after=${encodeURIComponent(after)}`),
        ),
      );
      const times = found.flatMap((r) => (r.status === 'fulfilled' ? [r.value.at] : [])).sort();
      if (!times[0]) {
        toast.error(t('composer.noFreeSlot'));
        return;
      }
      update({ when: toZonedInput(times[0], tz), whenTouched: true });
    } finally {
      setFindingSlot(false);
    }
  }

  function toInput(): PostInput {
    const labels = [
      ...new Set(
        draft.labels
          .split(',')
          .map((l) => l.trim().replace(/^#/, ''))
          .filter(Boolean),
      ),
    ];
    return {
      title: draft.title.trim(),
      campaignId: draft.campaignId || null,
      labels,
      variants: variants.map<VariantInput>((v) => ({
        ...(v.existingId ? { id: v.existingId } : {}),
        channelAccountId: v.channel.id,
        segmentId: v.segment?.id ?? null,
        text: v.text,
        link: v.link.trim() || null,
        firstComment: v.firstComment.trim() || null,
        mediaIds: v.mediaIds,
        scheduledAt: v.scheduledAt ? fromIsoKeepOffset(v.scheduledAt, tz) : null,
      })),
    };
  }

  /** Server refusals as the composer shows them: per variant where the field says which, else in the summary. */
  function showSaveError(error: unknown, keys: string[]) {
    const details = isApiError(error) ? error.details : undefined;
    // A later occurrence of a new series failed: `{ occurrence, at, problems }`.
    if (isApiError(error) && error.code === 'unprocessable' && details && typeof details === 'object' && !Array.isArray(details)) {
      const { occurrence, at, problems } = details as { occurrence?: number; at?: string | null; problems?: unknown };
      const list = Array.isArray(problems)
        ? problems.filter((d): d is ProblemLike => typeof d === 'object' && d !== null && typeof (d as { code?: unknown }).code === 'string')
        : [];
      const head = t('composerRepeat.occurrenceProblem', { n: (occurrence ?? 0) + 1, when: at ? formatDateTime(at, tz, lang) : '' });
      setOccurrenceLines(list.length ? list.map((p) => `${head} ${problemText(t, p, language)}`) : [`${head} ${error.message}`]);
      window.setTimeout(() => errorSummaryRef.current?.focus(), 0);
      return;
    }
    // 400 validation_failed: `[{ field, rule, message }]` (e.g. the RRULE).
    if (isApiError(error) && error.code === 'validation_failed' && Array.isArray(details) && details.length) {
      setOccurrenceLines(
        details.map((d: { field?: string; message?: string }) =>
          d.field === 'body.rrule'
            ? t('composerRepeat.invalidRule', { message: d.message ?? '' })
            : t('composerRepeat.invalidField', { field: d.field ?? '', message: d.message ?? '' }),
        ),
      );
      window.setTimeout(() => errorSummaryRef.current?.focus(), 0);
      return;
    }
    const problems = problemsOf(error);
    if (isApiError(error) && error.code === 'unprocessable' && problems.length) {
      const byKey: Record<string, ProblemLike[]> = {};
      const general: ProblemLike[] = [];
      for (const problem of problems) {
        const match = /^variants\.(\d+)\./.exec(problem.field ?? '') ?? /^variants\.(\d+)$/.exec(problem.field ?? '');
        const key = match ? keys[Number(match[1])] : undefined;
        if (key) byKey[key] = [...(byKey[key] ?? []), problem];
        else general.push(problem);
      }
      setServerProblems(byKey);
      setGeneralProblems(general);
      window.setTimeout(() => errorSummaryRef.current?.focus(), 0);
    } else {
      toast.error(errorMessage(t, error));
    }
  }

  /**
   * What of this edit a series edit can carry (title, labels, one text for every variant, a new time
   * of day); anything else (channels, links, media, a new date…) makes it this post's alone.
   */
  function seriesChangesOf(input: PostInput): { changes: SeriesChanges; expressible: boolean } {
    const changes: SeriesChanges = {};
    let expressible = true;
    if (post && input.title !== post.title) changes.title = input.title;
    if (post && JSON.stringify(input.labels ?? []) !== JSON.stringify(post.labels)) changes.labels = input.labels ?? [];
    const textChanged = draft.baseText !== initialDraft.baseText || JSON.stringify(draft.overrides) !== JSON.stringify(initialDraft.overrides);
    if (textChanged) {
      if (Object.keys(draft.overrides).length === 0) changes.text = draft.baseText;
      else expressible = false;
    }
    const sorted = (ids: string[]) => JSON.stringify([...ids].sort());
    if (
      draft.campaignId !== initialDraft.campaignId ||
      sorted(draft.channelIds) !== sorted(initialDraft.channelIds) ||
      sorted(draft.segmentIds) !== sorted(initialDraft.segmentIds) ||
      draft.link !== initialDraft.link ||
      draft.firstComment !== initialDraft.firstComment ||
      !sameIds(draft.mediaIds, initialDraft.mediaIds) ||
      JSON.stringify(draft.extras) !== JSON.stringify(initialDraft.extras)
    ) {
      expressible = false;
    }
    if (draft.whenTouched && draft.when !== initialDraft.when) {
      if (draft.when && initialDraft.when && draft.when.slice(0, 10) === initialDraft.when.slice(0, 10)) changes.time = draft.when.slice(11, 16);
      else expressible = false;
    }
    return { changes, expressible };
  }

  function savePost(input: PostInput, keys: string[], onlyThis = false) {
    save.mutate(
      { postId, input },
      {
        onSuccess: (saved) => {
          void invalidateApprovals(queryClient, workspaceId, saved.id);
          const warnings = saved.variants.reduce((n, v) => n + (v.warnings?.length ?? 0), 0);
          toast.success(
            onlyThis
              ? t('composerRepeat.savedOnlyThis', { title: saved.title })
              : postId
                ? t('composer.savedEdit', { title: saved.title })
                : t('composer.saved', { title: saved.title, count: saved.variants.length }) +
                  (warnings ? ` ${t('composer.savedWarnings', { count: warnings })}` : ''),
          );
          onClose();
        },
        onError: (error) => showSaveError(error, keys),
      },
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setServerProblems({});
    setGeneralProblems([]);
    setOccurrenceLines([]);
    if (!draft.title.trim() || draft.channelIds.length === 0 || errors.length > 0 || currentRepeatProblem) {
      window.setTimeout(() => errorSummaryRef.current?.focus(), 0);
      return;
    }
    if (post && (post.state === 'approved' || post.state === 'scheduled') && contentChanged() && !reviewConfirmed.current) {
      setConfirmReview(true);
      return;
    }
    reviewConfirmed.current = false;
    const input = toInput();
    const keys = variants.map((v) => v.key);
    const rrule = repeating ? toRrule(draft.repeat, draft.when) : null;
    if (rrule) {
      createSeries.mutate(
        { ...input, rrule, horizonDays: horizonDaysFor(draft.repeat, draft.when) },
        {
          onSuccess: (created) => {
            toast.success(t('composerRepeat.created', { title: input.title, count: created.occurrences.length }));
            onClose();
          },
          onError: (error) => showSaveError(error, keys),
        },
      );
      return;
    }
    if (postId && seriesId) {
      const plan = seriesChangesOf(input);
      if (!plan.expressible || Object.keys(plan.changes).length > 0) {
        setScopeDialog(plan);
        return;
      }
    }
    savePost(input, keys);
  }

  /** Whether anything but the time changed (a time alone keeps the approval). */
  function contentChanged(): boolean {
    const { when: _w, whenTouched: _t, ...now } = draft;
    const { when: _iw, whenTouched: _it, ...before } = initialDraft;
    return JSON.stringify(now) !== JSON.stringify(before);
  }

  function applyToSeries(scope: SeriesScope | 'post') {
    const plan = scopeDialog;
    setScopeDialog(null);
    if (!plan || !postId || !seriesId) return;
    const keys = variants.map((v) => v.key);
    if (scope === 'post') {
      savePost(toInput(), keys, true);
      return;
    }
    editSeries.mutate(
      { seriesId, scope, postId, changes: plan.changes },
      {
        onSuccess: (result) => {
          toast.success(
            t('composerRepeat.applied', { count: result.edited.length }) +
              (result.skipped.length ? ` ${t('composerRepeat.skipped', { count: result.skipped.length })}` : ''),
          );
          onClose();
        },
        onError: (error) => showSaveError(error, keys),
      },
    );
  }

  const summary: string[] = [
    ...(titleError ? [titleError] : []),
    ...(channelError ? [channelError] : []),
    ...(submitted
      ? variants.flatMap((v) => v.problems.filter((p) => p.severity === 'error').map((p) => `${variantLabel(v)}: ${problemText(t, p, language)}`))
      : []),
    ...(shownRepeatProblem ? [t(`composerRepeat.problem_${shownRepeatProblem}`)] : []),
    ...generalProblems.map((p) => problemText(t, p, language)),
    ...occurrenceLines,
    ...variants.flatMap((v) => (serverProblems[v.key] ?? []).map((p) => `${variantLabel(v)}: ${problemText(t, p, language)}`)),
  ];
  const uniqueSummary = [...new Set(summary)];

  const mediaOptions = media ?? null;

  return (
    <Drawer
      open
      variant="sheet"
      title={dialogTitle}
      subtitle={t('composer.subtitle', { zone: tz })}
      onClose={onClose}
      className="composer"
      footer={
        <>
          <span className="composer-footnote">
            {variants.length ? t('composer.variantCount', { count: variants.length }) : t('composer.pickChannels')}
          </span>
          <span className="spacer" />
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="composer-form" variant="primary" loading={saving}>
            {postId ? t('composer.saveEdit') : t('composer.saveDraft')}
          </Button>
        </>
      }
    >
      <div className="composer-grid">
        <form id="composer-form" className="composer-form stack" onSubmit={onSubmit} noValidate>
          {postId ? <ComposerReview workspaceId={workspaceId} postId={postId} tz={tz} canMove /> : null}
          {uniqueSummary.length ? (
            <div ref={errorSummaryRef} tabIndex={-1} className="alert alert-error" role="alert">
              <p className="error-summary-title">{t('composer.fixBeforeSaving')}</p>
              <ul>
                {uniqueSummary.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <TextField
            label={t('composer.title')}
            value={draft.title}
            onChange={(e) => update({ title: e.target.value })}
            maxLength={200}
            required
            error={titleError}
          />
          <div className="form-row">
            <SelectField
              label={t('composer.campaign')}
              value={draft.campaignId}
              onChange={(e) => update({ campaignId: e.target.value })}
              options={[{ value: '', label: t('composer.noCampaign') }, ...campaigns.map((c) => ({ value: c.id, label: c.name }))]}
            />
            <TextField
              label={t('composer.labels')}
              hint={t('composer.labelsHint')}
              value={draft.labels}
              onChange={(e) => update({ labels: e.target.value })}
            />
          </div>
          <fieldset className="checkbox-group" aria-describedby={channelError ? `${ids.text}-channels-error` : undefined}>
            <legend className="field-label">{t('composer.channels')}</legend>
            <div className="channel-options">
              {channels.map((channel) => {
                const checked = draft.channelIds.includes(channel.id);
                return (
                  <label key={channel.id} className={`channel-option${checked ? ' is-checked' : ''}`}>
                    <input
                      type="checkbox"
                      checked={checked}
                      onChange={() =>
                        update({ channelIds: checked ? draft.channelIds.filter((id) => id !== channel.id) : [...draft.channelIds, channel.id] })
                      }
                    />
                    <NetworkIcon provider={channel.provider} size={16} />
                    <span>
                      {channel.name}
                      <span className="visually-hidden"> ({PROVIDER_LABEL[channel.provider]})</span>
                    </span>
                  </label>
                );
              })}
            </div>
            {channelError ? (
              <p className="field-error" id={`${ids.text}-channels-error`}>
                {channelError}
              </p>
            ) : null}
          </fieldset>
          <CheckboxGroup
            legend={t('composer.segments')}
            options={activeSegments.map((s) => ({ value: s.id, label: s.name }))}
            value={draft.segmentIds}
            onChange={(segmentIds) => update({ segmentIds })}
          />
          <p className="field-hint composer-hint">{t('composer.segmentsHint')}</p>

          <div className="field">
            <label className="field-label" htmlFor={ids.text}>
              {t('composer.baseText')}
            </label>
            <textarea
              id={ids.text}
              className="input textarea"
              rows={5}
              value={draft.baseText}
              onChange={(e) => update({ baseText: e.target.value })}
              aria-describedby={`${ids.text}-counters`}
            />
            <div className="counters" id={`${ids.text}-counters`}>
              {[...new Map(variants.filter((v) => !v.overridden).map((v) => [v.channel.provider, v])).values()].map((v) => (
                <Counter key={v.channel.provider} provider={v.channel.provider} text={draft.baseText} link={v.link} />
              ))}
            </div>
          </div>
          <div className="form-row">
            <TextField
              label={t('composer.link')}
              type="url"
              inputMode="url"
              placeholder="https://"
              value={draft.link}
              onChange={(e) => update({ link: e.target.value })}
            />
          </div>
          {anyFirstComment ? (
            <div className="field">
              <label className="field-label" htmlFor={ids.comment}>
                {t('composer.firstComment')}
              </label>
              <textarea
                id={ids.comment}
                className="input textarea"
                rows={2}
                value={draft.firstComment}
                onChange={(e) => update({ firstComment: e.target.value })}
                aria-describedby={`${ids.comment}-hint`}
              />
              <p className="field-hint" id={`${ids.comment}-hint`}>
                {noFirstComment.length
                  ? t('composer.firstCommentSkipped', { channels: noFirstComment.map((c) => c.name).join(', ') })
                  : t('composer.firstCommentHint')}
              </p>
            </div>
          ) : null}

          {mediaOptions ? (
            <fieldset className="checkbox-group">
              <legend className="field-label">{t('composer.media')}</legend>
              <div className="media-upload">
                <Button size="sm" loading={uploading} onClick={() => fileInput.current?.click()}>
                  {uploading ? t('composer.uploading') : t('composer.upload')}
                </Button>
                <input
                  ref={fileInput}
                  type="file"
                  hidden
                  aria-hidden="true"
                  tabIndex={-1}
                  accept="image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    e.target.value = '';
                    if (file) void uploadMedia(file);
                  }}
                />
                <span className="field-hint">{t('composer.uploadHint')}</span>
              </div>
              {mediaOptions.length === 0 ? (
                <p className="field-hint">{t('composer.mediaEmpty')}</p>
              ) : (
                <MediaPicker media={mediaOptions} value={draft.mediaIds} onChange={(mediaIds) => update({ mediaIds })} />
              )}
            </fieldset>
          ) : null}

          <div className="field">
            <label className="field-label" htmlFor={ids.when}>
              {t('composer.when')}
            </label>
            <div className="when-row">
              <input
                id={ids.when}
                type="datetime-local"
                className="input"
                value={draft.when}
                aria-invalid={scheduleProblem ? true : undefined}
                aria-describedby={`${ids.when}-hint${scheduleProblem ? ` ${ids.when}-error` : ''}`}
                onChange={(e) => update({ when: e.target.value, whenTouched: true })}
              />
              <Button size="sm" variant="secondary" disabled={!draft.channelIds.length || findingSlot} onClick={() => void fillNextFreeSlot()}>
                {t('composer.nextFreeSlot')}
              </Button>
              {draft.when ? (
                <Button size="sm" variant="ghost" onClick={() => update({ when: '', whenTouched: true })}>
                  {t('composer.clearWhen')}
                </Button>
              ) : null}
            </div>
            <p className="field-hint" id={`${ids.when}-hint`}>
              {t('composer.whenHint', { zone: tz, offset: zoneOffsetLabel(tz, lang) })}
              {post && !draft.whenTouched && new Set(post.variants.map((v) => v.scheduledAt)).size > 1 ? ` ${t('composer.whenMixed')}` : ''}
            </p>
            {scheduleProblem ? (
              <p className="field-error" id={`${ids.when}-error`}>
                {problemText(t, scheduleProblem, language)}
              </p>
            ) : null}
            {isNew ? (
              <RepeatFields repeat={draft.repeat} when={draft.when} problem={shownRepeatProblem} onChange={(repeat) => update({ repeat })} />
            ) : null}
            {seriesId ? (
              <p className="series-note" role="note">
                <span aria-hidden="true">↻ </span>
                {t('composerRepeat.partOfSeries')}
              </p>
            ) : null}
            {draft.when ? (
              <ScheduleCadence workspaceId={workspaceId} day={draft.when.slice(0, 10)} tz={tz} channelIds={draft.channelIds} adding={variants} />
            ) : null}
            <ComposerBestTimes
              workspaceId={workspaceId}
              channels={channels.filter((c) => draft.channelIds.includes(c.id))}
              segmentId={draft.segmentIds.length === 1 ? (draft.segmentIds[0] ?? null) : null}
              timeZone={tz}
              onUse={(when) => update({ when, whenTouched: true })}
            />
          </div>

          {variants.length ? (
            <section className="variant-list" aria-labelledby="variants-title">
              <h3 id="variants-title" className="subsection-title">
                {t('composer.variants', { count: variants.length })}
              </h3>
              {variants.map((v) => (
                <VariantCard
                  key={v.key}
                  variant={v}
                  language={language}
                  serverProblems={serverProblems[v.key] ?? []}
                  onOverride={(text) => update({ overrides: { ...draft.overrides, [v.key]: text } })}
                  onReset={() => {
                    const { [v.key]: _removed, ...rest } = draft.overrides;
                    update({ overrides: rest });
                  }}
                  media={mediaOptions}
                  onExtras={(extras) =>
                    setDraft((d) => {
                      const { [v.key]: _old, ...rest } = d.extras;
                      return { ...d, extras: extras ? { ...rest, [v.key]: extras } : rest };
                    })
                  }
                />
              ))}
            </section>
          ) : null}
        </form>
        <aside className="composer-preview" aria-labelledby="preview-title">
          <h3 id="preview-title" className="subsection-title">
            {t('composer.preview')}
          </h3>
          {variants.length === 0 ? (
            <p className="muted">{t('composer.previewEmpty')}</p>
          ) : (
            variants.map((v) => (
              <div key={v.key} className="preview-item">
                <p className="preview-label">{variantLabel(v)}</p>
                <NetworkPreview
                  compact
                  provider={v.channel.provider}
                  channelName={v.channel.name}
                  handle={v.channel.handle}
                  avatarUrl={v.channel.avatarUrl}
                  text={v.text}
                  link={
                    v.link.trim()
                      ? (trackedLink(
                          v.link.trim(),
                          defaultUtm({
                            provider: v.channel.provider,
                            campaignName: campaigns.find((c) => c.id === draft.campaignId)?.name,
                            segmentName: v.segment?.name,
                          }),
                        ) ?? v.link.trim())
                      : null
                  }
                  firstComment={v.firstComment || null}
                  media={v.media.map((m) => ({ id: m.id, thumbUrl: m.thumbUrl, kind: m.kind }))}
                  when={v.scheduledAt ? formatDateTime(v.scheduledAt, tz, lang) : null}
                  segmentName={v.segment?.name ?? null}
                />
              </div>
            ))
          )}
        </aside>
      </div>
      <ConfirmDialog
        open={confirmReview}
        title={t('approvalFlow.backToReview.title')}
        message={t('approvalFlow.backToReview.body', { state: t(`calendar.state.${post?.state ?? 'approved'}`) })}
        confirmLabel={t('approvalFlow.backToReview.confirm')}
        danger={false}
        onConfirm={() => {
          setConfirmReview(false);
          reviewConfirmed.current = true;
          (document.getElementById('composer-form') as HTMLFormElement | null)?.requestSubmit();
        }}
        onClose={() => setConfirmReview(false)}
      />
      {scopeDialog ? (
        <SeriesScopeDialog expressible={scopeDialog.expressible} busy={saving} onChoose={applyToSeries} onClose={() => setScopeDialog(null)} />
      ) : null}
    </Drawer>
  );
}

/** An instant as ISO 8601 with the workspace offset (what the API asks for). */
function fromIsoKeepOffset(iso: string, tz: string): string {
  return /[+-]\d\d:\d\d$/.test(iso) ? iso : fromZonedInput(toZonedInput(iso, tz), tz);
}

function variantLabel(v: { channel: ChannelAccount; segment: Segment | null }): string {
  return v.segment ? `${v.channel.name} · ${v.segment.name}` : v.channel.name;
}

function Counter({ provider, text, link }: { provider: ChannelAccount['provider']; text: string; link?: string | null }) {
  const { t } = useTranslation();
  // X has no link field: the link is appended to the text when it goes out, and counts (23).
  const { length, max } = textLength(provider, text, link?.trim() || null);
  const over = length > max;
  const weighted = networkLimits[provider].text.counting === 'weighted';
  return (
    <span className={`counter${over ? ' counter-over' : length > max * 0.9 ? ' counter-near' : ''}`}>
      <NetworkIcon provider={provider} size={12} />
      <span className="visually-hidden">{PROVIDER_LABEL[provider]}: </span>
      {length.toLocaleString()}/{max.toLocaleString()}
      {weighted ? <span className="counter-note"> {t('composer.weighted')}</span> : null}
      {over ? <span className="visually-hidden"> {t('composer.overLimit')}</span> : null}
    </span>
  );
}

function VariantCard({
  variant,
  language,
  serverProblems,
  onOverride,
  onReset,
  media,
  onExtras,
}: {
  variant: PlannedVariant;
  language: 'ko' | 'en';
  serverProblems: ProblemLike[];
  onOverride: (text: string) => void;
  onReset: () => void;
  /** The media library (`null`: none on this server). */
  media: MediaItem[] | null;
  /** Its own link, first comment and media; `null` goes back to the shared ones. */
  onExtras: (extras: VariantExtras | null) => void;
}) {
  const { t } = useTranslation();
  const textId = useId();
  const commentId = useId();
  const name = variantLabel(variant);
  const { extras } = variant;
  const commentable = networkLimits[variant.channel.provider].firstComment;
  const problems: ProblemLike[] = [...variant.problems.filter((p) => p.field !== 'scheduledAt'), ...serverProblems];
  const hasError = problems.some((p) => (p.severity ?? 'error') === 'error');
  return (
    <div className={`variant-card${hasError ? ' has-error' : ''}`}>
      <div className="variant-head">
        <NetworkIcon provider={variant.channel.provider} size={16} />
        <span className="variant-name">{variant.channel.name}</span>
        {variant.segment ? (
          <span className="segment-pill" style={{ borderColor: variant.segment.color }}>
            <span className="legend-swatch" style={{ background: variant.segment.color }} aria-hidden="true" />
            {variant.segment.name}
          </span>
        ) : null}
        <span className="spacer" />
        <Counter provider={variant.channel.provider} text={variant.text} link={variant.link} />
      </div>
      {variant.overridden ? (
        <div className="field">
          <label className="field-label" htmlFor={textId}>
            {t('composer.overrideLabel', { name: variantLabel(variant) })}
          </label>
          <textarea id={textId} className="input textarea" rows={3} value={variant.text} onChange={(e) => onOverride(e.target.value)} />
          <div>
            <Button size="sm" variant="ghost" onClick={onReset}>
              {t('composer.useShared')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="variant-actions">
          <span className="muted variant-shared">{t('composer.usesShared')}</span>
          <Button size="sm" onClick={() => onOverride(variant.text)}>
            {t('composer.customize')}
            <span className="visually-hidden"> {variantLabel(variant)}</span>
          </Button>
        </div>
      )}
      {extras ? (
        <fieldset className="variant-extras">
          <legend className="field-label">{t('composerVariant.extrasLegend', { name })}</legend>
          <TextField
            label={t('composerVariant.link', { name })}
            type="url"
            inputMode="url"
            placeholder="https://"
            value={extras.link}
            onChange={(e) => onExtras({ ...extras, link: e.target.value })}
          />
          {commentable ? (
            <div className="field">
              <label className="field-label" htmlFor={commentId}>
                {t('composerVariant.firstComment', { name })}
              </label>
              <textarea
                id={commentId}
                className="input textarea"
                rows={2}
                value={extras.firstComment}
                onChange={(e) => onExtras({ ...extras, firstComment: e.target.value })}
              />
            </div>
          ) : null}
          {media?.length ? (
            <fieldset className="checkbox-group">
              <legend className="field-label">{t('composerVariant.media', { name })}</legend>
              <MediaPicker media={media} value={extras.mediaIds} onChange={(mediaIds) => onExtras({ ...extras, mediaIds })} />
            </fieldset>
          ) : null}
          <div>
            <Button size="sm" variant="ghost" onClick={() => onExtras(null)}>
              {t('composerVariant.useShared')}
              <span className="visually-hidden"> {name}</span>
            </Button>
          </div>
        </fieldset>
      ) : (
        <div className="variant-actions">
          <span className="muted variant-shared">{t('composerVariant.usesShared')}</span>
          <Button
            size="sm"
            onClick={() => onExtras({ link: variant.link, firstComment: commentable ? variant.firstComment : '', mediaIds: variant.mediaIds })}
          >
            {t('composerVariant.customize')}
            <span className="visually-hidden"> {name}</span>
          </Button>
        </div>
      )}
      {problems.length ? (
        <ul className="problem-list">
          {problems.map((p) => (
            <li key={`${p.code}-${p.field}`} className={`problem problem-${p.severity ?? 'error'}`}>
              <span className="problem-kind">{(p.severity ?? 'error') === 'error' ? t('composer.error') : t('composer.warning')}</span>
              {problemText(t, p, language)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
