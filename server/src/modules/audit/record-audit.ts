import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

export interface AuditActor {
  userId?: string;
  tokenId?: string;
  requestId?: string;
}

export interface AuditEntry {
  workspaceId?: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

const asJson = (value: unknown) => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue));

/** Records one state change. Call it with the same transaction as the change itself. */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      workspaceId: entry.workspaceId ?? null,
      actorUserId: actor.userId ?? null,
      actorTokenId: actor.tokenId ?? null,
      requestId: actor.requestId ?? null,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      before: asJson(entry.before),
      after: asJson(entry.after),
    },
    select: { id: true },
  });
}
