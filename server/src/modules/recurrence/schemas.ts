import { z } from '../../lib/http/zod';
import { createPostBody, problemSchema } from '../posts/schemas';
import { localTime } from '../slots/schemas';

export const MAX_HORIZON_DAYS = 366;

export const createSeriesBody = createPostBody
  .extend({
    /** An RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10. */
    rrule: z.string().trim().min(1, 'is required').max(500),
    horizonDays: z.number().int().min(1).max(MAX_HORIZON_DAYS).default(60),
  })
  .superRefine((body, ctx) => {
    if (!body.variants.length) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'a series needs at least one variant' });
    for (const [i, v] of body.variants.entries()) {
      if (!v.scheduledAt)
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'scheduledAt'], message: 'is the first occurrence’s time: required in a series' });
    }
  });

const label = z.string().trim().min(1).max(40);
export const seriesChanges = z
  .strictObject({
    title: z.string().trim().min(1, 'is required').max(200).optional(),
    brief: z.string().max(10_000).optional(),
    labels: z.array(label).max(20).optional(),
    text: z.string().max(70_000).optional(),
    time: localTime.optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'name at least one change');
export const editSeriesBody = z.strictObject({ scope: z.enum(['this', 'following', 'all']), postId: z.uuid(), changes: seriesChanges });
export const deleteSeriesQuery = z.strictObject({ scope: z.enum(['following', 'all']), postId: z.uuid().optional() });

export const seriesSchema = z
  .object({
    id: z.uuid(),
    rrule: z.string(),
    start: z.string().openapi({ description: 'First occurrence on the wall clock of timeZone, YYYY-MM-DDTHH:mm' }),
    timeZone: z.string(),
    generatedThrough: z.string().nullable(),
    exceptions: z.array(z.uuid()),
    occurrences: z.array(
      z.object({
        postId: z.uuid(),
        title: z.string(),
        state: z.string(),
        at: z.iso.datetime().nullable(),
        local: z.string().nullable(),
        exception: z.boolean(),
      }),
    ),
  })
  .openapi('Series');
export const createdSeriesSchema = seriesSchema.extend({ warnings: z.array(z.array(problemSchema)) });
const skippedSchema = z.array(z.object({ postId: z.uuid(), reason: z.enum(['published', 'exception', 'past']) }));
export const editedSeriesSchema = z.object({ edited: z.array(z.uuid()), skipped: skippedSchema, series: seriesSchema });
export const deletedSeriesSchema = z.object({ deleted: z.array(z.uuid()), skipped: skippedSchema });
