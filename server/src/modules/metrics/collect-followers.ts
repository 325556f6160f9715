/**
 * Follower counts, once a day per channel: every hour the fan-out queues one job per active channel
 * without today's reading (workspace zone); the job reads the count and appends it (once per day).
 */

import type { Queue } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { ProviderError } from '../../channels/providers/provider';
import type { Deps } from '../../deps';
import { markNeedsReconnect } from '../channels/mark-needs-reconnect';
import { enqueueFollowers, type FollowersJobData } from './metrics-jobs';
import { channelsWithoutFollowerReading, findFollowerTarget, hasFollowerReading, recordFollowers } from './metrics-repository';
import { type ProviderLookup, readingAccount } from './read-account';

export const FAN_OUT_FOLLOWERS_EVERY_MS = 60 * 60_000;

export async function fanOutFollowers(deps: Deps, queue: Queue) {
  const channels = await channelsWithoutFollowerReading(deps.prisma);
  for (const c of channels) await enqueueFollowers(queue, { channelAccountId: c.id, day: c.day });
  return { queued: channels.length };
}

export async function collectFollowers(deps: Deps, data: FollowersJobData, providers?: ProviderLookup, now = new Date()) {
  const channel = await findFollowerTarget(deps.prisma, data.channelAccountId);
  if (channel?.status !== 'active' || !channel.credentials || !channel.remoteId) return { outcome: 'skipped', reason: 'not connected' };
  if (await hasFollowerReading(deps.prisma, channel.id, data.day)) return { outcome: 'skipped', reason: 'read already' };
  try {
    const { provider, account } = await readingAccount(deps, channel, providers);
    const followers = await provider.followerCount(account);
    await recordFollowers(deps.prisma, channel, data.day, followers, now);
    return { outcome: 'collected', followers };
  } catch (error) {
    if (error instanceof ProviderError && error.kind === 'auth_expired') {
      await markNeedsReconnect(deps.prisma, { id: channel.id, workspaceId: channel.workspaceId, name: channel.name }, error.message);
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
}
