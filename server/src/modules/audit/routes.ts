import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Deps } from '../../deps';
import { adminOnly } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { todayIn } from '../plan-csv/plan-times';
import { findWorkspace } from '../workspaces/workspace-repository';
import { listAuditEvents } from './audit-repository';
import { exportAudit, MAX_AUDIT_EXPORT_ROWS } from './export-audit';

const auditEventSchema = z
  .object({
    id: z.string(),
    actorUserId: z.string().nullable(),
    actorTokenId: z.string().nullable(),
    actor: z.object({ userId: z.uuid(), name: z.string().nullable() }).nullable().openapi({ description: 'Who acted (null for the system)' }),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    createdAt: z.date(),
  })
  .openapi('AuditEvent');

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant with an offset' }).transform((s) => new Date(s));

const filterFields = {
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  from: instant.optional().openapi({ description: 'Events at or after this instant' }),
  to: instant.optional().openapi({ description: 'Events before this instant' }),
};
const checkRange = (q: { from?: Date; to?: Date }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
};

const auditQuery = z
  .strictObject({
    ...filterFields,
    before: z.string().regex(/^\d+$/, 'must be an event id').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine(checkRange);
const exportQuery = z.strictObject(filterFields).superRefine(checkRange);

export function auditRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/audit',
      summary: 'Audit log, newest first (page with `before`); filter by entity, actor, action and time range',
      tags: ['audit'],
      access: adminOnly,
      params: idParams('workspaceId'),
      query: auditQuery,
      responses: {
        200: { description: 'Events', schema: z.object({ events: z.array(auditEventSchema), nextBefore: z.string().nullable() }) },
      },
      async handler({ query, workspace }) {
        const events = await listAuditEvents(deps.prisma, workspace.id, query);
        return { body: { events, nextBefore: events.length === query.limit ? (events.at(-1)?.id ?? null) : null } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/audit/export.csv',
      summary:
        `The audit log with the same filters as CSV (UTF-8 with a BOM, newest first, at most ${MAX_AUDIT_EXPORT_ROWS} rows; ` +
        "times as UTC instants; before/after as JSON; formula-like cells prefixed with `'`).",
      tags: ['audit'],
      access: adminOnly,
      params: idParams('workspaceId'),
      query: exportQuery,
      responses: { 200: { description: 'text/csv; charset=utf-8, as an attachment' } },
      async handler({ query, req, res, workspace }) {
        const ws = await findWorkspace(deps.prisma, workspace.id);
        const filename = `sotong-audit-${todayIn(ws?.timeZone ?? 'UTC')}.csv`;
        res.status(200).set({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${filename}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        });
        try {
          await pipeline(Readable.from(exportAudit(deps, workspace.id, query)), stringify({ bom: true, record_delimiter: 'windows' }), res);
        } catch (error) {
          req.log.warn({ err: error }, 'audit export stopped before the end');
          res.destroy();
        }
        return {};
      },
    }),
  ];
}
