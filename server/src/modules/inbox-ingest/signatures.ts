/**
 * Webhook signatures, pure (shared/CHANNELS.md "Webhooks"): Meta signs the raw body with the app secret
 * (`X-Hub-Signature-256: sha256=<hex>`), X with the consumer secret (`x-twitter-webhooks-signature:
 * sha256=<base64>`) and answers its CRC with `sha256=<base64 HMAC of crc_token>`. Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'missing' | 'invalid';

function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkMetaSignature(appSecret: string, raw: Buffer, header: string | undefined): SignatureCheck {
  if (!header) return 'missing';
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return 'invalid';
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return equalBytes(Buffer.from(match[1], 'hex'), expected) ? 'ok' : 'invalid';
}

export function checkXSignature(consumerSecret: string, raw: Buffer, header: string | undefined): SignatureCheck {
  if (!header) return 'missing';
  const match = /^sha256=([A-Za-z0-9+/]+={0,2})$/.exec(header.trim());
  if (!match?.[1]) return 'invalid';
  const expected = createHmac('sha256', consumerSecret).update(raw).digest();
  return equalBytes(Buffer.from(match[1], 'base64'), expected) ? 'ok' : 'invalid';
}

export function xCrcResponse(consumerSecret: string, crcToken: string): string {
  return `sha256=${createHmac('sha256', consumerSecret).update(crcToken).digest('base64')}`;
}
