import type { Db } from '../lib/db';

/** The workspaces a person belongs to (their sockets join these rooms). */
export async function memberWorkspaceIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.membership.findMany({ where: { userId }, select: { workspaceId: true } });
  return rows.map((r) => r.workspaceId);
}

/** The workspace of a conversation, or null when there is none with this id. */
export async function conversationWorkspace(db: Db, conversationId: string): Promise<string | null> {
  const row = await db.conversation.findUnique({ where: { id: conversationId }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}
