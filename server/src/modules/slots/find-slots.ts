import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { formatLocal } from '../../lib/local-time';
import { isTaken, slotInstants } from './slot-instants';
import { findChannelZones, listSlots, scheduledTimes } from './slot-repository';

const MINUTE = 60_000;
export const NEXT_FREE_SEARCH_DAYS = 56;

export interface SlotInstant {
  channelAccountId: string;
  at: string;
  local: string;
  taken: boolean;
}

/** Sorted scheduled times per channel, widened by a minute so a variant just outside the range still counts. */
async function takenTimes(deps: Deps, workspaceId: string, channelIds: string[], from: Date, to: Date) {
  const rows = await scheduledTimes(deps.prisma, workspaceId, channelIds, new Date(from.getTime() - MINUTE), new Date(to.getTime() + MINUTE));
  const byChannel = new Map<string, number[]>();
  for (const r of rows) {
    if (r.scheduledAt) byChannel.set(r.channelAccountId, [...(byChannel.get(r.channelAccountId) ?? []), r.scheduledAt.getTime()]);
  }
  for (const times of byChannel.values()) times.sort((a, b) => a - b);
  return byChannel;
}

/**
 * Every slot instant of the workspace's channels (or the listed ones) in [from, to), each in its
 * channel's zone, and whether a live variant of that channel is planned within a minute of it.
 */
export async function upcomingSlots(deps: Deps, workspaceId: string, range: { from: Date; to: Date; channelIds?: string[] }): Promise<SlotInstant[]> {
  const channels = await findChannelZones(deps.prisma, workspaceId, range.channelIds);
  const slots = await listSlots(
    deps.prisma,
    channels.map((c) => c.id),
  );
  const withSlots = channels.filter((c) => slots.some((s) => s.channelAccountId === c.id));
  if (!withSlots.length) return [];
  const taken = await takenTimes(
    deps,
    workspaceId,
    withSlots.map((c) => c.id),
    range.from,
    range.to,
  );
  const out = withSlots.flatMap((c) =>
    slotInstants(
      slots.filter((s) => s.channelAccountId === c.id),
      c.timeZone,
      range.from,
      range.to,
    ).map((at) => ({ channelAccountId: c.id, at: at.toISOString(), local: formatLocal(at, c.timeZone), taken: isTaken(taken.get(c.id) ?? [], at) })),
  );
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.channelAccountId.localeCompare(b.channelAccountId));
}

/** The first free slot of a channel strictly after `after`, looking eight weeks ahead. */
export async function nextFreeSlot(deps: Deps, workspaceId: string, channelId: string, after: Date): Promise<{ at: string; local: string }> {
  const [channel] = await findChannelZones(deps.prisma, workspaceId, [channelId]);
  if (!channel) throw notFound('Channel');
  const slots = await listSlots(deps.prisma, [channel.id]);
  if (!slots.length) throw new AppError('no_free_slot', 'This channel has no posting slots defined', { reason: 'no_slots' });
  const from = new Date(after.getTime() + 1);
  const to = new Date(after.getTime() + NEXT_FREE_SEARCH_DAYS * 86_400_000);
  const taken = (await takenTimes(deps, workspaceId, [channel.id], from, to)).get(channel.id) ?? [];
  const free = slotInstants(slots, channel.timeZone, from, to).find((at) => !isTaken(taken, at));
  if (!free) {
    throw new AppError('no_free_slot', `Every posting slot in the ${NEXT_FREE_SEARCH_DAYS / 7} weeks after ${after.toISOString()} is taken`, {
      reason: 'all_taken',
      searchedUntil: to.toISOString(),
    });
  }
  return { at: free.toISOString(), local: formatLocal(free, channel.timeZone) };
}
