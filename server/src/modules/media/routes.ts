import type { Response } from 'express';
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { deleteMedia } from './delete-media';
import { findMedia, findMediaById, listMedia } from './media-repository';
import { MEDIA_LIMITS } from './media-types';
import { listMediaQuery, mediaSchema, toMediaItem, uploadResultSchema } from './schemas';
import { verifyMediaSignature } from './signed-url';
import { type MediaStorage, mediaStorage } from './storage';
import { uploadMedia } from './upload-media';

const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;

/** The media library: uploads checked by content, de-duplicated per workspace, reused across posts. */
export function mediaRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/media',
      summary:
        'Upload an image or video: `multipart/form-data` with one `file` field. The type is read from the content ' +
        `(JPEG, PNG, GIF, WebP up to ${mb(MEDIA_LIMITS.image)}; MP4, QuickTime up to ${mb(MEDIA_LIMITS.video)}). ` +
        'Bytes the workspace has already are not stored again: the existing media comes back with `deduplicated: true`.',
      tags: ['media'],
      access: planners,
      params: idParams('workspaceId'),
      responses: {
        200: { description: 'The workspace had these bytes already', schema: uploadResultSchema },
        201: { description: 'Stored', schema: uploadResultSchema },
        413: { description: 'Larger than the limit of its kind' },
        415: { description: 'Not an accepted image or video type (judged by content)' },
        422: { description: 'An image that cannot be decoded' },
      },
      async handler({ auth, req, workspace }) {
        const result = await uploadMedia(deps, actorOf(auth, req), workspace.id, req);
        return { status: result.deduplicated ? 200 : 201, body: { media: toMediaItem(result.media), deduplicated: result.deduplicated } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/media',
      summary: 'Media library, newest first (page with `before`, the last id of a page)',
      tags: ['media'],
      access: everyone,
      params: idParams('workspaceId'),
      query: listMediaQuery,
      responses: { 200: { description: 'Media', schema: z.object({ media: z.array(mediaSchema), nextBefore: z.uuid().nullable() }) } },
      async handler({ query, workspace }) {
        const rows = await listMedia(deps.prisma, workspace.id, query);
        return { body: { media: rows.map(toMediaItem), nextBefore: rows.length === query.limit ? (rows.at(-1)?.id ?? null) : null } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/media/:mediaId/file',
      summary: 'The file itself (immutable: cache it forever)',
      tags: ['media'],
      access: everyone,
      params: idParams('workspaceId', 'mediaId'),
      responses: { 200: { description: 'The bytes, with their sniffed content type' } },
      async handler({ params, res, workspace }) {
        const media = await findMedia(deps.prisma, workspace.id, params.mediaId);
        if (!media) throw notFound('Media');
        await sendStored(res, mediaStorage(deps), media.storageKey, media.mimeType, media.originalName);
        return {};
      },
    }),
    defineRoute({
      method: 'get',
      path: '/public-media/:mediaId',
      summary: 'A media file by a short-lived signed URL (how networks fetch what they publish)',
      tags: ['media'],
      access: 'public',
      params: idParams('mediaId'),
      query: z.strictObject({ exp: z.coerce.number().int().positive(), sig: z.string().min(10).max(100) }),
      responses: { 200: { description: 'The bytes' }, 404: { description: 'Unknown, expired or wrongly signed' } },
      async handler({ params, query, res }) {
        const media = verifyMediaSignature(deps.config.sessionSecret, params.mediaId, query.exp, query.sig)
          ? await findMediaById(deps.prisma, params.mediaId)
          : null;
        if (!media) throw notFound('Media');
        await sendStored(res, mediaStorage(deps), media.storageKey, media.mimeType);
        return {};
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/media/:mediaId/thumb',
      summary: 'A 400 px wide WebP preview of an image (404 for videos)',
      tags: ['media'],
      access: everyone,
      params: idParams('workspaceId', 'mediaId'),
      responses: { 200: { description: 'image/webp' } },
      async handler({ params, res, workspace }) {
        const media = await findMedia(deps.prisma, workspace.id, params.mediaId);
        if (!media?.thumbKey) throw notFound(media ? 'Thumbnail' : 'Media');
        await sendStored(res, mediaStorage(deps), media.thumbKey, 'image/webp');
        return {};
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/media/:mediaId',
      summary: 'Delete media no post uses (409 with the variants that use it otherwise)',
      tags: ['media'],
      access: planners,
      params: idParams('workspaceId', 'mediaId'),
      responses: { 204: { description: 'Deleted, with its files' }, 409: { description: 'In use; `details.variantIds` lists the variants' } },
      async handler({ auth, params, req, workspace }) {
        await deleteMedia(deps, actorOf(auth, req), workspace.id, params.mediaId);
        return { status: 204 };
      },
    }),
  ];
}

/** Streams a stored file. Only images and videos are shown inline; anything else downloads. */
async function sendStored(res: Response, storage: MediaStorage, key: string, mimeType: string, name?: string): Promise<void> {
  const size = await storage.size(key);
  if (size === null) throw notFound('Media file');
  const inline = /^(image|video)\//.test(mimeType);
  const filename = name ? `; filename*=UTF-8''${encodeURIComponent(name)}` : '';
  res.status(200).set({
    'content-type': mimeType,
    'content-length': String(size),
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    'content-disposition': `${inline ? 'inline' : 'attachment'}${filename}`,
  });
  await new Promise<void>((resolve) => {
    const stream = storage.get(key);
    stream.on('error', (error) => {
      res.req.log.error({ err: error, key }, 'media file could not be read');
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
