import { randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import type { Role } from '../../lib/http/zod';

export const INVITE_DAYS = 7;
const inviteSelect = { id: true, email: true, roles: true, expiresAt: true, createdAt: true, invitedBy: { select: { name: true } } } as const;

export async function createInvite(db: Db, data: { workspaceId: string; email: string; roles: Role[]; invitedById: string }) {
  const token = randomToken('', 24);
  const invite = await db.invite.create({
    data: { ...data, tokenHash: sha256(token), expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000) },
    select: inviteSelect,
  });
  return { token, invite };
}

export function listPendingInvites(db: Db, workspaceId: string) {
  return db.invite.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
    select: inviteSelect,
  });
}

export function findInviteByToken(db: Db, token: string) {
  return db.invite.findUnique({
    where: { tokenHash: sha256(token) },
    select: { ...inviteSelect, workspaceId: true, acceptedAt: true, revokedAt: true, workspace: { select: { id: true, name: true } } },
  });
}

export function findPendingInvite(db: Db, workspaceId: string, id: string) {
  return db.invite.findFirst({ where: { id, workspaceId, acceptedAt: null, revokedAt: null }, select: { id: true, email: true } });
}

export async function markInvite(db: Db, id: string, change: { acceptedAt?: Date; revokedAt?: Date }): Promise<boolean> {
  // Conditional update: two concurrent accepts cannot both win.
  const { count } = await db.invite.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: change });
  return count === 1;
}

export async function deleteExpiredInvites(db: Db, olderThan: Date): Promise<number> {
  const { count } = await db.invite.deleteMany({ where: { expiresAt: { lt: olderThan }, acceptedAt: null } });
  return count;
}
