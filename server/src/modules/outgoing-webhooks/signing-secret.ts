/** The endpoint's signing secret at rest: sealed with the channel credentials' AES-256-GCM helpers (key id beside it). */
import { decryptCredentials, encryptCredentials } from '../../channels/credentials';
import { newSigningSecret } from './signature';

export interface SealedSecret {
  secret: string;
  secretKeyId: string;
  secretPrefix: string;
}

/** A new secret: the plain value (shown to the admin once) and what is stored. */
export function createSealedSecret(key: Buffer): { plain: string; sealed: SealedSecret } {
  const plain = newSigningSecret();
  const box = encryptCredentials(key, { accessToken: plain });
  return { plain, sealed: { secret: box.credentials, secretKeyId: box.credentialsKeyId, secretPrefix: plain.slice(0, 10) } };
}

export function openSecret(keys: Buffer[], stored: { secret: string; secretKeyId: string }): string {
  return decryptCredentials(keys, { credentials: stored.secret, credentialsKeyId: stored.secretKeyId }).accessToken;
}
