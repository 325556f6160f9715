import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { notify } from '../notifications/notify';
import { conversationTitle } from './assignees';
import { conversationsChanged } from './inbox-events';
import { findConversation, insertNote, membersWithRoles } from './inbox-repository';

const EXCERPT = 500;

/**
 * An internal note (never sent to the network). Everyone mentioned must be a member of the workspace;
 * each (but the writer) is notified once.
 */
export async function addNote(
  deps: Deps,
  actor: AuditActor & { userId: string },
  by: { name: string },
  workspaceId: string,
  conversationId: string,
  input: { body: string; mentions: string[] },
) {
  const note = await deps.prisma.$transaction(async (tx) => {
    const conversation = await findConversation(tx, workspaceId, conversationId);
    if (!conversation) throw notFound('Conversation');
    const mentions = [...new Set(input.mentions)];
    const members = await membersWithRoles(tx, workspaceId, mentions);
    const strangers = mentions.filter((id) => !members.has(id));
    if (strangers.length) {
      throw new AppError(
        'unprocessable',
        'Only members of this workspace can be mentioned',
        strangers.map((id) => ({ field: 'mentions', code: 'not_a_member', value: id })),
      );
    }
    const created = await insertNote(tx, { conversationId, authorId: actor.userId, body: input.body, mentionedUserIds: mentions });
    await notify(tx, workspaceId, {
      userIds: mentions.filter((id) => id !== actor.userId),
      kind: 'inbox_mentioned',
      data: { title: conversationTitle(conversation), conversationId, comment: input.body.slice(0, EXCERPT), by: by.name, noteId: created.id },
      dedupeKey: `inbox_mention:${created.id}`,
    });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'conversation',
      entityId: conversationId,
      action: 'conversation.noted',
      after: { noteId: created.id, mentions },
    });
    return { ...created, mentions: mentions.map((id) => ({ id, name: members.get(id)?.name ?? '' })) };
  });
  conversationsChanged(deps, workspaceId, [conversationId], 'note', { byUserId: actor.userId });
  const { mentionedUserIds: _m, ...rest } = note;
  return rest;
}
