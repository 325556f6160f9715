import type { Deps } from '../../deps';
import { everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { campaignSchema, createCampaignBody, deleteCampaign, listCampaigns, saveCampaign, updateCampaignBody } from './campaigns';

export function campaignRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/campaigns',
      summary: 'Campaigns',
      tags: ['planning'],
      access: everyone,
      params: idParams('workspaceId'),
      query: z.strictObject({ includeArchived: z.enum(['true', 'false']).optional() }),
      responses: { 200: { description: 'Campaigns', schema: z.object({ campaigns: z.array(campaignSchema) }) } },
      async handler({ query, workspace }) {
        return { body: { campaigns: await listCampaigns(deps.prisma, workspace.id, query.includeArchived === 'true') } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/campaigns',
      summary: 'Create a campaign',
      tags: ['planning'],
      access: planners,
      params: idParams('workspaceId'),
      body: createCampaignBody,
      responses: { 201: { description: 'Created', schema: campaignSchema } },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await saveCampaign(deps, actorOf(auth, req), workspace.id, null, body) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId/campaigns/:campaignId',
      summary: 'Change a campaign, or archive / restore it',
      tags: ['planning'],
      access: planners,
      params: idParams('workspaceId', 'campaignId'),
      body: updateCampaignBody,
      responses: { 200: { description: 'Updated', schema: campaignSchema } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await saveCampaign(deps, actorOf(auth, req), workspace.id, params.campaignId, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/campaigns/:campaignId',
      summary: 'Delete a campaign no post belongs to',
      tags: ['planning'],
      access: planners,
      params: idParams('workspaceId', 'campaignId'),
      responses: { 204: { description: 'Deleted' }, 409: { description: 'Posts belong to it' } },
      async handler({ auth, params, req, workspace }) {
        await deleteCampaign(deps, actorOf(auth, req), workspace.id, params.campaignId);
        return { status: 204 };
      },
    }),
  ];
}
