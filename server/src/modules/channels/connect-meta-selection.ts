import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import type { AuditActor } from '../audit/record-audit';
import { findChannelByRemoteId } from './channel-repository';
import { dropMetaSelection, readMetaSelection } from './oauth-state';
import { saveConnection } from './save-connection';

/** The pending list without its tokens, marked with what this workspace has connected already. */
export async function describeMetaSelection(deps: Deps, workspaceId: string, userId: string, selectionId: string) {
  const selection = await readMetaSelection(deps, selectionId, userId, workspaceId);
  const connected = async (provider: 'facebook_page' | 'instagram', remoteId: string) =>
    (await findChannelByRemoteId(deps.prisma, workspaceId, provider, remoteId)) !== null;
  const pages = [];
  for (const page of selection.pages) {
    pages.push({
      id: page.remoteId,
      name: page.name,
      avatarUrl: page.avatarUrl,
      followerCount: page.followerCount,
      connected: await connected('facebook_page', page.remoteId),
      instagram: page.instagram
        ? {
            id: page.instagram.remoteId,
            username: page.instagram.handle,
            avatarUrl: page.instagram.avatarUrl,
            followerCount: page.instagram.followerCount,
            connected: await connected('instagram', page.instagram.remoteId),
          }
        : null,
    });
  }
  return { id: selection.id, expiresAt: selection.expiresAt, pages };
}

/** Connects the Pages and Instagram accounts an admin picked, each with its Page token, in one transaction. */
export async function connectMetaSelection(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor & { userId: string },
  selectionId: string,
  pick: { pageIds: string[]; instagramIds: string[] },
) {
  const selection = await readMetaSelection(deps, selectionId, actor.userId, workspaceId);
  const pages = selection.pages.filter((p) => pick.pageIds.includes(p.remoteId));
  const igPages = selection.pages.filter((p) => p.instagram && pick.instagramIds.includes(p.instagram.remoteId));
  const unknown = [
    ...pick.pageIds.filter((id) => !pages.some((p) => p.remoteId === id)),
    ...pick.instagramIds.filter((id) => !igPages.some((p) => p.instagram?.remoteId === id)),
  ];
  if (unknown.length)
    throw new AppError('validation_failed', 'Pick only accounts from the list', [{ field: 'body', rule: 'in_list', message: unknown.join(', ') }]);
  if (!pages.length && !igPages.length)
    throw new AppError('validation_failed', 'Pick at least one Page or Instagram account', [{ field: 'body', rule: 'min', message: 'empty' }]);
  const channels = await deps.prisma.$transaction(async (tx) => {
    const saved = [];
    for (const page of pages)
      saved.push(
        (
          await saveConnection(tx, deps.config.encryptionKey, workspaceId, actor, {
            provider: 'facebook_page',
            profile: page,
            accessToken: page.accessToken,
            tokenExpiresAt: null,
          })
        ).channel,
      );
    for (const page of igPages) {
      if (!page.instagram) continue;
      saved.push(
        (
          await saveConnection(tx, deps.config.encryptionKey, workspaceId, actor, {
            provider: 'instagram',
            profile: page.instagram,
            accessToken: page.accessToken,
            tokenExpiresAt: null,
          })
        ).channel,
      );
    }
    return saved;
  });
  await dropMetaSelection(deps, selectionId);
  return channels;
}
