import type { Db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { notify } from '../notifications/notify';
import { INBOX_ROLES, membersWithRoles } from './inbox-repository';

/** How a conversation is named in notifications and mails: the customer. */
export function conversationTitle(c: { customerName: string; customerHandle: string | null }): string {
  return c.customerName.trim() || (c.customerHandle ? `@${c.customerHandle.replace(/^@/, '')}` : '');
}

/** Only people who work the inbox (community managers, admins) of this workspace can be assigned. */
export async function checkAssignee(db: Db, workspaceId: string, assigneeId: string | null): Promise<void> {
  if (!assigneeId) return;
  const member = (await membersWithRoles(db, workspaceId, [assigneeId])).get(assigneeId);
  if (!member?.roles.some((r) => (INBOX_ROLES as readonly string[]).includes(r))) {
    throw new AppError('unprocessable', 'Only community managers and admins of this workspace can be assigned', [
      { field: 'assigneeId', code: 'not_an_inbox_member', value: assigneeId },
    ]);
  }
}

/** Tells the new assignee (unless they assigned it to themselves), once per conversation and assignment. */
export async function notifyAssigned(
  db: Db,
  workspaceId: string,
  conversations: Array<{ id: string; customerName: string; customerHandle: string | null }>,
  assigneeId: string | null,
  by: { id: string; name: string } | null,
  at: Date,
): Promise<void> {
  if (!assigneeId || assigneeId === by?.id) return;
  for (const c of conversations) {
    await notify(db, workspaceId, {
      userIds: [assigneeId],
      kind: 'conversation_assigned',
      data: { title: conversationTitle(c), conversationId: c.id, ...(by ? { by: by.name } : {}) },
      dedupeKey: `assigned:${c.id}:${at.getTime()}`,
    });
  }
}
