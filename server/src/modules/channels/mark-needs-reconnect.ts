import type { Db } from '../../lib/db';
import { notify } from '../notifications/notify';
import { listAdminIds, markChannelNeedsReconnect } from './channel-repository';

/**
 * A channel whose token expired or was revoked turns `needs_reconnect` and every admin is told at once,
 * in the caller's transaction. Only the move from `active` notifies: telling twice adds nothing.
 */
export async function markNeedsReconnect(db: Db, channel: { id: string; workspaceId: string; name: string }, reason: string): Promise<boolean> {
  const changed = await markChannelNeedsReconnect(db, channel.id);
  if (!changed) return false;
  await notify(db, channel.workspaceId, {
    userIds: await listAdminIds(db, channel.workspaceId),
    kind: 'channel_needs_reconnect',
    data: { title: channel.name, channel: channel.name, channelId: channel.id, reason },
    dedupeKey: `channel_needs_reconnect:${channel.id}:${new Date().toISOString()}`,
  });
  return true;
}
