import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { listChannels } from '../channels/channel-repository';
import { findWorkspace } from '../workspaces/workspace-repository';
import { plannedPerDay, plannedPerWeekAndSegment, unscheduledVariants, variantsInRange } from './calendar-repository';

const everyone = ['admin', 'planner', 'approver', 'community_manager', 'viewer'] as const;
const MAX_RANGE_DAYS = 100;

/** `a,b,c` or repeated keys → a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','))),
    z.array(item).max(100).optional(),
  );
const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' });
const filterQuery = {
  channelIds: list(z.uuid()),
  segmentIds: list(z.uuid()),
  campaignIds: list(z.uuid()),
  authorIds: list(z.uuid()),
  states: list(z.enum(['draft', 'scheduled', 'publishing', 'unconfirmed', 'published', 'failed', 'canceled'])),
  labels: list(z.string().min(1).max(40)),
};
const rangeQuery = z.strictObject({ from: instant, to: instant, ...filterQuery });

const entrySchema = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    title: z.string(),
    excerpt: z.string(),
    provider: z.string(),
    channelAccountId: z.uuid(),
    channelName: z.string(),
    segmentId: z.uuid().nullable(),
    segmentName: z.string().nullable(),
    segmentColor: z.string().nullable(),
    campaignId: z.uuid().nullable(),
    campaignColor: z.string().nullable(),
    state: z.string(),
    postState: z.string(),
    scheduledAt: z.iso.datetime().nullable(),
    authorId: z.uuid(),
    authorName: z.string(),
    labels: z.array(z.string()),
    mediaCount: z.number(),
  })
  .openapi('CalendarEntry');

function range(query: { from: string; to: string }) {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from)
    throw new AppError('validation_failed', 'Invalid query: query.to must be after query.from', [
      { field: 'query.to', rule: 'too_small', message: 'must be after from' },
    ]);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw new AppError('validation_failed', `Invalid query: the range may span at most ${MAX_RANGE_DAYS} days`, [
      { field: 'query.to', rule: 'too_big', message: `at most ${MAX_RANGE_DAYS} days after from` },
    ]);
  }
  return { from, to };
}

export function calendarRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/calendar',
      summary: 'Variants planned in a time range (at most 100 days), with what the calendar shows, filtered',
      tags: ['calendar'],
      access: everyone,
      params: idParams('workspaceId'),
      query: rangeQuery,
      responses: { 200: { description: 'Entries ordered by time', schema: z.object({ entries: z.array(entrySchema) }) } },
      async handler({ query, workspace }) {
        return { body: { entries: await variantsInRange(deps.sql, workspace.id, { ...query, ...range(query) }) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/calendar/unscheduled',
      summary: 'Variants without a time yet (drag them onto the calendar)',
      tags: ['calendar'],
      access: everyone,
      params: idParams('workspaceId'),
      query: z.strictObject({ ...filterQuery, limit: z.coerce.number().int().min(1).max(500).default(200) }),
      responses: { 200: { description: 'Unscheduled entries', schema: z.object({ entries: z.array(entrySchema) }) } },
      async handler({ query, workspace }) {
        return { body: { entries: await unscheduledVariants(deps.sql, workspace.id, query, query.limit) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/calendar/cadence',
      summary: 'Planned vs target posts per day and channel, and per week and segment, in the workspace zone',
      tags: ['calendar'],
      access: everyone,
      params: idParams('workspaceId'),
      query: z.strictObject({ from: instant, to: instant }),
      responses: {
        200: {
          description: 'Cadence',
          schema: z.object({
            timeZone: z.string(),
            channels: z.array(z.object({ id: z.uuid(), name: z.string(), provider: z.string(), dailyTarget: z.number() })),
            days: z.array(z.object({ day: z.string(), channelAccountId: z.uuid(), planned: z.number() })),
            weeks: z.array(z.object({ week: z.string(), segmentId: z.uuid().nullable(), planned: z.number() })),
          }),
        },
      },
      async handler({ query, workspace }) {
        const { from, to } = range(query);
        const ws = await findWorkspace(deps.prisma, workspace.id);
        if (!ws) throw notFound('Workspace');
        const [channels, days, weeks] = await Promise.all([
          listChannels(deps.prisma, workspace.id),
          plannedPerDay(deps.prisma, workspace.id, from, to, ws.timeZone),
          plannedPerWeekAndSegment(deps.prisma, workspace.id, from, to, ws.timeZone),
        ]);
        return {
          body: {
            timeZone: ws.timeZone,
            channels: channels.map((c) => ({ id: c.id, name: c.name, provider: c.provider, dailyTarget: c.dailyTarget })),
            days,
            weeks,
          },
        };
      },
    }),
  ];
}
