import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { notify } from '../notifications/notify';
import { emitEvent } from '../outgoing-webhooks/emit-event';
import { escalationResolvedEventOf } from '../outgoing-webhooks/event-payloads';
import { conversationTitle } from './assignees';
import { conversationsChanged } from './inbox-events';
import {
  findConversation,
  findDepartment,
  findEscalation,
  insertEscalation,
  listWorkspaceEscalations,
  memberIdsWithRole,
  updateEscalationRow,
} from './inbox-repository';
import { enqueueEscalationMail } from './outbound-jobs';

type EscalationStatus = 'open' | 'in_progress' | 'resolved';

/** The moves of an escalation; anything else is a 409 with the allowed ones. */
const moves: Record<EscalationStatus, EscalationStatus[]> = {
  open: ['in_progress', 'resolved'],
  in_progress: ['open', 'resolved'],
  resolved: ['in_progress'],
};

/**
 * Escalates a conversation to a department (voice of the customer): the escalation opens, the department
 * is mailed the customer's messages, the note and a link (outbox: the row's `emailedAt`), and the admins and
 * the assignee hear of it.
 */
export async function escalateConversation(
  deps: Deps,
  actor: AuditActor & { userId: string },
  by: { name: string },
  workspaceId: string,
  conversationId: string,
  input: { departmentId: string; note: string },
) {
  const escalation = await deps.prisma.$transaction(async (tx) => {
    const conversation = await findConversation(tx, workspaceId, conversationId);
    if (!conversation) throw notFound('Conversation');
    const department = await findDepartment(tx, workspaceId, input.departmentId);
    if (!department || department.archivedAt) {
      throw new AppError('unprocessable', 'Choose a department of this workspace', [{ field: 'departmentId', code: 'department_not_found' }]);
    }
    const row = await insertEscalation(tx, { workspaceId, conversationId, departmentId: department.id, note: input.note, createdById: actor.userId });
    const admins = await memberIdsWithRole(tx, workspaceId, 'admin');
    await notify(tx, workspaceId, {
      userIds: [...admins, ...(conversation.assigneeId ? [conversation.assigneeId] : [])].filter((id) => id !== actor.userId),
      kind: 'escalation_created',
      data: {
        title: conversationTitle(conversation),
        conversationId,
        escalationId: row.id,
        department: department.name,
        comment: input.note,
        by: by.name,
      },
      dedupeKey: `escalation_created:${row.id}`,
    });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'conversation',
      entityId: conversationId,
      action: 'conversation.escalated',
      after: { escalationId: row.id, departmentId: department.id },
    });
    return row;
  });
  await enqueueEscalationMail(deps, escalation.id);
  conversationsChanged(deps, workspaceId, [conversationId], 'escalation', { byUserId: actor.userId });
  return escalation;
}

/** Moves an escalation (open → in progress → resolved, with a resolution note); resolving tells who escalated it and the assignee. */
export async function updateEscalation(
  deps: Deps,
  actor: AuditActor & { userId: string },
  by: { name: string },
  workspaceId: string,
  escalationId: string,
  input: { status: EscalationStatus; resolutionNote?: string },
) {
  const escalation = await deps.prisma.$transaction(async (tx) => {
    const before = await findEscalation(tx, workspaceId, escalationId);
    if (!before) throw notFound('Escalation');
    if (!moves[before.status].includes(input.status)) {
      throw new AppError('invalid_state', `An escalation that is ${before.status} cannot move to ${input.status}`, {
        state: before.status,
        allowed: moves[before.status],
      });
    }
    const resolved = input.status === 'resolved';
    const row = await updateEscalationRow(tx, escalationId, {
      status: input.status,
      ...(input.resolutionNote ? { resolutionNote: input.resolutionNote } : {}),
      resolvedAt: resolved ? new Date() : null,
      ...(resolved ? {} : { customerToldAt: null }),
    });
    if (resolved) {
      await emitEvent(tx, workspaceId, 'escalation.resolved', escalationResolvedEventOf(row));
      const conversation = await findConversation(tx, workspaceId, before.conversationId);
      await notify(tx, workspaceId, {
        userIds: [before.createdById, ...(conversation?.assigneeId ? [conversation.assigneeId] : [])].filter((id) => id !== actor.userId),
        kind: 'escalation_resolved',
        data: {
          title: conversation ? conversationTitle(conversation) : '',
          conversationId: before.conversationId,
          escalationId,
          department: before.department.name,
          comment: input.resolutionNote ?? '',
          by: by.name,
        },
        dedupeKey: `escalation_resolved:${escalationId}:${Date.now()}`,
      });
    }
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'conversation',
      entityId: before.conversationId,
      action: 'conversation.escalation_updated',
      before: { escalationId, status: before.status },
      after: { escalationId, status: row.status, resolutionNote: row.resolutionNote },
    });
    return row;
  });
  conversationsChanged(deps, workspaceId, [escalation.conversationId], 'escalation', { byUserId: actor.userId });
  return escalation;
}

export function escalationList(deps: Deps, workspaceId: string, status: EscalationStatus | 'active') {
  return listWorkspaceEscalations(deps.prisma, workspaceId, status === 'active' ? ['open', 'in_progress'] : [status]);
}
