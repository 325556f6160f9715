import { z } from '../../lib/http/zod';
import type { MediaRow } from './media-repository';

export const mediaKindSchema = z.enum(['image', 'video']).openapi('MediaKind');

export const mediaSchema = z
  .object({
    id: z.uuid(),
    kind: mediaKindSchema,
    mimeType: z.string(),
    bytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    sha256: z.string(),
    originalName: z.string(),
    uploadedById: z.uuid(),
    createdAt: z.date(),
    url: z.string().openapi({ description: 'Where the file is served (same-origin, signed-in)' }),
    thumbUrl: z.string().nullable().openapi({ description: 'A 400 px wide WebP preview; null for videos' }),
  })
  .openapi('Media');

export const uploadResultSchema = z.object({ media: mediaSchema, deduplicated: z.boolean() }).openapi('MediaUpload');

export const listMediaQuery = z.strictObject({
  kind: mediaKindSchema.optional(),
  before: z.uuid({ error: 'must be a media id' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** What clients see of a media row: no storage keys, URLs instead. */
export function toMediaItem(row: MediaRow): z.infer<typeof mediaSchema> {
  const base = `/api/workspaces/${row.workspaceId}/media/${row.id}`;
  return {
    id: row.id,
    kind: row.kind,
    mimeType: row.mimeType,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    durationMs: row.durationMs,
    sha256: row.sha256,
    originalName: row.originalName,
    uploadedById: row.uploadedById,
    createdAt: row.createdAt,
    url: `${base}/file`,
    thumbUrl: row.thumbKey ? `${base}/thumb` : null,
  };
}
