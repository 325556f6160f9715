import type { Db } from '../../lib/db';

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  /** Only events older than this id (keyset paging). */
  before?: string;
  limit: number;
}

export function listAuditEvents(db: Db, workspaceId: string, filter: AuditFilter) {
  return db.auditEvent.findMany({
    where: {
      workspaceId,
      entityType: filter.entityType,
      entityId: filter.entityId,
      actorUserId: filter.actorUserId,
      ...(filter.before ? { id: { lt: BigInt(filter.before) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: filter.limit,
    select: {
      id: true,
      actorUserId: true,
      actorTokenId: true,
      entityType: true,
      entityId: true,
      action: true,
      before: true,
      after: true,
      requestId: true,
      createdAt: true,
    },
  });
}
