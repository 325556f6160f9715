import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Deps } from '../../deps';
import { everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { actorOf } from '../audit/actor';
import { parseRange } from '../calendar/query';
import { exportPlan } from './export-plan';
import { importPlan } from './import-plan';
import { MAX_CSV_ROWS } from './parse-plan-csv';
import { MAX_CSV_BYTES, receiveCsv } from './receive-csv';
import { commitSchema, dryRunSchema, exportQuery, importQuery } from './schemas';

/** Bulk planning in spreadsheets: import a plan CSV (dry run, then all or nothing), export the filtered plan. */
export function planCsvRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/plan/import',
      summary:
        'Import a plan CSV (columns and codes in docs/CSV.md): `multipart/form-data` with one `file` field, or a `text/csv` body, ' +
        `at most ${MAX_CSV_BYTES / 1024 / 1024} MB and ${MAX_CSV_ROWS} rows. \`mode=dry_run\` reports every problem by row and column ` +
        'and writes nothing; `mode=commit` creates every post in one transaction, or nothing (422 with the same problems).',
      tags: ['plan-csv'],
      access: planners,
      params: idParams('workspaceId'),
      query: importQuery,
      responses: {
        200: { description: 'Dry run: what would be imported, and every problem', schema: dryRunSchema },
        201: { description: 'Committed: the new posts', schema: commitSchema },
        400: { description: 'Not a readable CSV (the line is in the message and `details.line`)' },
        413: { description: `Larger than ${MAX_CSV_BYTES / 1024 / 1024} MB` },
        415: { description: 'Neither multipart/form-data nor text/csv' },
        422: { description: `Commit refused: \`details\` lists every problem as { row, column, code, message }; or more than ${MAX_CSV_ROWS} rows` },
      },
      async handler({ auth, query, req, workspace }) {
        const csv = await receiveCsv(req);
        const result = await importPlan(deps, actorOf(auth, req), workspace.id, csv, query.mode);
        return { status: result.mode === 'commit' ? 201 : 200, body: result };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/plan/export.csv',
      summary:
        'The plan of a time range (at most 100 days) with the calendar’s filters, as a CSV the import reads back: UTF-8 with a BOM, ' +
        "headers in `lang` (en or ko), times in the workspace zone, formula-like cells prefixed with `'`.",
      tags: ['plan-csv'],
      access: everyone,
      params: idParams('workspaceId'),
      query: exportQuery,
      responses: { 200: { description: 'text/csv; charset=utf-8, as an attachment' } },
      async handler({ query, req, res, workspace }) {
        const { lang, ...filter } = query;
        const plan = await exportPlan(deps, workspace.id, { ...filter, ...parseRange(query) }, lang);
        res.status(200).set({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${plan.filename}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        });
        try {
          await pipeline(stringify(plan.records, { bom: true, record_delimiter: 'windows' }), res);
        } catch (error) {
          req.log.warn({ err: error }, 'plan export stopped before the end');
          res.destroy();
        }
        return {};
      },
    }),
  ];
}
