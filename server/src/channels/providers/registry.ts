import type { Config } from '../../config';
import { type Provider, ProviderError, type ProviderName } from './provider';

const adapters = new Map<string, Provider>();

/**
 * The adapter for a network, one per process and base URL. Adapters register themselves in
 * `registerProvider` (facebook.ts, instagram.ts, x.ts).
 */
export function providerFor(config: Config, name: ProviderName): Provider {
  const found = adapters.get(`${name}|${baseUrlOf(config, name)}`) ?? factories.get(name)?.(config);
  if (!found) throw new ProviderError('rejected', `No ${name} adapter is installed`);
  adapters.set(`${name}|${baseUrlOf(config, name)}`, found);
  return found;
}

const baseUrlOf = (config: Config, name: ProviderName) => (name === 'x' ? config.x.apiUrl : config.meta.graphUrl);
const factories = new Map<ProviderName, (config: Config) => Provider>();

export function registerProvider(name: ProviderName, factory: (config: Config) => Provider): void {
  factories.set(name, factory);
}
