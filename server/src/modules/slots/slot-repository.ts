import type { Db } from '../../lib/db';

export interface SlotRow {
  id: string;
  channelAccountId: string;
  weekday: number;
  minuteOfDay: number;
}

const slotSelect = { id: true, channelAccountId: true, weekday: true, minuteOfDay: true } as const;

/** Channels of the workspace (all of them, or the listed ones) with the zone their slots are in. */
export async function findChannelZones(db: Db, workspaceId: string, ids?: string[]) {
  const rows = await db.channelAccount.findMany({
    where: { workspaceId, ...(ids ? { id: { in: ids } } : {}) },
    orderBy: { id: 'asc' },
    select: { id: true, timeZone: true, workspace: { select: { timeZone: true } } },
  });
  return rows.map((c) => ({ id: c.id, timeZone: c.timeZone ?? c.workspace.timeZone }));
}

export function listSlots(db: Db, channelIds: string[]): Promise<SlotRow[]> {
  return db.postingSlot.findMany({
    where: { channelAccountId: { in: channelIds } },
    orderBy: [{ channelAccountId: 'asc' }, { weekday: 'asc' }, { minuteOfDay: 'asc' }],
    select: slotSelect,
  });
}

/** Serialises slot replacements of one channel (two planners saving at once). */
export async function lockChannel(db: Db, id: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "ChannelAccount" WHERE id = ${id}::uuid FOR UPDATE`;
}

export async function replaceSlotRows(db: Db, channelAccountId: string, slots: Array<{ weekday: number; minuteOfDay: number }>): Promise<void> {
  await db.postingSlot.deleteMany({ where: { channelAccountId } });
  if (slots.length) await db.postingSlot.createMany({ data: slots.map((s) => ({ ...s, channelAccountId })) });
}

/**
 * Times of live variants (not deleted, not canceled, post not deleted) of these channels in [from, to]:
 * what makes a slot taken.
 */
export function scheduledTimes(db: Db, workspaceId: string, channelIds: string[], from: Date, to: Date) {
  return db.variant.findMany({
    where: {
      workspaceId,
      channelAccountId: { in: channelIds },
      scheduledAt: { gte: from, lte: to },
      deletedAt: null,
      state: { not: 'canceled' },
      post: { deletedAt: null },
    },
    select: { channelAccountId: true, scheduledAt: true },
  });
}
