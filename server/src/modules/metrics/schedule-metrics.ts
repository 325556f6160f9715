/**
 * Right after a variant is published: its follower count at publication is recorded and its first
 * reading (1 h) is queued. A Redis failure here loses nothing — the reconciler queues any reading
 * that is overdue.
 */
import type { Deps } from '../../deps';
import { nextCheckpoint } from './checkpoints';
import { enqueueMetrics, metricsJob, metricsQueue } from './metrics-jobs';
import { fillFollowersAtPublish } from './metrics-repository';

export async function scheduleMetrics(deps: Deps, variant: { id: string; publishedAt: Date }): Promise<void> {
  try {
    await fillFollowersAtPublish(deps.prisma, [variant.id]);
    const next = nextCheckpoint(variant.publishedAt, new Date());
    if (next) await enqueueMetrics(metricsQueue(deps), { variantId: variant.id, checkpoint: next.checkpoint }, next.at);
  } catch (error) {
    deps.logger.warn({ variantId: variant.id, err: error }, 'could not schedule metrics now; the reconciler will');
  }
}

/** The same for many variants at once (a burst's results): one update and one bulk add. */
export async function scheduleMetricsMany(deps: Deps, variants: Array<{ id: string; publishedAt: Date }>): Promise<void> {
  if (!variants.length) return;
  try {
    await fillFollowersAtPublish(
      deps.prisma,
      variants.map((v) => v.id),
    );
    const now = new Date();
    const jobs = variants.flatMap((v) => {
      const next = nextCheckpoint(v.publishedAt, now);
      return next ? [metricsJob({ variantId: v.id, checkpoint: next.checkpoint }, next.at)] : [];
    });
    await metricsQueue(deps).addBulk(jobs);
  } catch (error) {
    deps.logger.warn({ variants: variants.length, err: error }, 'could not schedule metrics now; the reconciler will');
  }
}
