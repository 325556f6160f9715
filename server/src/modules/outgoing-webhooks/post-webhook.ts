/**
 * One HTTP POST of a delivery: to the checked address only (a `lookup` that answers that address, so
 * nothing is resolved twice), no redirects followed (a 3xx is an answer like any other non-2xx), a 10 s
 * budget for the whole exchange, and at most the first 2 KB of the answer read.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookTarget } from './webhook-target';

export const TIMEOUT_MS = 10_000;
export const RESPONSE_LIMIT = 2048;

export interface WebhookResponse {
  status: number;
  /** The first 2 KB of the body (UTF-8, NUL characters dropped). */
  body: string;
}

/** A lookup that always answers the address that was checked. */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    if (all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as LookupFunction;
}

export function truncateBody(bytes: Buffer): string {
  return bytes.subarray(0, RESPONSE_LIMIT).toString('utf8').replaceAll(String.fromCharCode(0), '');
}

export function postWebhook(target: WebhookTarget, headers: Record<string, string>, body: string, timeoutMs = TIMEOUT_MS): Promise<WebhookResponse> {
  const { url } = target;
  const client = url.protocol === 'https:' ? https : http;
  const payload = Buffer.from(body, 'utf8');
  return new Promise<WebhookResponse>((resolve, reject) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const req = client.request(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) },
        lookup: pinnedLookup(target.address, target.family),
        // A fresh connection per delivery: never a pooled socket opened for another address.
        agent: false,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          resolve({ status: res.statusCode ?? 0, body: truncateBody(Buffer.concat(chunks)) });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_LIMIT) done();
        });
        res.on('end', done);
        res.on('error', (error) => (size > 0 ? done() : reject(error)));
      },
    );
    req.on('error', (error) => {
      if (signal.aborted) reject(new Error(`No answer within ${Math.round(timeoutMs / 1000)} s`));
      else reject(error);
    });
    req.end(payload);
  });
}
