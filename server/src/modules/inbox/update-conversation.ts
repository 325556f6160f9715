import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { checkAssignee, notifyAssigned } from './assignees';
import { conversationsChanged } from './inbox-events';
import { lockConversation, updateConversationRow } from './inbox-repository';
import type { UpdateConversationInput } from './schemas';

/**
 * Status, priority, tags, assignment and a person's category/sentiment override, in one transaction.
 * Closing records when it was resolved; reopening clears it. An override records who and when, and the
 * classifier keeps it from then on.
 */
export async function updateConversation(
  deps: Deps,
  actor: AuditActor & { userId: string },
  by: { id: string; name: string },
  workspaceId: string,
  conversationId: string,
  input: UpdateConversationInput,
) {
  const now = new Date();
  const result = await deps.prisma.$transaction(async (tx) => {
    const before = await lockConversation(tx, workspaceId, conversationId);
    if (!before) throw notFound('Conversation');
    const data: Prisma.ConversationUncheckedUpdateInput = {};
    if (input.status && input.status !== before.status) {
      data.status = input.status;
      data.resolvedAt = input.status === 'closed' ? now : null;
    }
    if (input.priority && input.priority !== before.priority) data.priority = input.priority;
    if (input.tags) data.tags = [...new Set(input.tags)];
    const reassigned = input.assigneeId !== undefined && input.assigneeId !== before.assigneeId;
    if (reassigned) {
      await checkAssignee(tx, workspaceId, input.assigneeId ?? null);
      data.assigneeId = input.assigneeId ?? null;
    }
    const overridden = input.category !== undefined || input.sentiment !== undefined;
    if (overridden) {
      const category = input.category ?? before.category;
      const sentiment = input.sentiment ?? before.sentiment;
      data.category = category;
      data.sentiment = sentiment;
      data.classificationOverride = { category, sentiment, by: { id: by.id, name: by.name }, at: now.toISOString() };
    }
    const after = await updateConversationRow(tx, conversationId, data);
    if (reassigned) await notifyAssigned(tx, workspaceId, [after], after.assigneeId, by, now);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'conversation',
      entityId: conversationId,
      action: 'conversation.updated',
      before: pick(before, Object.keys(data)),
      after: pick(after, Object.keys(data)),
    });
    return { before, after, reassigned };
  });
  const { before, after, reassigned } = result;
  const change = reassigned ? 'assigned' : after.status !== before.status ? 'status' : input.category || input.sentiment ? 'classified' : 'updated';
  conversationsChanged(deps, workspaceId, [conversationId], change, { status: after.status, assigneeId: after.assigneeId, byUserId: by.id });
}

function pick(row: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, row[k]]));
}
