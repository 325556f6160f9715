import { z } from '../../lib/http/zod';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 08:30');

export const digestSettingsBody = z
  .strictObject({
    enabled: z.boolean().optional().openapi({ description: 'E-mail the digest to its subscribers (the app keeps every digest either way)' }),
    sendTime: time.optional().openapi({ description: 'Local time in the workspace zone, HH:MM (default 08:30)' }),
  })
  .openapi('DigestSettingsInput');
export type DigestSettingsInput = z.infer<typeof digestSettingsBody>;

export const subscriptionBody = z.strictObject({ subscribed: z.boolean() }).openapi('DigestSubscriptionInput');

export const digestListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(120).default(30),
});

export const emailQuery = z.strictObject({ locale: z.enum(['ko', 'en']).default('ko') });

export const digestSettingsSchema = z
  .object({
    enabled: z.boolean(),
    sendTime: time,
    timeZone: z.string(),
    /** The next instant a digest is composed and sent. */
    nextAt: z.string(),
    subscription: z.object({
      subscribed: z.boolean(),
      byDefault: z.boolean().openapi({ description: 'What your roles give you without a choice of your own' }),
      chosen: z.boolean().openapi({ description: 'You made a choice yourself' }),
    }),
  })
  .openapi('DigestSettings');

export const digestListSchema = z
  .object({
    today: z.string(),
    items: z.array(
      z.object({
        id: z.uuid(),
        day: z.string(),
        createdAt: z.date(),
        customers: z.number(),
        unanswered: z.number(),
        negative: z.number(),
        escalations: z.number(),
        posts: z.number(),
      }),
    ),
  })
  .openapi('DigestList');

const mark = z.enum(['below', 'working', 'stable', 'excellent']).nullable();
const customerItem = z.object({
  conversationId: z.uuid(),
  channelName: z.string(),
  provider: z.string(),
  customerName: z.string(),
  customerHandle: z.string().nullable(),
  text: z.string(),
  sentAt: z.string(),
  category: z.enum(['question', 'complaint', 'praise', 'other']),
  sentiment: z.enum(['negative', 'neutral', 'positive']),
  unanswered: z.boolean(),
  overdue: z.boolean(),
  messages: z.number(),
  postTitle: z.string().nullable(),
  link: z.string(),
});
const escalationItem = z.object({
  id: z.uuid(),
  status: z.enum(['open', 'in_progress', 'resolved']),
  departmentName: z.string(),
  conversationId: z.uuid(),
  customerName: z.string(),
  excerpt: z.string(),
  note: z.string(),
  createdAt: z.string(),
  ageMs: z.number(),
  isNew: z.boolean(),
  link: z.string(),
});
const postItem = z.object({
  variantId: z.uuid(),
  title: z.string(),
  text: z.string(),
  channelName: z.string(),
  provider: z.string(),
  publishedAt: z.string(),
  checkpoint: z.string().nullable(),
  reactions: z.number().nullable(),
  comments: z.number().nullable(),
  shares: z.number().nullable(),
  followersAtPublish: z.number().nullable(),
  rate: z.number().nullable(),
  impressionRate: z.number().nullable(),
  mark,
  remoteUrl: z.string().nullable(),
});

export const digestDataSchema = z.object({
  version: z.literal(1),
  workspace: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  day: z.string(),
  yesterday: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  links: z.object({ digest: z.string(), inbox: z.string(), reports: z.string() }),
  customers: z.object({
    counts: z.object({
      messages: z.number(),
      conversations: z.number(),
      unanswered: z.number(),
      negative: z.number(),
      complaints: z.number(),
      questions: z.number(),
      praise: z.number(),
      overdue: z.number(),
    }),
    items: z.array(customerItem).openapi({ description: 'Unanswered negative first, then unanswered, then negative, then the rest' }),
    more: z.number(),
  }),
  escalations: z.object({
    counts: z.object({ new: z.number(), open: z.number(), inProgress: z.number(), resolved: z.number() }),
    items: z.array(escalationItem),
    more: z.number(),
  }),
  posts: z.object({
    count: z.number(),
    measured: z.number(),
    medianRate: z.number().nullable(),
    mark,
    marks: z.object({ below: z.number(), working: z.number(), stable: z.number(), excellent: z.number() }),
    formula: z.string(),
    items: z.array(postItem),
    more: z.number(),
  }),
  cadence: z.array(
    z.object({
      channelId: z.uuid(),
      name: z.string(),
      provider: z.string(),
      dailyTarget: z.number(),
      yesterday: z.number(),
      onTarget: z.boolean(),
      daysOnTarget: z.number(),
      days: z.number(),
      currentStreak: z.number(),
    }),
  ),
});

export const digestSchema = z
  .object({ id: z.uuid(), day: z.string(), periodStart: z.date(), periodEnd: z.date(), createdAt: z.date(), data: digestDataSchema })
  .openapi('Digest');
