import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { formatTime } from '../../lib/local-time';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { findChannelZones, listSlots, lockChannel, replaceSlotRows, type SlotRow } from './slot-repository';

const view = (s: SlotRow) => ({ id: s.id, weekday: s.weekday, time: formatTime(s.minuteOfDay) });

async function channelZone(deps: Deps, workspaceId: string, channelId: string) {
  const [channel] = await findChannelZones(deps.prisma, workspaceId, [channelId]);
  if (!channel) throw notFound('Channel');
  return channel;
}

/** A channel's weekly slots, Monday first, and the zone they are in. */
export async function getSlots(deps: Deps, workspaceId: string, channelId: string) {
  const channel = await channelZone(deps, workspaceId, channelId);
  return { timeZone: channel.timeZone, slots: (await listSlots(deps.prisma, [channel.id])).map(view) };
}

/** Replaces a channel's set of weekly slots (duplicates count once); audited with before and after. */
export async function replaceSlots(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  channelId: string,
  slots: Array<{ weekday: number; minuteOfDay: number }>,
) {
  const channel = await channelZone(deps, workspaceId, channelId);
  const unique = [...new Map(slots.map((s) => [`${s.weekday}:${s.minuteOfDay}`, s])).values()];
  const after = await deps.prisma.$transaction(async (tx) => {
    await lockChannel(tx, channel.id);
    const before = (await listSlots(tx, [channel.id])).map(view);
    await replaceSlotRows(tx, channel.id, unique);
    const saved = (await listSlots(tx, [channel.id])).map(view);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'channel',
      entityId: channel.id,
      action: 'channel.slots_replaced',
      before: before.map(({ weekday, time }) => ({ weekday, time })),
      after: saved.map(({ weekday, time }) => ({ weekday, time })),
    });
    return saved;
  });
  return { timeZone: channel.timeZone, slots: after };
}
