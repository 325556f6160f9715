import type { Deps } from '../../deps';
import { adminOnly, everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { getPublishingStatus } from './get-publishing-status';
import { heldVariants, publishNow, retryVariant, setPaused } from './manage-publishing';
import { publishQueue } from './sync-post-jobs';

const pauseBody = z.strictObject({ channelId: z.uuid().optional() });
const statusSchema = z.object({
  paused: z.boolean(),
  pausedAt: z.date().nullable(),
  pausedChannels: z.array(z.object({ id: z.uuid(), name: z.string(), pausedAt: z.date().nullable() })),
});
const heldSchema = z.object({
  held: z.array(
    z.object({
      id: z.uuid(),
      postId: z.uuid(),
      text: z.string(),
      scheduledAt: z.date().nullable(),
      heldAt: z.date().nullable(),
      channelAccount: z.object({ id: z.uuid(), name: z.string(), provider: z.string(), pausedAt: z.date().nullable() }),
      post: z.object({ title: z.string() }),
    }),
  ),
});

export function publishingRoutes(deps: Deps) {
  const pauseRoute = (paused: boolean) =>
    defineRoute({
      method: 'post',
      path: `/workspaces/:workspaceId/publishing/${paused ? 'pause' : 'resume'}`,
      summary: paused
        ? 'Crisis pause: stop all publishing of the workspace (or of one channel); due variants are held'
        : 'Resume publishing; answers the variants that became due meanwhile — none goes out on its own',
      tags: ['publishing'],
      access: adminOnly,
      params: idParams('workspaceId'),
      body: pauseBody,
      responses: { 200: { description: 'Held variants', schema: heldSchema } },
      async handler({ auth, body, req, workspace }) {
        return { body: { held: await setPaused(deps, actorOf(auth, req), workspace.id, { ...body, paused }) } };
      },
    });
  return [
    pauseRoute(true),
    pauseRoute(false),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/publishing/status',
      summary: 'Whether publishing is paused (the workspace, and which channels): every member sees the banner',
      tags: ['publishing'],
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Pause state', schema: statusSchema } },
      async handler({ workspace }) {
        return { body: await getPublishingStatus(deps.prisma, workspace.id) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/publishing/held',
      summary: 'Variants that are due but held (paused, or too late to go out on their own)',
      tags: ['publishing'],
      access: planners,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Held variants', schema: heldSchema } },
      async handler({ workspace }) {
        return { body: { held: await heldVariants(deps.prisma, workspace.id) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/variants/:variantId/publish-now',
      summary: 'Publish a held variant now',
      tags: ['publishing'],
      access: adminOnly,
      params: idParams('workspaceId', 'variantId'),
      responses: {
        200: { description: 'Queued for now', schema: z.object({ variantId: z.uuid(), scheduledAt: z.date() }) },
        409: { description: 'Not held, or paused' },
      },
      async handler({ auth, params, req, workspace }) {
        return { body: await publishNow(deps, actorOf(auth, req), workspace.id, params.variantId) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/variants/:variantId/retry',
      summary: 'Try a failed variant again',
      tags: ['publishing'],
      access: planners,
      params: idParams('workspaceId', 'variantId'),
      responses: {
        200: { description: 'Queued again', schema: z.object({ variantId: z.uuid(), state: z.string() }) },
        409: { description: 'Not failed' },
      },
      async handler({ auth, params, req, workspace }) {
        return { body: await retryVariant(deps, actorOf(auth, req), workspace.id, params.variantId) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/publishing/health',
      summary: 'Queue health: jobs by state (all workspaces share the queue) and the reconciler’s last run',
      tags: ['publishing'],
      access: adminOnly,
      params: idParams('workspaceId'),
      responses: {
        200: {
          description: 'Health',
          schema: z.object({ counts: z.record(z.string(), z.number()), lastReconcile: z.unknown(), paused: z.boolean() }),
        },
      },
      async handler({ workspace }) {
        const [counts, last, ws] = await Promise.all([
          publishQueue(deps).getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed'),
          deps.redis.get(`${deps.redisPrefix}:publishing:last-reconcile`),
          deps.prisma.workspace.findUnique({ where: { id: workspace.id }, select: { publishingPausedAt: true } }),
        ]);
        return { body: { counts, lastReconcile: last ? JSON.parse(last) : null, paused: !!ws?.publishingPausedAt } };
      },
    }),
  ];
}
