/**
 * Published history for reports, shared by the demo seed and the tests: a post whose variants went out
 * at given instants, with their follower count at publication and their metric snapshots.
 */
import type { Db } from '../../server/src/lib/db';
import type { Checkpoint } from '../../server/src/modules/metrics/checkpoints';
import { checkpointAt } from '../../server/src/modules/metrics/checkpoints';
import { buildPost } from './builders';

export interface ReadingSeed {
  checkpoint: Checkpoint;
  reactions: number;
  comments: number;
  shares: number;
  impressions?: number | null;
  reach?: number | null;
}

export interface PublishedVariantSeed {
  channelAccountId: string;
  segmentId?: string | null;
  text: string;
  link?: string | null;
  mediaIds?: string[];
  publishedAt: Date;
  followersAtPublish: number | null;
  readings: ReadingSeed[];
}

export async function buildPublishedPost(
  db: Db,
  workspaceId: string,
  author: { id: string },
  input: { title: string; campaignId?: string | null; labels?: string[]; variants: PublishedVariantSeed[] },
) {
  const post = await buildPost(db, workspaceId, author, {
    title: input.title,
    campaignId: input.campaignId ?? null,
    labels: input.labels ?? [],
    variants: input.variants.map((v) => ({ ...v, scheduledAt: v.publishedAt })),
  });
  await db.post.update({ where: { id: post.id }, data: { state: 'published', approvedVersion: 1 }, select: { id: true } });
  for (const [i, v] of input.variants.entries()) {
    const variantId = post.variantIds[i] as string;
    await db.variant.update({
      where: { id: variantId },
      data: {
        state: 'published',
        publishedAt: v.publishedAt,
        remoteId: `seed-${variantId}`,
        followersAtPublish: v.followersAtPublish,
      },
      select: { id: true },
    });
    if (v.readings.length)
      await db.metricSnapshot.createMany({
        data: v.readings.map((r) => ({
          workspaceId,
          variantId,
          checkpoint: r.checkpoint,
          reactions: r.reactions,
          comments: r.comments,
          shares: r.shares,
          impressions: r.impressions ?? null,
          reach: r.reach ?? null,
          fetchedAt: checkpointAt(v.publishedAt, r.checkpoint),
        })),
      });
  }
  return post;
}
