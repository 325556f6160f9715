import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../lib/errors';
import { everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { recordAudit } from '../audit/record-audit';
import { changeFeedFilters } from './change-feed-filters';
import { checkFeedFilters } from './check-feed-filters';
import { deleteFeed, FEED_PREFIX, findFeedOf, upsertFeed } from './feed-repository';
import { renderFeed } from './render-feed';
import { feedFiltersSchema } from './schemas';

const feedSchema = z.object({ exists: z.boolean(), createdAt: z.date().nullable(), filters: z.unknown() }).openapi('CalendarFeed');

/** A per-person secret iCal URL with the filtered plan, for subscribing from any calendar app. */
export function calendarFeedRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/calendar/feed',
      summary: 'Whether I have an iCal feed here, and its filters (the URL is shown only when created)',
      tags: ['calendar'],
      access: everyone,
      tokens: false,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'My feed', schema: feedSchema } },
      async handler({ auth, workspace }) {
        const feed = await findFeedOf(deps.prisma, workspace.id, auth.user.id);
        return { body: { exists: feed !== null, createdAt: feed?.createdAt ?? null, filters: feed?.filters ?? null } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/calendar/feed',
      summary: 'Create my iCal feed with these filters, or rotate its secret (the old URL stops working)',
      tags: ['calendar'],
      access: everyone,
      tokens: false,
      params: idParams('workspaceId'),
      body: z.strictObject({ filters: feedFiltersSchema.default({}) }),
      responses: { 201: { description: 'The subscription URL (shown once)', schema: z.object({ url: z.url(), createdAt: z.date() }) } },
      async handler({ auth, body, req, workspace }) {
        const filters = await checkFeedFilters(deps.prisma, workspace.id, body.filters);
        const { feed, secret } = await deps.prisma.$transaction(async (tx) => {
          const result = await upsertFeed(tx, workspace.id, auth.user.id, filters as Prisma.InputJsonValue);
          await recordAudit(tx, actorOf(auth, req), {
            workspaceId: workspace.id,
            entityType: 'calendar_feed',
            entityId: result.feed.id,
            action: 'calendar_feed.rotated',
          });
          return result;
        });
        return { status: 201, body: { url: `${deps.config.appUrl}/api/calendar-feeds/${secret}.ics`, createdAt: feed.createdAt } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId/calendar/feed',
      summary: 'Change what my iCal feed contains; the secret and URL stay the same',
      tags: ['calendar'],
      access: everyone,
      tokens: false,
      params: idParams('workspaceId'),
      body: z.strictObject({ filters: feedFiltersSchema }),
      responses: {
        200: { description: 'My feed with its new filters', schema: feedSchema },
        404: { description: 'I have no feed here' },
        422: { description: 'An id that is not in this workspace' },
      },
      async handler({ auth, body, req, workspace }) {
        return { body: await changeFeedFilters(deps, actorOf(auth, req), workspace.id, auth.user.id, body.filters) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/calendar/feed',
      summary: 'Turn my iCal feed off',
      tags: ['calendar'],
      access: everyone,
      tokens: false,
      params: idParams('workspaceId'),
      responses: { 204: { description: 'Removed' } },
      async handler({ auth, workspace }) {
        if (!(await deleteFeed(deps.prisma, workspace.id, auth.user.id))) throw notFound('Calendar feed');
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/calendar-feeds/:file',
      summary: 'The iCal feed itself (`cal_….ics`); the secret in the URL is the only credential',
      tags: ['calendar'],
      access: 'public',
      params: z.strictObject({ file: z.string().regex(new RegExp(`^${FEED_PREFIX}[\\w-]{20,64}\\.ics$`), 'must be a feed file name') }),
      responses: { 200: { description: 'text/calendar' }, 404: { description: 'Unknown or rotated' } },
      async handler({ params, res }) {
        const text = await renderFeed(deps, params.file.replace(/\.ics$/, ''));
        res.setHeader('content-type', 'text/calendar; charset=utf-8');
        res.setHeader('cache-control', 'private, max-age=300');
        res.setHeader('referrer-policy', 'no-referrer');
        res.send(text);
        return {};
      },
    }),
  ];
}
