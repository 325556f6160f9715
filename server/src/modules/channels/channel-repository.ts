import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

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
