/**
 * Encryption-key rotation for webhook signing secrets (`npm run keys:rotate` runs it after the channel
 * credentials): every endpoint whose secret is sealed under an older key (ENCRYPTION_KEYS_PREVIOUS) is
 * read with it and sealed again under the current ENCRYPTION_KEY, one row at a time under its lock. The
 * secret itself does not change, so receivers notice nothing. Idempotent.
 */
import { encryptCredentials, keyIdOf } from '../../channels/credentials';
import type { Deps } from '../../deps';
import { openSecret } from './signing-secret';

export async function rotateWebhookSecretKeys(deps: Deps): Promise<{ rotated: number; unreadable: string[] }> {
  const current = keyIdOf(deps.config.encryptionKey);
  const stale = await deps.prisma.webhookEndpoint.findMany({ where: { NOT: { secretKeyId: current } }, select: { id: true } });
  let rotated = 0;
  const unreadable: string[] = [];
  for (const { id } of stale) {
    const done = await deps.prisma
      .$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM "WebhookEndpoint" WHERE id = ${id}::uuid FOR UPDATE`;
        const row = await tx.webhookEndpoint.findUnique({ where: { id }, select: { secret: true, secretKeyId: true } });
        if (!row || row.secretKeyId === current) return false;
        const box = encryptCredentials(deps.config.encryptionKey, { accessToken: openSecret(deps.config.decryptionKeys, row) });
        await tx.webhookEndpoint.update({
          where: { id },
          data: { secret: box.credentials, secretKeyId: box.credentialsKeyId },
          select: { id: true },
        });
        return true;
      })
      .catch((error: unknown) => {
        deps.logger.warn({ endpointId: id, err: error instanceof Error ? error.message : String(error) }, 'could not rotate a webhook secret key');
        unreadable.push(id);
        return false;
      });
    if (done) rotated += 1;
  }
  return { rotated, unreadable };
}
