import type { Config } from '../../config';
import { createLogger } from '../../lib/logger';
import type { ProviderOptions } from './common';
import { createFacebookProvider } from './facebook';
import { createInstagramProvider } from './instagram';
import type { Provider, ProviderName } from './provider';
import { createXProvider } from './x';

const factories: Record<ProviderName, (options: ProviderOptions) => Provider> = {
  x: createXProvider,
  facebook_page: createFacebookProvider,
  instagram: createInstagramProvider,
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
