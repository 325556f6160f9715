import type { ChannelProvider, Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';
import { memberIdsWithAnyRole } from '../workspaces/membership-repository';

export const channelSelect = {
  id: true,
  provider: true,
  name: true,
  handle: true,
  avatarUrl: true,
  followerCount: true,
  timeZone: true,
  dailyTarget: true,
  status: true,
  remoteId: true,
  tokenExpiresAt: true,
} as const;

export function listChannels(db: Db, workspaceId: string) {
  return db.channelAccount.findMany({ where: { workspaceId }, orderBy: [{ provider: 'asc' }, { name: 'asc' }], select: channelSelect });
}

export function findChannels(db: Db, workspaceId: string, ids: string[]) {
  return db.channelAccount.findMany({ where: { workspaceId, id: { in: ids } }, select: channelSelect });
}

export function insertChannel(db: Db, workspaceId: string, data: Omit<Prisma.ChannelAccountUncheckedCreateInput, 'workspaceId'>) {
  return db.channelAccount.create({ data: { ...data, workspaceId }, select: channelSelect });
}

export function updateChannelRow(db: Db, id: string, data: Prisma.ChannelAccountUncheckedUpdateInput) {
  return db.channelAccount.update({ where: { id }, data, select: channelSelect });
}

/** The row a connection is written to: this workspace's account of that network with that remote id. */
export function findChannelByRemoteId(db: Db, workspaceId: string, provider: ChannelProvider, remoteId: string) {
  return db.channelAccount.findFirst({ where: { workspaceId, provider, remoteId }, orderBy: { createdAt: 'asc' }, select: { id: true } });
}

/** Holds the row until the transaction ends (a token refresh must not run twice with one refresh token). */
export async function lockChannel(db: Db, id: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "ChannelAccount" WHERE id = ${id}::uuid FOR UPDATE`;
}

/** The stored (encrypted) credentials: only for the code that decrypts them, never for a response. */
export function findChannelSecret(db: Db, id: string) {
  return db.channelAccount.findUnique({
    where: { id },
    select: {
      id: true,
      workspaceId: true,
      provider: true,
      name: true,
      status: true,
      remoteId: true,
      credentials: true,
      credentialsKeyId: true,
      tokenExpiresAt: true,
    },
  });
}

/** Active X channels whose access token ends before `before` (the refresh job's work list). */
export async function listXChannelsExpiringBefore(db: Db, before: Date): Promise<string[]> {
  const rows = await db.channelAccount.findMany({
    where: { provider: 'x', status: 'active', credentials: { not: null }, tokenExpiresAt: { lt: before } },
    select: { id: true },
    take: 500,
  });
  return rows.map((r) => r.id);
}

/** Turns an active channel `needs_reconnect`; false when it was not active (nothing changed). */
export async function markChannelNeedsReconnect(db: Db, id: string): Promise<boolean> {
  const { count } = await db.channelAccount.updateMany({ where: { id, status: 'active' }, data: { status: 'needs_reconnect' } });
  return count > 0;
}

/** Admins of a workspace. */
export function listAdminIds(db: Db, workspaceId: string): Promise<string[]> {
  return memberIdsWithAnyRole(db, workspaceId, ['admin']);
}
