import type { Db } from '../../lib/db';
import { countUnread, markRead } from './notification-repository';

/** Marks some (or all) of the reader's own notifications read; others' ids change nothing. */
export async function markNotificationsRead(db: Db, workspaceId: string, userId: string, which: { ids: string[] } | { all: true }, now = new Date()) {
  const marked = await markRead(db, workspaceId, userId, 'all' in which ? 'all' : which.ids, now);
  return { marked, unread: await countUnread(db, workspaceId, userId) };
}
