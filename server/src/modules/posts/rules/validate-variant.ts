/**
 * Checks one post variant against its network's limits. Pure: the server runs
 * it before saving or scheduling, the browser runs it while the user types.
 * Import nothing from the server here except the files of this folder.
 */
import twitterText from 'twitter-text';
import { type AspectRatio, type NetworkLimits, networkLimits, type Provider } from './network-rules';

export const problemCodes = [
  'text_too_long',
  'text_empty',
  'too_many_hashtags',
  'too_many_mentions',
  'media_required',
  'too_many_images',
  'too_many_videos',
  'too_many_media',
  'mixed_media',
  'media_type_unsupported',
  'media_too_large',
  'video_too_long',
  'video_too_short',
  'aspect_ratio_unsupported',
  'link_invalid',
  'scheduled_in_past',
  'first_comment_unsupported',
  'targeting_unsupported',
] as const;

export type ProblemCode = (typeof problemCodes)[number];

export interface Problem {
  /** Stable; the i18n key is `validation.<code>`. */
  code: ProblemCode;
  /** `text`, `media`, `media.<index>`, `link`, `scheduledAt`, `firstComment` or `segment`. */
  field: string;
  severity: 'error' | 'warning';
  params: Record<string, string | number>;
}

export interface MediaDraft {
  kind: 'image' | 'video';
  mimeType: string;
  bytes: number;
  width?: number | null;
  height?: number | null;
  durationMs?: number | null;
}

export interface SegmentDraft {
  regions?: unknown[];
  ageMin?: number | null;
  ageMax?: number | null;
  genders?: string[];
  locales?: string[];
}

export interface VariantDraft {
  provider: Provider;
  text: string;
  link?: string | null;
  firstComment?: string | null;
  scheduledAt?: Date | string | null;
  media: MediaDraft[];
  segment?: SegmentDraft | null;
}

/**
 * The length the network counts and its limit: weighted on X (CJK 2, URLs 23), code points elsewhere. X has no
 * link field, so a separate `link` is published at the end of the text (a space + 23) and counts here too.
 */
export function textLength(provider: Provider, text: string, link?: string | null): { length: number; max: number } {
  const { max, counting } = networkLimits[provider].text;
  switch (counting) {
    case 'weighted':
      return { length: twitterText.parseTweet(publishedXText(text, link)).weightedLength, max };
    case 'characters':
      return { length: Array.from(text.normalize('NFC')).length, max };
  }
}

/** What the publisher sends to X: the text, then the link when the text does not contain it already. */
function publishedXText(text: string, link: string | null | undefined): string {
  const url = link?.trim();
  return url && !text.includes(url) ? `${text} ${url}`.trim() : text;
}

export function validateVariant(input: VariantDraft, options: { now: Date }): Problem[] {
  const limits = networkLimits[input.provider];
  return [
    ...checkText(input, limits),
    ...checkMediaCounts(input.media, limits),
    ...input.media.flatMap((item, index) => checkMediaItem(item, `media.${index}`, limits)),
    ...checkLink(input.link),
    ...checkSchedule(input.scheduledAt, options.now),
    ...checkFirstComment(input, limits),
    ...checkTargeting(input, limits),
  ];
}

function error(code: ProblemCode, field: string, params: Problem['params'] = {}): Problem {
  return { code, field, severity: 'error', params };
}

function checkText(input: VariantDraft, limits: NetworkLimits): Problem[] {
  const problems: Problem[] = [];
  const { text, provider } = input;
  // Where media is required, `media_required` already says what is missing.
  if (text.trim() === '' && input.media.length === 0 && !limits.media.required) problems.push(error('text_empty', 'text'));

  const { length, max } = textLength(provider, text, input.link);
  if (length > max) problems.push(error('text_too_long', 'text', { length, max, provider }));

  if (limits.maxHashtags !== null) {
    const count = twitterText.extractHashtags(text).length;
    if (count > limits.maxHashtags) problems.push(error('too_many_hashtags', 'text', { count, max: limits.maxHashtags }));
  }
  if (limits.maxMentions !== null) {
    const count = twitterText.extractMentions(text).length;
    if (count > limits.maxMentions) problems.push(error('too_many_mentions', 'text', { count, max: limits.maxMentions }));
  }
  return problems;
}

function checkMediaCounts(media: MediaDraft[], limits: NetworkLimits): Problem[] {
  const rules = limits.media;
  if (media.length === 0) return rules.required ? [error('media_required', 'media')] : [];

  const problems: Problem[] = [];
  const images = media.filter((item) => item.kind === 'image').length;
  const videos = media.length - images;
  if (images > 0 && videos > 0 && !rules.mixImagesAndVideos) problems.push(error('mixed_media', 'media'));
  if (images > rules.maxImages) problems.push(error('too_many_images', 'media', { count: images, max: rules.maxImages }));
  if (videos > rules.maxVideos) problems.push(error('too_many_videos', 'media', { count: videos, max: rules.maxVideos }));
  if (problems.length === 0 && media.length > rules.maxItems) {
    problems.push(error('too_many_media', 'media', { count: media.length, max: rules.maxItems }));
  }
  return problems;
}

