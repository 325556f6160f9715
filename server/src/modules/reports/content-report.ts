/**
 * The Content report (pure): published variants with their latest reading, grouped by channel, segment,
 * campaign, label, format and time; the engagement-rate distribution; best and worst posts; which
 * segment responds to which content. Rates divide by the follower count at publication.
 */

import { weekOf } from './local-days';
import type { PublishedRow } from './reports-repository';
import {
  type DistributionBucket,
  distributionOf,
  engagementRate,
  impressionRate,
  interactionsOf,
  type Mark,
  markOf,
  mean,
  median,
} from './shared/engagement';

export type Format = 'video' | 'image' | 'link' | 'text';
export const FORMATS: Format[] = ['video', 'image', 'link', 'text'];
/** Readings from 24 h on: early readings understate a post, so best and worst come from these when there are any. */
const MATURE = new Set(['24h', '72h', '7d']);
const TOP = 5;

export interface Measured {
  row: PublishedRow;
  format: Format;
  interactions: number | null;
  rate: number | null;
  impressionRate: number | null;
  mark: Mark | null;
}

export const formatOf = (row: Pick<PublishedRow, 'mediaKind' | 'hasLink'>): Format =>
  row.mediaKind === 'video' ? 'video' : row.mediaKind === 'image' ? 'image' : row.hasLink ? 'link' : 'text';

export function measure(row: PublishedRow): Measured {
  const read = row.reactions !== null && row.comments !== null && row.shares !== null;
  const m = read ? { reactions: row.reactions ?? 0, comments: row.comments ?? 0, shares: row.shares ?? 0 } : null;
  const rate = m ? engagementRate(m, row.followersAtPublish) : null;
  return {
    row,
    format: formatOf(row),
    interactions: m ? interactionsOf(m) : null,
    rate,
    impressionRate: m ? impressionRate(m, row.impressions) : null,
    mark: markOf(rate),
  };
}

export interface GroupStat {
  key: string | null;
  posts: number;
  /** Posts with a reading and a follower count (their rate is known). */
  measured: number;
  interactions: number;
  impressions: number;
  medianRate: number | null;
  meanRate: number | null;
  /** Pooled over the posts that have impressions: Σ interactions ÷ Σ impressions. */
  impressionRate: number | null;
  marks: Record<Mark, number>;
}

export function statOf(key: string | null, items: Measured[]): GroupStat {
  const rates = items.flatMap((m) => (m.rate === null ? [] : [m.rate]));
  const withImpressions = items.filter((m) => m.impressionRate !== null);
  const pooledImpressions = withImpressions.reduce((s, m) => s + (m.row.impressions ?? 0), 0);
  const marks: Record<Mark, number> = { below: 0, working: 0, stable: 0, excellent: 0 };
  for (const m of items) if (m.mark) marks[m.mark] += 1;
  return {
    key,
    posts: items.length,
    measured: rates.length,
    interactions: items.reduce((s, m) => s + (m.interactions ?? 0), 0),
    impressions: items.reduce((s, m) => s + (m.row.impressions ?? 0), 0),
    medianRate: median(rates),
    meanRate: mean(rates),
    impressionRate: pooledImpressions > 0 ? withImpressions.reduce((s, m) => s + (m.interactions ?? 0), 0) / pooledImpressions : null,
    marks,
  };
}

/** Groups by one or more keys per item (a post with two labels counts under both; none → null). */
export function groupBy(items: Measured[], keysOf: (m: Measured) => Array<string | null>): GroupStat[] {
  const groups = new Map<string | null, Measured[]>();
  for (const m of items) {
    const keys = keysOf(m);
    for (const key of keys.length ? keys : [null]) {
      const list = groups.get(key) ?? [];
      list.push(m);
      groups.set(key, list);
    }
  }
  return [...groups].map(([key, list]) => statOf(key, list)).sort((a, b) => b.posts - a.posts || String(a.key).localeCompare(String(b.key)));
}

export interface PostPreview {
  id: string;
  postId: string;
  title: string;
  text: string;
  channelAccountId: string;
  segmentId: string | null;
  campaignId: string | null;
  publishedAt: string;
  remoteUrl: string | null;
  mediaId: string | null;
  mediaKind: string | null;
  format: Format;
  checkpoint: string | null;
  reactions: number;
  comments: number;
  shares: number;
  impressions: number | null;
  followersAtPublish: number | null;
  rate: number | null;
  impressionRate: number | null;
  mark: Mark | null;
}

