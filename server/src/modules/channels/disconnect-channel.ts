import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import type { AuditActor } from '../audit/record-audit';
import { recordAudit } from '../audit/record-audit';
import { findChannels, updateChannelRow } from './channel-repository';

/** Forgets a channel's credentials (the record and its plan stay): status `disconnected`. */
export async function disconnectChannel(deps: Deps, workspaceId: string, actor: AuditActor, channelId: string) {
  return deps.prisma.$transaction(async (tx) => {
    const [before] = await findChannels(tx, workspaceId, [channelId]);
    if (!before) throw notFound('Channel');
    const after = await updateChannelRow(tx, channelId, { status: 'disconnected', credentials: null, credentialsKeyId: null, tokenExpiresAt: null });
    await recordAudit(tx, actor, { workspaceId, entityType: 'channel', entityId: channelId, action: 'channel.disconnected', before, after });
    return after;
  });
}
