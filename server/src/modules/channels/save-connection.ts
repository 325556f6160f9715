import { encryptCredentials } from '../../channels/credentials';
import type { Db } from '../../lib/db';
import type { AuditActor } from '../audit/record-audit';
import { recordAudit } from '../audit/record-audit';
import { lockWorkspace } from '../workspaces/workspace-repository';
import { findChannelByRemoteId, findChannels, insertChannel, updateChannelRow } from './channel-repository';

export type ConnectedProvider = 'facebook_page' | 'instagram' | 'x';

export interface Connection {
  provider: ConnectedProvider;
  profile: { remoteId: string; name: string; handle: string; avatarUrl: string | null; followerCount: number | null };
  accessToken: string;
  refreshToken?: string | null;
  tokenExpiresAt: Date | null;
}

const DEFAULT_TARGET: Record<ConnectedProvider, number> = { facebook_page: 5, instagram: 5, x: 6 };

/**
 * Creates or updates this workspace's account for the network's id: profile, credentials encrypted under the
 * current key, status `active`. Audited without the credentials. Call inside a transaction.
 */
export async function saveConnection(tx: Db, key: Buffer, workspaceId: string, actor: AuditActor, connection: Connection) {
  // Two connects of the same account at once must not create it twice.
  await lockWorkspace(tx, workspaceId);
  const { profile } = connection;
  const sealed = encryptCredentials(key, { accessToken: connection.accessToken, refreshToken: connection.refreshToken ?? null });
  const data = {
    name: profile.name,
    handle: profile.handle.replace(/^@/, ''),
    avatarUrl: profile.avatarUrl,
    ...(profile.followerCount !== null ? { followerCount: profile.followerCount } : {}),
    remoteId: profile.remoteId,
    status: 'active' as const,
    credentials: sealed.credentials,
    credentialsKeyId: sealed.credentialsKeyId,
    tokenExpiresAt: connection.tokenExpiresAt,
  };
  const existing = await findChannelByRemoteId(tx, workspaceId, connection.provider, profile.remoteId);
  if (existing) {
    const [before] = await findChannels(tx, workspaceId, [existing.id]);
    const after = await updateChannelRow(tx, existing.id, data);
    await recordAudit(tx, actor, { workspaceId, entityType: 'channel', entityId: after.id, action: 'channel.connected', before, after });
    return { channel: after, created: false };
  }
  const created = await insertChannel(tx, workspaceId, { provider: connection.provider, dailyTarget: DEFAULT_TARGET[connection.provider], ...data });
  await recordAudit(tx, actor, { workspaceId, entityType: 'channel', entityId: created.id, action: 'channel.connected', after: created });
  return { channel: created, created: true };
}
