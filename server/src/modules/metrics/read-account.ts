/** The provider and decrypted account a metrics reading acts as (an X token ending soon is refreshed first). */
import { decryptCredentials } from '../../channels/credentials';
import type { Provider, ProviderAccount, ProviderName } from '../../channels/providers/provider';
import { providerFor } from '../../channels/providers/registry';
import type { Deps } from '../../deps';
import { ensureFreshXToken, REFRESH_AHEAD_MS } from '../channels/ensure-fresh-x-token';
import { findFollowerTarget } from './metrics-repository';

export interface ReadingChannel {
  id: string;
  provider: ProviderName;
  remoteId: string | null;
  credentials: string | null;
  credentialsKeyId: string | null;
  tokenExpiresAt: Date | null;
}

export type ProviderLookup = (name: ProviderName) => Provider;

export async function readingAccount(
  deps: Deps,
  channel: ReadingChannel,
  providers: ProviderLookup = (name) => providerFor(deps.config, name),
): Promise<{ provider: Provider; account: ProviderAccount }> {
  let current = channel;
  if (channel.provider === 'x' && channel.tokenExpiresAt && channel.tokenExpiresAt.getTime() - Date.now() <= REFRESH_AHEAD_MS) {
    await ensureFreshXToken(deps, channel.id).catch((error: unknown) =>
      deps.logger.warn(
        { channelId: channel.id, err: error instanceof Error ? error.message : String(error) },
        'x token refresh before reading failed',
      ),
    );
    current = (await findFollowerTarget(deps.prisma, channel.id)) ?? channel;
  }
  const account: ProviderAccount = { remoteId: current.remoteId ?? '', ...decryptCredentials(deps.config.decryptionKeys, current) };
  return { provider: providers(current.provider), account };
}
