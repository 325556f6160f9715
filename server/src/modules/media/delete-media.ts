import type { Deps } from '../../deps';
import { conflict, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { deleteMediaRow, findMedia, variantsUsingMedia } from './media-repository';
import { mediaStorage } from './storage';

/** Deletes media no variant uses (409 naming the variants otherwise), then its files. */
export async function deleteMedia(deps: Deps, actor: AuditActor, workspaceId: string, id: string): Promise<void> {
  const media = await deps.prisma.$transaction(async (tx) => {
    const row = await findMedia(tx, workspaceId, id);
    if (!row) throw notFound('Media');
    const users = await variantsUsingMedia(tx, id);
    if (users.length) throw inUse(users);
    try {
      await deleteMediaRow(tx, id);
    } catch (error) {
      // A variant picked it up between the check and the delete (the foreign key restricts).
      if ((error as { code?: string }).code === 'P2003') throw inUse(await variantsUsingMedia(deps.prisma, id));
      throw error;
    }
    const { storageKey: _key, thumbKey: _thumb, ...before } = row;
    await recordAudit(tx, actor, { workspaceId, entityType: 'media', entityId: id, action: 'media.deleted', before });
    return row;
  });
  const storage = mediaStorage(deps);
  const keys = [media.storageKey, media.thumbKey].filter((k): k is string => k !== null);
  const results = await Promise.allSettled(keys.map((key) => storage.delete(key)));
  for (const result of results) {
    if (result.status === 'rejected') deps.logger.warn({ err: result.reason, mediaId: id }, 'media file left behind after delete');
  }
}

function inUse(users: Array<{ variantId: string; variant: { postId: string } }>) {
  return conflict(`${users.length} post variant(s) use this media; remove it from them first`, {
    variantIds: users.map((u) => u.variantId),
    postIds: [...new Set(users.map((u) => u.variant.postId))],
  });
}