function checkMediaItem(item: MediaDraft, field: string, limits: NetworkLimits): Problem[] {
  const rules = item.kind === 'image' ? limits.media.image : limits.media.video;
  const problems: Problem[] = [];
  const mimeType = item.mimeType.toLowerCase();
  if (!rules.mimeTypes.includes(mimeType)) {
    problems.push(error('media_type_unsupported', field, { mimeType: item.mimeType, allowed: rules.mimeTypes.map(formatLabel).join(', ') }));
  }
  if (item.bytes > rules.maxBytes) {
    problems.push(
      error('media_too_large', field, {
        bytes: item.bytes,
        maxBytes: rules.maxBytes,
        size: formatBytes(item.bytes),
        maxSize: formatBytes(rules.maxBytes),
      }),
    );
  }

  if (item.kind === 'image') {
    const range = limits.media.image.aspectRatio;
    const { width, height } = item;
    if (range && width && height && width > 0 && height > 0 && !withinRatio(width / height, range.min, range.max)) {
      problems.push(error('aspect_ratio_unsupported', field, { width, height, min: formatRatio(range.min), max: formatRatio(range.max) }));
    }
    return problems;
  }

  const video = limits.media.video;
  const durationMs = item.durationMs;
  if (durationMs === null || durationMs === undefined) return problems;
  if (durationMs > video.maxDurationMs) {
    problems.push(error('video_too_long', field, { seconds: Math.ceil(durationMs / 100) / 10, maxSeconds: video.maxDurationMs / 1000 }));
  }
  if (video.minDurationMs !== null && durationMs < video.minDurationMs) {
    problems.push(error('video_too_short', field, { seconds: Math.floor(durationMs / 100) / 10, minSeconds: video.minDurationMs / 1000 }));
  }
  return problems;
}

function checkLink(link: string | null | undefined): Problem[] {
  if (link === null || link === undefined || link.trim() === '') return [];
  return isHttpUrl(link.trim()) ? [] : [error('link_invalid', 'link')];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function checkSchedule(scheduledAt: Date | string | null | undefined, now: Date): Problem[] {
  if (scheduledAt === null || scheduledAt === undefined || scheduledAt === '') return [];
  const when = scheduledAt instanceof Date ? scheduledAt : new Date(scheduledAt);
  // An unparsable time is the request schema's business, not a network rule.
  if (Number.isNaN(when.getTime())) return [];
  return when.getTime() < now.getTime() ? [error('scheduled_in_past', 'scheduledAt', { scheduledAt: when.toISOString() })] : [];
}

function checkFirstComment(input: VariantDraft, limits: NetworkLimits): Problem[] {
  const comment = input.firstComment?.trim() ?? '';
  if (comment === '' || limits.firstComment) return [];
  return [error('first_comment_unsupported', 'firstComment', { provider: input.provider })];
}

function checkTargeting(input: VariantDraft, limits: NetworkLimits): Problem[] {
  if (limits.organicTargeting || !hasTargeting(input.segment)) return [];
  return [{ code: 'targeting_unsupported', field: 'segment', severity: 'warning', params: { provider: input.provider } }];
}

function hasTargeting(segment: SegmentDraft | null | undefined): boolean {
  if (!segment) return false;
  const { regions = [], genders = [], locales = [], ageMin, ageMax } = segment;
  return regions.length > 0 || genders.length > 0 || locales.length > 0 || (ageMin ?? null) !== null || (ageMax ?? null) !== null;
}

/** Inclusive at both ends; the slack only absorbs floating-point error (1080×1350 is exactly 4:5). */
function withinRatio(ratio: number, min: AspectRatio, max: AspectRatio): boolean {
  const slack = 1e-9;
  return ratio >= min[0] / min[1] - slack && ratio <= max[0] / max[1] + slack;
}

function formatRatio([width, height]: AspectRatio): string {
  return `${width}:${height}`;
}

/** `image/jpeg` → `JPEG`, `video/quicktime` → `MOV`: what users know the formats by. */
function formatLabel(mimeType: string): string {
  const subtype = mimeType.split('/')[1] ?? mimeType;
  return subtype === 'quicktime' ? 'MOV' : subtype.toUpperCase();
}

/** Sizes in binary units (the networks' "MB" are MiB), rounded up so a too-large file never reads as the limit. */
function formatBytes(bytes: number): string {
  const units = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes >= size) return `${Math.ceil((bytes / size) * 10) / 10} ${unit}`;
  }
  return `${bytes} B`;
}
