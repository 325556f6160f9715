import type { Db } from '../../lib/db';
import { countUnread, listNotificationRows } from './notification-repository';

/** A reader's own notifications, newest first, with how many are unread. */
export async function listNotifications(db: Db, workspaceId: string, userId: string, page: { before?: string; limit: number }) {
  const [rows, unread] = await Promise.all([listNotificationRows(db, workspaceId, userId, page), countUnread(db, workspaceId, userId)]);
  const notifications = rows.map((r) => ({ ...r, data: (r.data ?? {}) as Record<string, unknown> }));
  return { notifications, unread, nextBefore: rows.length === page.limit ? (rows.at(-1)?.id ?? null) : null };
}
