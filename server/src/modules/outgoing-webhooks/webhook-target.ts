/**
 * Where a webhook may go, checked at registration and again before every delivery: an https URL (plain
 * http only with WEBHOOKS_ALLOW_PRIVATE) without credentials in it, whose host resolves only to public
 * addresses (address-policy.ts). The answer carries the address that was checked; the request connects
 * to exactly that address (post-webhook.ts), so a DNS answer that changes between the check and the
 * connection (rebinding) cannot reach anything the check refused.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type AddressClass, classifyAddress } from './address-policy';

export type TargetRefusal = 'invalid_url' | 'not_https' | 'credentials_in_url' | 'private_address' | 'unresolvable';

export class WebhookTargetError extends Error {
  constructor(
    readonly reason: TargetRefusal,
    message: string,
    readonly address?: string,
    readonly addressClass?: AddressClass,
  ) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

export interface WebhookTarget {
  url: URL;
  /** The checked address the connection must use. */
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface TargetOptions {
  allowPrivate: boolean;
  resolve?: Resolver;
}

/** The URL's form alone (no DNS): what zod cannot say. */
export function checkUrlForm(text: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookTargetError('invalid_url', 'The URL is not valid');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw new WebhookTargetError('not_https', 'Webhook URLs must start with https://');
  }
  if (url.username || url.password) throw new WebhookTargetError('credentials_in_url', 'Put no user name or password in the URL');
  if (!url.hostname) throw new WebhookTargetError('invalid_url', 'The URL has no host');
  return url;
}

export async function resolveTarget(text: string, options: TargetOptions): Promise<WebhookTarget> {
  const url = checkUrlForm(text, options.allowPrivate);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      throw new WebhookTargetError('unresolvable', `The host ${host} could not be resolved (${code})`);
    }
    if (addresses.length === 0) throw new WebhookTargetError('unresolvable', `The host ${host} has no address`);
  }
  // Every address must be allowed: a name that also resolves to a private address is refused whole.
  for (const { address } of addresses) {
    const cls = classifyAddress(address);
    if (cls !== 'public' && !(options.allowPrivate && cls !== 'invalid')) {
      throw new WebhookTargetError(
        'private_address',
        `${host} resolves to ${address}, a ${cls.replace('_', '-')} address: webhooks only go to public addresses`,
        address,
        cls,
      );
    }
  }
  const first = addresses[0] as { address: string; family: number };
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