export function previewOf(m: Measured): PostPreview {
  const r = m.row;
  return {
    id: r.id,
    postId: r.postId,
    title: r.title,
    text: r.text,
    channelAccountId: r.channelAccountId,
    segmentId: r.segmentId,
    campaignId: r.campaignId,
    publishedAt: r.publishedAt,
    remoteUrl: r.remoteUrl,
    mediaId: r.mediaId,
    mediaKind: r.mediaKind,
    format: m.format,
    checkpoint: r.checkpoint,
    reactions: r.reactions ?? 0,
    comments: r.comments ?? 0,
    shares: r.shares ?? 0,
    impressions: r.impressions,
    followersAtPublish: r.followersAtPublish,
    rate: m.rate,
    impressionRate: m.impressionRate,
    mark: m.mark,
  };
}

export interface TimelinePoint {
  period: string;
  posts: number;
  measured: number;
  medianRate: number | null;
  meanRate: number | null;
}

export interface SegmentContentCell {
  segmentId: string | null;
  dimension: 'format' | 'label';
  key: string;
  posts: number;
  medianRate: number | null;
}

export interface ContentReport {
  bucket: 'day' | 'week';
  summary: GroupStat & { collecting: number };
  distribution: DistributionBucket[];
  byChannel: GroupStat[];
  bySegment: GroupStat[];
  byCampaign: GroupStat[];
  byLabel: GroupStat[];
  byFormat: GroupStat[];
  timeline: TimelinePoint[];
  best: PostPreview[];
  worst: PostPreview[];
  segmentContent: SegmentContentCell[];
}

/** `days`: every local day of the range, so the timeline has no holes. Weeks once the range passes 62 days. */
export function contentReport(rows: PublishedRow[], days: string[]): ContentReport {
  const items = rows.map(measure);
  const bucket = days.length > 62 ? 'week' : 'day';
  const periodOf = (day: string) => (bucket === 'week' ? weekOf(day) : day);
  const periods = [...new Set(days.map(periodOf))];
  const byPeriod = new Map<string, Measured[]>(periods.map((p) => [p, []]));
  for (const m of items) byPeriod.get(periodOf(m.row.day))?.push(m);
  const timeline = [...byPeriod].map(([period, list]) => {
    const s = statOf(period, list);
    return { period, posts: s.posts, measured: s.measured, medianRate: s.medianRate, meanRate: s.meanRate };
  });

  const rated = items.filter((m) => m.rate !== null);
  const mature = rated.filter((m) => m.row.checkpoint !== null && MATURE.has(m.row.checkpoint));
  const pool = mature.length ? mature : rated;
  const ranked = [...pool].sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0) || a.row.id.localeCompare(b.row.id));
  const best = ranked.slice(0, TOP);
  const worst = ranked
    .slice(Math.max(TOP, ranked.length - TOP))
    .reverse()
    .filter((m) => !best.includes(m));

  const segmentContent: SegmentContentCell[] = [];
  const segments = new Map<string | null, Measured[]>();
  for (const m of items) segments.set(m.row.segmentId, [...(segments.get(m.row.segmentId) ?? []), m]);
  for (const [segmentId, list] of segments) {
    for (const s of groupBy(list, (m) => [m.format]))
      segmentContent.push({ segmentId, dimension: 'format', key: s.key ?? '', posts: s.posts, medianRate: s.medianRate });
    for (const s of groupBy(list, (m) => m.row.labels)) {
      if (s.key !== null) segmentContent.push({ segmentId, dimension: 'label', key: s.key, posts: s.posts, medianRate: s.medianRate });
    }
  }

  return {
    bucket,
    summary: { ...statOf('all', items), collecting: items.filter((m) => m.row.checkpoint === null || !MATURE.has(m.row.checkpoint)).length },
    distribution: distributionOf(rated.map((m) => m.rate as number)),
    byChannel: groupBy(items, (m) => [m.row.channelAccountId]),
    bySegment: groupBy(items, (m) => [m.row.segmentId]),
    byCampaign: groupBy(items, (m) => [m.row.campaignId]),
    byLabel: groupBy(items, (m) => m.row.labels),
    byFormat: groupBy(items, (m) => [m.format]),
    timeline,
    best: best.map(previewOf),
    worst: worst.map(previewOf),
    segmentContent,
  };
}
