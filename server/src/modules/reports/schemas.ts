import { z } from '../../lib/http/zod';

/** `a,b,c` or repeated keys → a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','))),
    z.array(item).max(100).optional(),
  );
const day = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });

export const reportQuery = z.strictObject({
  from: day.optional().openapi({ description: 'First day, in the workspace zone (default: 27 days before `to`)' }),
  to: day.optional().openapi({ description: 'Last day, inclusive, in the workspace zone (default: today)' }),
  channelIds: list(z.uuid()),
  segmentIds: list(z.uuid()),
  campaignIds: list(z.uuid()),
  labels: list(z.string().min(1).max(40)),
});
export type ReportQuery = z.infer<typeof reportQuery>;

export const bestTimesQuery = z.strictObject({
  channelId: z.uuid().optional(),
  segmentId: z.uuid().optional(),
  weeks: z.coerce.number().int().min(3).max(52).default(12).openapi({ description: 'How far back the history goes' }),
});

const rate = z.number().nullable();
const mark = z.enum(['below', 'working', 'stable', 'excellent']).nullable();
const markCounts = z.object({ below: z.number(), working: z.number(), stable: z.number(), excellent: z.number() });

const groupStat = z.object({
  key: z.string().nullable(),
  posts: z.number(),
  measured: z.number(),
  interactions: z.number(),
  impressions: z.number(),
  medianRate: rate,
  meanRate: rate,
  impressionRate: rate.openapi({ description: 'Σ (reactions + comments + shares) ÷ Σ impressions over the posts with impressions' }),
  marks: markCounts,
});

const postPreview = z.object({
  id: z.uuid(),
  postId: z.uuid(),
  title: z.string(),
  text: z.string(),
  channelAccountId: z.uuid(),
  segmentId: z.uuid().nullable(),
  campaignId: z.uuid().nullable(),
  publishedAt: z.string(),
  remoteUrl: z.string().nullable(),
  mediaId: z.uuid().nullable(),
  mediaKind: z.string().nullable(),
  format: z.enum(['video', 'image', 'link', 'text']),
  checkpoint: z.string().nullable(),
  reactions: z.number(),
  comments: z.number(),
  shares: z.number(),
  impressions: z.number().nullable(),
  followersAtPublish: z.number().nullable(),
  rate,
  impressionRate: rate,
  mark,
});

export const lookupsSchema = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  channels: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      provider: z.string(),
      handle: z.string(),
      dailyTarget: z.number(),
      followerCount: z.number(),
      status: z.string(),
    }),
  ),
  segments: z.array(z.object({ id: z.uuid(), name: z.string(), color: z.string() })),
  campaigns: z.array(z.object({ id: z.uuid(), name: z.string(), color: z.string() })),
});

export const contentReportSchema = z
  .object({
    range: lookupsSchema,
    formula: z.string(),
    marks: z.object({ working: z.number(), stable: z.number(), excellent: z.number() }),
    bucket: z.enum(['day', 'week']),
    summary: groupStat.extend({ collecting: z.number().openapi({ description: 'Posts whose latest reading is younger than 24 h' }) }),
    distribution: z.array(z.object({ from: z.number(), to: z.number().nullable(), count: z.number(), mark: z.string() })),
    byChannel: z.array(groupStat),
    bySegment: z.array(groupStat),
    byCampaign: z.array(groupStat),
    byLabel: z.array(groupStat),
    byFormat: z.array(groupStat),
    timeline: z.array(z.object({ period: z.string(), posts: z.number(), measured: z.number(), medianRate: rate, meanRate: rate })),
    best: z.array(postPreview),
    worst: z.array(postPreview),
    segmentContent: z.array(
      z.object({ segmentId: z.uuid().nullable(), dimension: z.enum(['format', 'label']), key: z.string(), posts: z.number(), medianRate: rate }),
    ),
  })
  .openapi('ContentReport');

export const cadenceReportSchema = z
  .object({
    range: lookupsSchema,
    today: z.string(),
    channels: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        provider: z.string(),
        dailyTarget: z.number(),
        days: z.array(z.object({ day: z.string(), published: z.number() })),
        total: z.number(),
        average: z.number(),
        countedDays: z.number(),
        daysOnTarget: z.number(),
        daysBelowTarget: z.number(),
        daysWithout: z.number(),
        currentStreak: z.number(),
        longestStreak: z.number(),
        gaps: z.array(z.object({ from: z.string(), to: z.string(), days: z.number() })),
        longestGap: z.number(),
      }),
    ),
  })
  .openapi('CadenceReport');

const timeStat = z.object({ weekday: z.number(), hour: z.number(), posts: z.number(), medianRate: rate, mark });
const hourStat = z.object({ hour: z.number(), posts: z.number(), medianRate: rate, mark });
export const bestTimesSchema = z
  .object({
    timeZone: z.string(),
    channelId: z.uuid().nullable(),
    segmentId: z.uuid().nullable(),
    scope: z.enum(['segment', 'channel', 'workspace']).openapi({
      description: '`channel`: the segment alone had too little history, so the channel as a whole answered',
    }),
    weeks: z.number(),
    posts: z.number(),
    firstDay: z.string().nullable(),
    lastDay: z.string().nullable(),
    spanDays: z.number(),
    enough: z.boolean(),
    reason: z.enum(['too_few_posts', 'too_short_history']).nullable(),
    needs: z.object({ posts: z.number(), days: z.number(), perSlot: z.number() }),
    cells: z.array(timeStat),
    hours: z.array(hourStat),
    suggestions: z.array(timeStat),
    bestHours: z.array(hourStat),
  })
  .openapi('BestTimes');
