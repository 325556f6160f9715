import { z } from '../../lib/http/zod';
import { parseTime } from '../../lib/local-time';

export const MAX_SLOTS = 200;
export const MAX_UPCOMING_DAYS = 31;

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' });
/** `HH:mm`, 24-hour, local to the channel's zone. */
export const localTime = z.string().refine((t) => parseTime(t) !== null, 'must be a 24-hour time HH:mm, e.g. 09:00');

export const slotInput = z.strictObject({
  weekday: z.number().int().min(1, '1 = Monday … 7 = Sunday').max(7, '1 = Monday … 7 = Sunday'),
  time: localTime,
});
export const replaceSlotsBody = z.strictObject({ slots: z.array(slotInput).max(MAX_SLOTS) });

export const slotSetSchema = z
  .object({
    timeZone: z.string(),
    slots: z.array(z.object({ id: z.uuid(), weekday: z.number(), time: z.string() })),
  })
  .openapi('PostingSlots');

/** `a,b,c` or repeated keys → a list. */
const idList = z.preprocess(
  (v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','))),
  z.array(z.uuid()).max(100).optional(),
);
export const upcomingQuery = z.strictObject({ from: instant, to: instant, channelIds: idList });
export const upcomingSchema = z
  .object({
    slots: z.array(z.object({ channelAccountId: z.uuid(), at: z.iso.datetime(), local: z.string(), taken: z.boolean() })),
  })
  .openapi('UpcomingSlots');

export const nextFreeQuery = z.strictObject({ after: instant.optional() });
export const freeSlotSchema = z.object({ at: z.iso.datetime(), local: z.string() }).openapi('FreeSlot');
