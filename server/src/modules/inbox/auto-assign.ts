import type { Deps } from '../../deps';
import { notifyAssigned } from './assignees';
import { conversationsChanged } from './inbox-events';
import {
  assignConversations,
  communityManagers,
  findConversationsIn,
  findInboxSettings,
  lockInboxSettings,
  setLastAssigned,
} from './inbox-repository';
import { onlineMemberIds } from './online-members';

/** The next person after `last` in `pool` (in the pool's order), wrapping around. */
export function nextInTurn<T extends { id: string }>(pool: T[], last: string | null): T | undefined {
  if (!pool.length) return undefined;
  const at = last ? pool.findIndex((p) => p.id === last) : -1;
  return pool[(at + 1) % pool.length];
}

/**
 * Round-robin for new conversations when the workspace turned `autoAssign` on: each open, unassigned one
 * goes to the next community manager who is online now (connected through the real-time layer), in the
 * order of their membership; nobody online → they stay unassigned. The turn is kept in InboxSettings
 * (locked while assigning, so two processes never give two conversations the same turn).
 *
 * Ingestion calls it for the conversations it has just created.
 */
export async function autoAssign(deps: Deps, workspaceId: string, conversationIds: string[], online?: Set<string>) {
  if (!conversationIds.length) return { assigned: 0 };
  const settings = await findInboxSettings(deps.prisma, workspaceId);
  if (!settings?.autoAssign) return { assigned: 0 };
  const here = online ?? (await onlineMemberIds(deps, workspaceId));
  const pool = (await communityManagers(deps.prisma, workspaceId)).filter((m) => here.has(m.id));
  if (!pool.length) return { assigned: 0 };
  const now = new Date();
  const done = await deps.prisma.$transaction(async (tx) => {
    await lockInboxSettings(tx, workspaceId);
    const turn = await findInboxSettings(tx, workspaceId);
    let last = turn?.lastAssignedUserId ?? null;
    const rows = (await findConversationsIn(tx, workspaceId, conversationIds)).filter((c) => !c.assigneeId && c.status !== 'closed');
    const assigned: Array<{ id: string; assigneeId: string }> = [];
    for (const row of rows) {
      const next = nextInTurn(pool, last);
      if (!next) break;
      const changed = await assignConversations(tx, [row.id], next.id);
      if (!changed.length) continue;
      await notifyAssigned(tx, workspaceId, [row], next.id, null, now);
      assigned.push({ id: row.id, assigneeId: next.id });
      last = next.id;
    }
    if (last && last !== turn?.lastAssignedUserId) await setLastAssigned(tx, workspaceId, last);
    return assigned;
  });
  for (const a of done) conversationsChanged(deps, workspaceId, [a.id], 'assigned', { assigneeId: a.assigneeId, byUserId: null });
  return { assigned: done.length };
}

/**
 * After ingestion committed: new (and reopened) conversations go through the round-robin of their
 * workspace. Best effort — a failure is logged and the conversations stay unassigned.
 */
export async function autoAssignIngested(
  deps: Deps,
  conversations: Array<{ workspaceId: string; conversationId: string; change: string }>,
): Promise<void> {
  const byWorkspace = new Map<string, string[]>();
  for (const c of conversations) {
    if (c.change !== 'created' && c.change !== 'reopened') continue;
    byWorkspace.set(c.workspaceId, [...(byWorkspace.get(c.workspaceId) ?? []), c.conversationId]);
  }
  for (const [workspaceId, ids] of byWorkspace) {
    try {
      await autoAssign(deps, workspaceId, ids);
    } catch (error) {
      deps.logger.warn({ err: error, workspaceId }, 'auto-assign failed; the conversations stay unassigned');
    }
  }
}
