import type { Config } from '../../config';
import { createLogger } from '../../lib/logger';
import { limitsFor, type ProviderOptions } from './common';
import type { Provider, ProviderName } from './provider';
import { createXProvider } from './x';

/**
 * The Facebook Page and Instagram adapters are loaded on their first call: facebook-nodejs-business-sdk
 * holds about 50 MB once loaded, which an API process that never calls Graph (most requests never do)
 * should not carry. Their limits, needed at once by the composer's checks, come from the shared rules.
 */
function loadedOnFirstCall(name: ProviderName, load: () => Promise<(options: ProviderOptions) => Provider>) {
  return (options: ProviderOptions): Provider => {
    let adapter: Promise<Provider> | undefined;
    const real = () => {
      adapter ??= load().then((create) => create(options));
      return adapter;
    };
    return {
      name,
      limits: limitsFor(name),
      stage: async (account, request) => (await real()).stage(account, request),
      unknownAudience: async (account, targeting) => (await (await real()).unknownAudience?.(account, targeting)) ?? [],
      publish: async (account, request) => (await real()).publish(account, request),
      findPublished: async (account, query) => (await real()).findPublished(account, query),
      readMessages: async (account, query) => (await real()).readMessages(account, query),
      reply: async (account, request) => (await real()).reply(account, request),
      findReply: async (account, query) => (await real()).findReply(account, query),
      metrics: async (account, ids) => (await real()).metrics(account, ids),
      followerCount: async (account) => (await real()).followerCount(account),
    };
  };
}

const factories: Record<ProviderName, (options: ProviderOptions) => Provider> = {
  x: createXProvider,
  facebook_page: loadedOnFirstCall('facebook_page', async () => (await import('./facebook')).createFacebookProvider),
  instagram: loadedOnFirstCall('instagram', async () => (await import('./instagram')).createInstagramProvider),
};

const adapters = new Map<string, Provider>();

const baseUrlOf = (config: Config, name: ProviderName) => (name === 'x' ? config.x.apiUrl : config.meta.graphUrl);

/** The adapter for a network, one per process, network and base URL (X_API_URL / META_GRAPH_URL). */
export function providerFor(config: Config, name: ProviderName): Provider {
  const baseUrl = baseUrlOf(config, name);
  const key = `${name}|${baseUrl}`;
  let adapter = adapters.get(key);
  if (!adapter) {
    adapter = factories[name]({ baseUrl, logger: createLogger(config.logLevel).child({ provider: name }) });
    adapters.set(key, adapter);
  }
  return adapter;
}
