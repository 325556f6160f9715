import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Deps } from '../../deps';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { findMediaBySha, insertMedia, type MediaRow } from './media-repository';
import { type MediaFacts, probeImage, probeVideo } from './probe-media';
import { receiveUpload } from './receive-upload';
import { mediaStorage, uploadTempDir } from './storage';

export interface UploadResult {
  media: MediaRow;
  /** The workspace had these exact bytes already: the existing media is returned, nothing is stored. */
  deduplicated: boolean;
}

/**
 * Receives one multipart upload, checks it by content, and stores it once per workspace
 * (de-duplicated by sha256). Files reach their final keys only after every check passed, and are
 * removed again if the database insert fails.
 */
export async function uploadMedia(
  deps: Deps,
  actor: AuditActor & { userId: string },
  workspaceId: string,
  req: IncomingMessage,
): Promise<UploadResult> {
  const file = await receiveUpload(req, uploadTempDir(deps));
  try {
    const existing = await findMediaBySha(deps.prisma, workspaceId, file.sha256);
    if (existing) return { media: existing, deduplicated: true };

    const facts: MediaFacts = file.type.kind === 'image' ? await probeImage(file.tempPath) : await probeVideo(file.tempPath);
    const storage = mediaStorage(deps);
    const storageKey = `${workspaceId}/${file.sha256}.${file.type.ext}`;
    const thumbKey = facts.thumbnail ? `${workspaceId}/${file.sha256}.thumb.webp` : null;
    try {
      await storage.put(storageKey, createReadStream(file.tempPath));
      if (thumbKey && facts.thumbnail) await storage.put(thumbKey, facts.thumbnail);
      const media = await deps.prisma.$transaction(async (tx) => {
        const row = await insertMedia(tx, {
          workspaceId,
          sha256: file.sha256,
          kind: file.type.kind,
          mimeType: file.type.mimeType,
          bytes: file.bytes,
          width: facts.width,
          height: facts.height,
          durationMs: facts.durationMs,
          storageKey,
          thumbKey,
          originalName: file.originalName,
          uploadedById: actor.userId,
        });
        const { storageKey: _key, thumbKey: _thumb, ...after } = row;
        await recordAudit(tx, actor, { workspaceId, entityType: 'media', entityId: row.id, action: 'media.uploaded', after });
        return row;
      });
      return { media, deduplicated: false };
    } catch (error) {
      // The same bytes uploaded at the same moment: the other upload won, and its files are these files.
      const winner = await findMediaBySha(deps.prisma, workspaceId, file.sha256);
      if (winner) return { media: winner, deduplicated: true };
      await Promise.all([storage.delete(storageKey), thumbKey ? storage.delete(thumbKey) : undefined]);
      throw error;
    }
  } finally {
    await rm(file.tempPath, { force: true });
  }
}
