/**
 * Every minute: open conversations past their response deadline are marked (overdueNotifiedAt) and
 * their people are told once — the assignee, or else the workspace's community managers and admins —
 * through the notifications table, which is also the mail outbox. The mark and the notifications are one
 * transaction and rows are claimed with SKIP LOCKED, so two workers never notify one deadline twice; a
 * new deadline (the customer wrote again after an answer) clears the mark and can notify again.
 */
import type { Deps } from '../../deps';
import { formatLocal } from '../../lib/local-time';
import { publishRealtime } from '../../realtime/publish';
import { notify } from '../notifications/notify';
import { emitEvents } from '../outgoing-webhooks/emit-event';
import { overdueEventOf } from '../outgoing-webhooks/event-payloads';
import { memberIdsWithAnyRole } from '../workspaces/membership-repository';

interface OverdueRow {
  id: string;
  workspaceId: string;
  assigneeId: string | null;
  customerName: string;
  lastMessageExcerpt: string;
  responseDueAt: Date;
  timeZone: string;
}

export async function markOverdue(deps: Deps, now = new Date()): Promise<number> {
  const marked = await deps.prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRawUnsafe<OverdueRow[]>(
        `SELECT c.id, c."workspaceId", c."assigneeId", c."customerName", c."lastMessageExcerpt", c."responseDueAt", w."timeZone"
         FROM "Conversation" c JOIN "Workspace" w ON w.id = c."workspaceId"
         WHERE c.status = 'open' AND c."responseDueAt" < $1::timestamptz AND c."overdueNotifiedAt" IS NULL
         ORDER BY c."responseDueAt" LIMIT 500 FOR UPDATE OF c SKIP LOCKED`,
        now.toISOString(),
      );
      if (rows.length === 0) return [];
      await tx.$executeRawUnsafe(
        `UPDATE "Conversation" SET "overdueNotifiedAt" = $2::timestamptz WHERE id = ANY($1::uuid[])`,
        rows.map((r) => r.id),
        now.toISOString(),
      );
      await emitEvents(
        tx,
        'conversation.overdue',
        rows.map((r) => ({ workspaceId: r.workspaceId, data: overdueEventOf(r, now) })),
      );
      const teams = new Map<string, string[]>();
      const notified: Array<{ row: OverdueRow; userIds: string[] }> = [];
      for (const row of rows) {
        let userIds = row.assigneeId ? [row.assigneeId] : teams.get(row.workspaceId);
        if (!userIds) {
          userIds = await memberIdsWithAnyRole(tx, row.workspaceId, ['community_manager', 'admin']);
          teams.set(row.workspaceId, userIds);
        }
        const title = (row.customerName ? `${row.customerName}: ` : '') + row.lastMessageExcerpt.slice(0, 60);
        await notify(tx, row.workspaceId, {
          userIds,
          kind: 'conversation_overdue',
          data: { title, conversationId: row.id, deadline: formatLocal(row.responseDueAt, row.timeZone) },
          dedupeKey: `conversation_overdue:${row.id}:${row.responseDueAt.toISOString()}`,
        });
        notified.push({ row, userIds });
      }
      return notified;
    },
    { timeout: 30_000 },
  );
  for (const { row, userIds } of marked) {
    publishRealtime(deps, { workspaceId: row.workspaceId }, 'inbox.conversation', {
      workspaceId: row.workspaceId,
      conversationId: row.id,
      change: 'overdue',
    });
    for (const userId of userIds) publishRealtime(deps, { userId }, 'notification', { userId, kind: 'conversation_overdue' });
  }
  return marked.length;
}
