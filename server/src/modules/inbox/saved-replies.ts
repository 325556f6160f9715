import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { deleteSavedReplyRow, findSavedReply, insertSavedReply, listSavedReplies, updateSavedReplyRow } from './inbox-repository';

type Locale = 'ko' | 'en';
const view = <T extends { locale: string }>(row: T) => ({ ...row, locale: (row.locale === 'en' ? 'en' : 'ko') as Locale });

/** The workspace's saved replies (canned answers with {{name}}, {{handle}}, {{agent}}), per language. */
export async function savedReplies(deps: Deps, workspaceId: string) {
  return (await listSavedReplies(deps.prisma, workspaceId)).map(view);
}

export async function createSavedReply(deps: Deps, actor: AuditActor, workspaceId: string, input: { title: string; body: string; locale: Locale }) {
  return deps.prisma.$transaction(async (tx) => {
    const row = await insertSavedReply(tx, workspaceId, input);
    await recordAudit(tx, actor, { workspaceId, entityType: 'saved_reply', entityId: row.id, action: 'saved_reply.created', after: row });
    return view(row);
  });
}

export async function updateSavedReply(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
  input: { title?: string; body?: string; locale?: Locale },
) {
  return deps.prisma.$transaction(async (tx) => {
    const before = await findSavedReply(tx, workspaceId, id);
    if (!before) throw notFound('Saved reply');
    const row = await updateSavedReplyRow(tx, id, input);
    await recordAudit(tx, actor, { workspaceId, entityType: 'saved_reply', entityId: id, action: 'saved_reply.updated', before, after: row });
    return view(row);
  });
}

export async function deleteSavedReply(deps: Deps, actor: AuditActor, workspaceId: string, id: string) {
  await deps.prisma.$transaction(async (tx) => {
    const before = await findSavedReply(tx, workspaceId, id);
    if (!before) throw notFound('Saved reply');
    await deleteSavedReplyRow(tx, id);
    await recordAudit(tx, actor, { workspaceId, entityType: 'saved_reply', entityId: id, action: 'saved_reply.deleted', before });
  });
}
