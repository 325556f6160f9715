/**
 * Networks fetch media by URL (the Graph API takes `url` / `image_url`): a short-lived signed URL
 * per media file, served without a session (`GET /api/public-media/:mediaId?exp=&sig=`).
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/crypto';

const TTL_MS = 6 * 3_600_000;

const signatureOf = (secret: string, mediaId: string, exp: number) =>
  createHmac('sha256', secret).update(`media:${mediaId}:${exp}`).digest('base64url');

export function signedMediaUrl(config: { appUrl: string; sessionSecret: string }, mediaId: string, now = Date.now()): string {
  const exp = Math.floor((now + TTL_MS) / 1000);
  return `${config.appUrl}/api/public-media/${mediaId}?exp=${exp}&sig=${signatureOf(config.sessionSecret, mediaId, exp)}`;
}

export function verifyMediaSignature(secret: string, mediaId: string, exp: number, sig: string, now = Date.now()): boolean {
  return exp * 1000 > now && safeEqual(signatureOf(secret, mediaId, exp), sig);
}
