import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  action?: string;
  /** Events at or after this instant. */
  from?: Date;
  /** Events before this instant. */
  to?: Date;
  /** Only events older than this id (keyset paging). */
  before?: string;
  limit: number;
}

const auditSelect = {
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
} as const;

function whereOf(workspaceId: string, filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    workspaceId,
    entityType: filter.entityType,
    entityId: filter.entityId,
    actorUserId: filter.actorUserId,
    action: filter.action,
    ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
    ...(filter.before ? { id: { lt: BigInt(filter.before) } } : {}),
  };
}

/**
 * A page of a workspace's audit log, newest first, each event with its actor's name. Names come
 * from one lookup of the page's distinct actors (two queries per page, whatever its size).
 */
export async function listAuditEvents(db: Db, workspaceId: string, filter: AuditFilter) {
  const rows = await db.auditEvent.findMany({
    where: whereOf(workspaceId, filter),
    orderBy: { id: 'desc' },
    take: filter.limit,
    select: auditSelect,
  });
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])))];
  const users = actorIds.length ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    ...r,
    id: r.id.toString(),
    actor: r.actorUserId ? { userId: r.actorUserId, name: names.get(r.actorUserId) ?? null } : null,
  }));
}
export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>[number];
