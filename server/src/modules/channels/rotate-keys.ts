/**
 * Key rotation for channel credentials: every row encrypted under an older key (ENCRYPTION_KEYS_PREVIOUS)
 * is read with it and written again under the current ENCRYPTION_KEY, one row at a time under its lock
 * (a token refresh running meanwhile re-encrypts under the current key anyway). Idempotent: rows already
 * under the current key are left alone, so it can run again after an interruption.
 */
import { decryptCredentials, encryptCredentials, keyIdOf } from '../../channels/credentials';
import type { Deps } from '../../deps';

export async function rotateChannelKeys(deps: Deps): Promise<{ rotated: number; unreadable: string[] }> {
  const current = keyIdOf(deps.config.encryptionKey);
  const stale = await deps.prisma.channelAccount.findMany({
    where: { credentials: { not: null }, NOT: { credentialsKeyId: current } },
    select: { id: true },
  });
  let rotated = 0;
  const unreadable: string[] = [];
  for (const { id } of stale) {
    const done = await deps.prisma
      .$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM "ChannelAccount" WHERE id = ${id}::uuid FOR UPDATE`;
        const row = await tx.channelAccount.findUnique({ where: { id }, select: { credentials: true, credentialsKeyId: true } });
        if (!row?.credentials || row.credentialsKeyId === current) return false;
        const secret = decryptCredentials(deps.config.decryptionKeys, row);
        await tx.channelAccount.update({ where: { id }, data: encryptCredentials(deps.config.encryptionKey, secret), select: { id: true } });
        return true;
      })
      .catch((error: unknown) => {
        // The key that encrypted it is not configured: say which rows, never what they hold.
        deps.logger.warn({ channelId: id, err: error instanceof Error ? error.message : String(error) }, 'could not rotate a channel key');
        unreadable.push(id);
        return false;
      });
    if (done) rotated += 1;
  }
  return { rotated, unreadable };
}
