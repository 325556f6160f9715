import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { createSegment, deleteSegment, updateSegment } from './manage-segments';
import { createSegmentBody, segmentSchema, updateSegmentBody } from './schemas';
import { findSegment, listSegments } from './segment-repository';

export function segmentRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/segments',
      summary: 'Target segments (audiences)',
      tags: ['planning'],
      access: everyone,
      params: idParams('workspaceId'),
      query: z.strictObject({ includeArchived: z.enum(['true', 'false']).optional() }),
      responses: { 200: { description: 'Segments', schema: z.object({ segments: z.array(segmentSchema) }) } },
      async handler({ query, workspace }) {
        return { body: { segments: await listSegments(deps.prisma, workspace.id, query.includeArchived === 'true') } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/segments/:segmentId',
      summary: 'One segment',
      tags: ['planning'],
      access: everyone,
      params: idParams('workspaceId', 'segmentId'),
      responses: { 200: { description: 'The segment', schema: segmentSchema } },
      async handler({ params, workspace }) {
        const segment = await findSegment(deps.prisma, workspace.id, params.segmentId);
        if (!segment) throw notFound('Segment');
        return { body: segment };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/segments',
      summary: 'Create a segment: regions, ages, genders, languages, interests',
      tags: ['planning'],
      access: planners,
      params: idParams('workspaceId'),
      body: createSegmentBody,
      responses: { 201: { description: 'Created', schema: segmentSchema }, 409: { description: 'The name is taken' } },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await createSegment(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId/segments/:segmentId',
      summary: 'Change a segment, or archive / restore it (`archived`)',
      tags: ['planning'],
      access: planners,
      params: idParams('workspaceId', 'segmentId'),
      body: updateSegmentBody,
      responses: { 200: { description: 'Updated', schema: segmentSchema } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await updateSegment(deps, actorOf(auth, req), workspace.id, params.segmentId, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/segments/:segmentId',
      summary: 'Delete an unused segment (409 with the posts that use it otherwise)',
      tags: ['planning'],
      access: planners,
      params: idParams('workspaceId', 'segmentId'),
      responses: { 204: { description: 'Deleted' }, 409: { description: 'In use; `details.posts` lists them' } },
      async handler({ auth, params, req, workspace }) {
        await deleteSegment(deps, actorOf(auth, req), workspace.id, params.segmentId);
        return { status: 204 };
      },
    }),
  ];
}
