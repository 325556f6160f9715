import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { recordAudit } from '../audit/record-audit';
import { timeZoneSchema } from '../workspaces/schemas';
import { findChannels, insertChannel, listChannels, updateChannelRow } from './channel-repository';
import { connectRoutes } from './connect-routes';
import { channelSchema, providerSchema } from './schemas';

const editable = {
  name: z.string().trim().min(1).max(100),
  handle: z.string().trim().min(1).max(100),
  followerCount: z.number().int().min(0).max(2_000_000_000),
  timeZone: timeZoneSchema.nullable(),
  dailyTarget: z.number().int().min(0).max(100),
};
const createBody = z.strictObject({ provider: providerSchema, ...editable }).partial({ followerCount: true, timeZone: true, dailyTarget: true });
const updateBody = z.strictObject(editable).partial();

/** Channel accounts: records, and connecting them to the networks (connect-routes.ts). */
export function channelRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/channels',
      summary: 'Channel accounts (Facebook Pages, Instagram, X)',
      tags: ['channels'],
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Channels', schema: z.object({ channels: z.array(channelSchema) }) } },
      async handler({ workspace }) {
        return { body: { channels: await listChannels(deps.prisma, workspace.id) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/channels',
      summary: 'Add a channel account record',
      tags: ['channels'],
      access: ['admin'],
      params: idParams('workspaceId'),
      body: createBody,
      responses: { 201: { description: 'Created', schema: channelSchema } },
      async handler({ auth, body, req, workspace }) {
        const dailyTarget = body.dailyTarget ?? (body.provider === 'x' ? 6 : 5);
        const channel = await deps.prisma.$transaction(async (tx) => {
          const created = await insertChannel(tx, workspace.id, { ...body, dailyTarget });
          await recordAudit(tx, actorOf(auth, req), {
            workspaceId: workspace.id,
            entityType: 'channel',
            entityId: created.id,
            action: 'channel.created',
            after: created,
          });
          return created;
        });
        return { status: 201, body: channel };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId/channels/:channelId',
      summary: 'Rename a channel or change its posting target or time zone',
      tags: ['channels'],
      access: ['admin'],
      params: idParams('workspaceId', 'channelId'),
      body: updateBody,
      responses: { 200: { description: 'Updated', schema: channelSchema } },
      async handler({ auth, body, params, req, workspace }) {
        const channel = await deps.prisma.$transaction(async (tx) => {
          const [before] = await findChannels(tx, workspace.id, [params.channelId]);
          if (!before) throw notFound('Channel');
          const after = await updateChannelRow(tx, before.id, body);
          await recordAudit(tx, actorOf(auth, req), {
            workspaceId: workspace.id,
            entityType: 'channel',
            entityId: before.id,
            action: 'channel.updated',
            before,
            after,
          });
          return after;
        });
        return { body: channel };
      },
    }),
    ...connectRoutes(deps),
  ];
}
