import { z } from '../../lib/http/zod';

const ids = z.array(z.uuid()).max(100).optional();
export const feedFiltersSchema = z.strictObject({
  channelIds: ids,
  segmentIds: ids,
  campaignIds: ids,
  authorIds: ids,
  states: z
    .array(z.enum(['draft', 'scheduled', 'publishing', 'unconfirmed', 'published', 'failed', 'canceled']))
    .max(10)
    .optional(),
  labels: z.array(z.string().min(1).max(40)).max(20).optional(),
});
export type FeedFilters = z.infer<typeof feedFiltersSchema>;
