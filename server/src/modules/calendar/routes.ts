import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { listChannels } from '../channels/channel-repository';
import { findWorkspace } from '../workspaces/workspace-repository';
import { plannedPerDay, plannedPerWeekAndSegment, unscheduledVariants, variantsInRange, variantsInRangeColumns } from './calendar-repository';
import { filterQuery, instant, parseRange, rangeQuery } from './query';

const rangeQuerySchema = z.strictObject({
  ...rangeQuery,
  /** `columns`: `{ columns, rows }` — the same entries as arrays, about half the bytes (what the month grid asks for). */
  format: z.enum(['objects', 'columns']).default('objects'),
});

const entrySchema = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    title: z.string(),
    excerpt: z.string(),
    provider: z.string(),
    channelAccountId: z.uuid(),
    channelName: z.string(),
    channelStatus: z.enum(['active', 'needs_reconnect', 'disconnected']).openapi({
      description: '`needs_reconnect` flags the entry before its time: it will not go out until the channel is reconnected',
    }),
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

export function calendarRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/calendar',
      summary: 'Variants planned in a time range (at most 100 days), with what the calendar shows, filtered',
      tags: ['calendar'],
      access: everyone,
      params: idParams('workspaceId'),
      query: rangeQuerySchema,
      responses: {
        200: {
          description: 'Entries ordered by time; with `format=columns` the column names (the entry fields) once and one array per entry',
          schema: z.union([
            z.object({ entries: z.array(entrySchema) }),
            z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.unknown())) }),
          ]),
        },
      },
      async handler({ query, workspace }) {
        const filter = { ...query, ...parseRange(query) };
        if (query.format === 'columns') return { body: await variantsInRangeColumns(deps.sql, workspace.id, filter) };
        return { body: { entries: await variantsInRange(deps.sql, workspace.id, filter) } };
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
        const { from, to } = parseRange(query);
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
