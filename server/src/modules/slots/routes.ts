import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { parseTime } from '../../lib/local-time';
import { actorOf } from '../audit/actor';
import { nextFreeSlot, upcomingSlots } from './find-slots';
import { getSlots, replaceSlots } from './manage-slots';
import { freeSlotSchema, MAX_UPCOMING_DAYS, nextFreeQuery, replaceSlotsBody, slotSetSchema, upcomingQuery, upcomingSchema } from './schemas';

function range(query: { from: string; to: string }) {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from)
    throw new AppError('validation_failed', 'Invalid query: query.to must be after query.from', [
      { field: 'query.to', rule: 'too_small', message: 'must be after from' },
    ]);
  if (to.getTime() - from.getTime() > MAX_UPCOMING_DAYS * 86_400_000) {
    throw new AppError('validation_failed', `Invalid query: the range may span at most ${MAX_UPCOMING_DAYS} days`, [
      { field: 'query.to', rule: 'too_big', message: `at most ${MAX_UPCOMING_DAYS} days after from` },
    ]);
  }
  return { from, to };
}

/** Weekly posting slots per channel: the cadence the composer's "next free slot" and the calendar's slot view fill. */
export function slotRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/channels/:channelId/slots',
      summary: "A channel's weekly posting slots, in its zone (or the workspace's)",
      tags: ['slots'],
      access: everyone,
      params: idParams('workspaceId', 'channelId'),
      responses: { 200: { description: 'Slots, Monday first', schema: slotSetSchema } },
      async handler({ params, workspace }) {
        return { body: await getSlots(deps, workspace.id, params.channelId) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/workspaces/:workspaceId/channels/:channelId/slots',
      summary: "Replace a channel's weekly posting slots (weekday 1 = Monday … 7 = Sunday, time HH:mm local)",
      tags: ['slots'],
      access: planners,
      params: idParams('workspaceId', 'channelId'),
      body: replaceSlotsBody,
      responses: { 200: { description: 'The saved set (duplicates removed)', schema: slotSetSchema } },
      async handler({ auth, body, params, req, workspace }) {
        const slots = body.slots.map((s) => ({ weekday: s.weekday, minuteOfDay: parseTime(s.time) as number }));
        return { body: await replaceSlots(deps, actorOf(auth, req), workspace.id, params.channelId, slots) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/slots/upcoming',
      summary: 'Concrete slot times in a range (at most 31 days), each marked taken when a live variant is planned within a minute',
      tags: ['slots'],
      access: everyone,
      params: idParams('workspaceId'),
      query: upcomingQuery,
      responses: { 200: { description: 'Slot instants in time order', schema: upcomingSchema } },
      async handler({ query, workspace }) {
        return { body: { slots: await upcomingSlots(deps, workspace.id, { ...range(query), channelIds: query.channelIds }) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/channels/:channelId/next-free-slot',
      summary: 'The first free slot strictly after `after` (default now), looking eight weeks ahead',
      tags: ['slots'],
      access: everyone,
      params: idParams('workspaceId', 'channelId'),
      query: nextFreeQuery,
      responses: {
        200: { description: 'The slot', schema: freeSlotSchema },
        404: { description: '`no_free_slot`: no slots defined (`details.reason` = `no_slots`) or all taken (`all_taken`)' },
      },
      async handler({ params, query, workspace }) {
        return { body: await nextFreeSlot(deps, workspace.id, params.channelId, query.after ? new Date(query.after) : new Date()) };
      },
    }),
  ];
}
