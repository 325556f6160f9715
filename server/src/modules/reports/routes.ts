import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Deps } from '../../deps';
import { everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { exportContentCsv } from './export-content-csv';
import { getBestTimes } from './get-best-times';
import { getCadenceReport } from './get-cadence-report';
import { getContentReport } from './get-content-report';
import { getListeningReport } from './get-listening-report';
import { listeningQuery, listeningReportSchema } from './listening-schemas';
import { bestTimesQuery, bestTimesSchema, cadenceReportSchema, contentReportSchema, reportQuery } from './schemas';

export function reportRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/reports/content',
      summary:
        'Content report: published posts by channel, segment, campaign, label, format and time, engagement rate ' +
        '((reactions + comments + shares) ÷ followers at publication) against the 0.3 / 0.5 / 1 % marks, best and worst posts',
      tags: ['reports'],
      access: everyone,
      params: idParams('workspaceId'),
      query: reportQuery,
      responses: { 200: { description: 'The report; days in the workspace zone', schema: contentReportSchema } },
      async handler({ query, workspace }) {
        return { body: await getContentReport(deps, workspace.id, query) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/reports/content/posts.csv',
      summary: 'Every published post of the Content report as CSV (UTF-8 with a BOM; local times; rates in percent)',
      tags: ['reports'],
      access: everyone,
      params: idParams('workspaceId'),
      query: reportQuery,
      responses: { 200: { description: 'text/csv; charset=utf-8, as an attachment' } },
      async handler({ query, req, res, workspace }) {
        const csv = await exportContentCsv(deps, workspace.id, query);
        res.status(200).set({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${csv.filename}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        });
        try {
          await pipeline(Readable.from(csv.records), stringify({ bom: true, record_delimiter: 'windows' }), res);
        } catch (error) {
          req.log.warn({ err: error }, 'content export stopped before the end');
          res.destroy();
        }
        return {};
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/reports/cadence',
      summary: "Cadence report: posts published per day (workspace zone) and channel against the channel's daily target, streaks and gaps",
      tags: ['reports'],
      access: everyone,
      params: idParams('workspaceId'),
      query: reportQuery,
      responses: { 200: { description: 'Per channel', schema: cadenceReportSchema } },
      async handler({ query, workspace }) {
        return { body: await getCadenceReport(deps, workspace.id, query) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/reports/listening',
      summary:
        'Listening report: customer messages per day (workspace zone) by category and sentiment, top themes of complaints, ' +
        'first-response and resolution times (median, p90), the share answered within the deadline per person and channel, escalations and their age',
      tags: ['reports'],
      access: everyone,
      params: idParams('workspaceId'),
      query: listeningQuery,
      responses: { 200: { description: 'The report; times in milliseconds', schema: listeningReportSchema } },
      async handler({ query, workspace }) {
        return { body: await getListeningReport(deps, workspace.id, query) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/reports/best-times',
      summary:
        "Best times from the workspace's own history: engagement rate by weekday × hour (workspace zone) for a channel and segment, " +
        'with the number of posts behind each figure; says when there is too little data',
      tags: ['reports'],
      access: everyone,
      params: idParams('workspaceId'),
      query: bestTimesQuery,
      responses: { 200: { description: 'Suggestions, best first', schema: bestTimesSchema } },
      async handler({ query, workspace }) {
        return { body: await getBestTimes(deps, workspace.id, query) };
      },
    }),
  ];
}
