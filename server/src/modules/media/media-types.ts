import { fileTypeFromBuffer } from 'file-type';
import type { MediaKind } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';

const MB = 1024 * 1024;

/** Largest accepted upload per kind, in bytes. */
export const MEDIA_LIMITS: Record<MediaKind, number> = { image: 10 * MB, video: 512 * MB };

/** How many leading bytes are sniffed to tell the type (file-type's recommended sample size). */
export const SNIFF_BYTES = 4100;

export interface MediaType {
  kind: MediaKind;
  mimeType: string;
  /** The extension of the stored file. */
  ext: string;
}

/** The accepted types, by the MIME type sniffed from the content. */
const ACCEPTED: Record<string, MediaType> = {
  'image/jpeg': { kind: 'image', mimeType: 'image/jpeg', ext: 'jpg' },
  'image/png': { kind: 'image', mimeType: 'image/png', ext: 'png' },
  // An animated PNG is a PNG to browsers and to sharp.
  'image/apng': { kind: 'image', mimeType: 'image/png', ext: 'png' },
  'image/gif': { kind: 'image', mimeType: 'image/gif', ext: 'gif' },
  'image/webp': { kind: 'image', mimeType: 'image/webp', ext: 'webp' },
  'video/mp4': { kind: 'video', mimeType: 'video/mp4', ext: 'mp4' },
  'video/quicktime': { kind: 'video', mimeType: 'video/quicktime', ext: 'mov' },
};

export const acceptedMimeTypes = [...new Set(Object.values(ACCEPTED).map((t) => t.mimeType))];

/** Tells the type from the first bytes; the client's file name and content type are never trusted. */
export async function sniffMediaType(head: Buffer): Promise<MediaType> {
  const sniffed = await fileTypeFromBuffer(head);
  const type = sniffed ? ACCEPTED[sniffed.mime] : undefined;
  if (!type) {
    throw new AppError(
      'unsupported_media_type',
      `Only JPEG, PNG, GIF and WebP images and MP4 and QuickTime videos can be uploaded; this file is ${sniffed ? sniffed.mime : 'of an unknown type'}`,
      { detected: sniffed?.mime ?? null, accepted: acceptedMimeTypes },
    );
  }
  return type;
}

export function tooLarge(type: MediaType): AppError {
  const limit = MEDIA_LIMITS[type.kind];
  return new AppError('payload_too_large', `${type.kind === 'image' ? 'Images' : 'Videos'} can be at most ${limit / MB} MB`, {
    kind: type.kind,
    maxBytes: limit,
  });
}
