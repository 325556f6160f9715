import type { Deps } from '../../deps';
import { everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { actorOf } from '../audit/actor';
import { createSeries } from './create-series';
import { deleteSeries } from './delete-series';
import { editSeries } from './edit-series';
import { getSeries } from './get-series';
import {
  createdSeriesSchema,
  createSeriesBody,
  deletedSeriesSchema,
  deleteSeriesQuery,
  editedSeriesSchema,
  editSeriesBody,
  seriesSchema,
} from './schemas';

const unprocessable = { description: 'A network rule or reference failed for an occurrence; `details` lists the problems' };

/** Recurring posts: a series is an RRULE on the workspace's wall clock and one post per occurrence. */
export function seriesRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/series',
      summary: 'Create a recurring post: the composer body, the first variant time, an RRULE and a horizon in days',
      tags: ['series'],
      access: planners,
      params: idParams('workspaceId'),
      body: createSeriesBody,
      responses: {
        201: { description: 'The series and its occurrences; warnings of the first, per variant', schema: createdSeriesSchema },
        422: unprocessable,
      },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await createSeries(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/series/:seriesId',
      summary: 'A series: its rule, exceptions and live occurrences',
      tags: ['series'],
      access: everyone,
      params: idParams('workspaceId', 'seriesId'),
      responses: { 200: { description: 'The series', schema: seriesSchema } },
      async handler({ params, workspace }) {
        return { body: await getSeries(deps.prisma, workspace.id, params.seriesId) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId/series/:seriesId',
      summary: 'Edit one occurrence (`this`, which becomes an exception), it and the later ones (`following`), or `all`',
      tags: ['series'],
      access: planners,
      params: idParams('workspaceId', 'seriesId'),
      body: editSeriesBody,
      responses: { 200: { description: 'Edited occurrences and the ones skipped, with why', schema: editedSeriesSchema }, 422: unprocessable },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await editSeries(deps, actorOf(auth, req), workspace.id, params.seriesId, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/series/:seriesId',
      summary: 'Delete (soft) the unpublished occurrences from `postId` on (`scope=following`) or all of them (`scope=all`)',
      tags: ['series'],
      access: planners,
      params: idParams('workspaceId', 'seriesId'),
      query: deleteSeriesQuery,
      responses: { 200: { description: 'Deleted occurrences and the published ones kept', schema: deletedSeriesSchema } },
      async handler({ auth, params, query, req, workspace }) {
        return { body: await deleteSeries(deps, actorOf(auth, req), workspace.id, params.seriesId, query) };
      },
    }),
  ];
}
