import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { publishRealtime } from '../../realtime/publish';
import type { Viewer } from './conversation-queries';
import { findConversationsIn, markAllRead, markConversationsRead } from './inbox-repository';
import { unreadCount } from './list-conversations';

/**
 * Marks conversations read for me (up to now) and answers my unread count; my other tabs hear it so
 * their badge follows. Ids of other workspaces' conversations match nothing.
 */
export async function markRead(deps: Deps, viewer: Viewer, which: { ids: string[] } | { all: true }) {
  if ('all' in which) {
    await markAllRead(deps.prisma, viewer.workspaceId, viewer.userId, viewer.now);
  } else {
    const ids = (await findConversationsIn(deps.prisma, viewer.workspaceId, which.ids)).map((c) => c.id);
    // One conversation asked for by id that is not in this workspace: as for every other route, 404.
    if (which.ids.length === 1 && ids.length === 0) throw new AppError('not_found', 'No such conversation in this workspace');
    await markConversationsRead(deps.prisma, viewer.userId, ids, viewer.now);
  }
  const unread = await unreadCount(deps, viewer);
  // One event is enough: a tab refetches its counts on any `read` (conversationId `all` after "mark all read").
  publishRealtime(deps, { userId: viewer.userId }, 'inbox.conversation', {
    workspaceId: viewer.workspaceId,
    conversationId: 'all' in which ? 'all' : (which.ids[0] ?? 'all'),
    change: 'read',
    byUserId: viewer.userId,
  });
  return { unread };
}
