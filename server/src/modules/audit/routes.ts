import type { Deps } from '../../deps';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { listAuditEvents } from './audit-repository';

const auditEventSchema = z
  .object({
    id: z.string(),
    actorUserId: z.string().nullable(),
    actorTokenId: z.string().nullable(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    createdAt: z.date(),
  })
  .openapi('AuditEvent');

const auditQuery = z.strictObject({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
  before: z.string().regex(/^\d+$/, 'must be an event id').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function auditRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/audit',
      summary: 'Audit log, newest first (page with `before`)',
      tags: ['audit'],
      access: ['admin'],
      params: idParams('workspaceId'),
      query: auditQuery,
      responses: {
        200: { description: 'Events', schema: z.object({ events: z.array(auditEventSchema), nextBefore: z.string().nullable() }) },
      },
      async handler({ query, workspace }) {
        const rows = await listAuditEvents(deps.prisma, workspace.id, query);
        const events = rows.map((r) => ({ ...r, id: r.id.toString() }));
        return { body: { events, nextBefore: events.length === query.limit ? (events.at(-1)?.id ?? null) : null } };
      },
    }),
  ];
}
