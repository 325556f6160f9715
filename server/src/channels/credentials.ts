/**
 * Channel credentials at rest: AES-256-GCM under ENCRYPTION_KEY, stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url) with the key's id beside it, so keys can rotate: a row
 * encrypted under an older key is read with that key and re-encrypted under the current one.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../lib/errors';
import type { ProviderAccount } from './providers/provider';

export interface ChannelCredentials {
  accessToken: string;
  refreshToken?: string | null;
}

/** A short, stable id of a key (never the key itself). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function encryptCredentials(key: Buffer, credentials: ChannelCredentials): { credentials: string; credentialsKeyId: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return {
    credentials: ['v1', iv, tag, body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.'),
    credentialsKeyId: keyIdOf(key),
  };
}

/** Decrypts with whichever of `keys` has the stored key id (the current key first). */
export function decryptCredentials(keys: Buffer[], stored: { credentials: string | null; credentialsKeyId: string | null }): ChannelCredentials {
  if (!stored.credentials) throw new AppError('invalid_state', 'This channel is not connected', { reason: 'not_connected' });
  const key = keys.find((k) => keyIdOf(k) === stored.credentialsKeyId);
  if (!key) throw new AppError('internal', 'The key that encrypted this channel’s credentials is not configured');
  const [version, iv, tag, body] = stored.credentials.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new AppError('internal', 'Malformed channel credentials');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as ChannelCredentials;
}

/** A connected channel as its adapter takes it: the network's account id and the decrypted credentials. */
export function providerAccountOf(
  keys: Buffer[],
  channel: { remoteId: string | null; credentials: string | null; credentialsKeyId: string | null },
): ProviderAccount {
  return { remoteId: channel.remoteId ?? '', ...decryptCredentials(keys, channel) };
}
