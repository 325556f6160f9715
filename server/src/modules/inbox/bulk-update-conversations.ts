import type { Deps } from '../../deps';
import type { Db } from '../../lib/db';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { checkAssignee, notifyAssigned } from './assignees';
import { conversationsChanged } from './inbox-events';
import { assignConversations, findConversationsIn, setConversationTags, updateConversationsStatus } from './inbox-repository';
import type { BulkInput } from './schemas';

/**
 * One action on many conversations (assign, set a status, add/remove tags). Ids from other workspaces
 * count as skipped; nothing half-applies (one transaction).
 */
export async function bulkUpdateConversations(
  deps: Deps,
  actor: AuditActor & { userId: string },
  by: { id: string; name: string },
  workspaceId: string,
  input: BulkInput,
) {
  const now = new Date();
  const action = input.action;
  const { changed, found } = await deps.prisma.$transaction(async (tx) => {
    const rows = await findConversationsIn(tx, workspaceId, input.ids);
    const ids = rows.map((r) => r.id);
    let changedIds: string[] = [];
    switch (action.type) {
      case 'assign': {
        await checkAssignee(tx, workspaceId, action.assigneeId);
        changedIds = await assignConversations(tx, ids, action.assigneeId);
        const changedRows = rows.filter((r) => changedIds.includes(r.id));
        await notifyAssigned(tx, workspaceId, changedRows, action.assigneeId, by, now);
        break;
      }
      case 'status': {
        changedIds = rows.filter((r) => r.status !== action.status).map((r) => r.id);
        await updateConversationsStatus(tx, changedIds, action.status, now);
        break;
      }
      case 'tag':
        changedIds = await retag(tx, rows, action.add, action.remove, now);
        break;
    }
    for (const id of changedIds) {
      await recordAudit(tx, actor, {
        workspaceId,
        entityType: 'conversation',
        entityId: id,
        action: `conversation.bulk_${action.type}`,
        after: action,
      });
    }
    return { changed: changedIds, found: ids.length };
  });
  const change = action.type === 'assign' ? 'assigned' : action.type === 'status' ? 'status' : 'updated';
  conversationsChanged(deps, workspaceId, changed, change, {
    byUserId: by.id,
    ...(action.type === 'assign' ? { assigneeId: action.assigneeId } : {}),
    ...(action.type === 'status' ? { status: action.status } : {}),
  });
  return { updated: changed.length, skipped: input.ids.length - found + (found - changed.length) };
}

async function retag(db: Db, rows: Array<{ id: string; tags: string[] }>, add: string[], remove: string[], now: Date): Promise<string[]> {
  const changed: string[] = [];
  for (const row of rows) {
    const next = [...new Set([...row.tags, ...add])].filter((t) => !remove.includes(t));
    if (next.length === row.tags.length && next.every((t, i) => t === row.tags[i])) continue;
    await setConversationTags(db, row.id, next, now);
    changed.push(row.id);
  }
  return changed;
}
