import { randomToken, sha256 } from '../../lib/crypto';
import type { Db } from '../../lib/db';
import type { Role } from '../../lib/http/zod';
import { publicUserSelect } from '../auth/user-repository';

export const TOKEN_PREFIX = 'stk_';
const tokenSelect = { id: true, name: true, prefix: true, roles: true, createdAt: true, lastUsedAt: true, expiresAt: true } as const;

export async function createToken(db: Db, data: { workspaceId: string; userId: string; name: string; roles: Role[]; expiresAt: Date | null }) {
  const secret = randomToken(TOKEN_PREFIX, 32);
  const token = await db.apiToken.create({
    data: { ...data, prefix: secret.slice(0, TOKEN_PREFIX.length + 6), tokenHash: sha256(secret) },
    select: tokenSelect,
  });
  return { token, secret };
}

export function listTokens(db: Db, workspaceId: string, userId: string) {
  return db.apiToken.findMany({
    where: { workspaceId, userId, revokedAt: null },
    orderBy: { createdAt: 'desc' },
    select: tokenSelect,
  });
}

export function findToken(db: Db, workspaceId: string, id: string) {
  return db.apiToken.findFirst({ where: { id, workspaceId, revokedAt: null }, select: { ...tokenSelect, userId: true } });
}

export async function revokeToken(db: Db, id: string): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, select: { id: true } });
}

/** Resolves a bearer secret to a live token and its owner. */
export async function findLiveToken(db: Db, secret: string) {
  const token = await db.apiToken.findUnique({
    where: { tokenHash: sha256(secret) },
    select: { id: true, workspaceId: true, roles: true, expiresAt: true, revokedAt: true, lastUsedAt: true, user: { select: publicUserSelect } },
  });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt.getTime() <= Date.now())) return null;
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() }, select: { id: true } });
  }
  return token;
}

export async function revokeMemberTokens(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.apiToken.updateMany({ where: { workspaceId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
