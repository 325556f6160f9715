import type { Job, Queue } from 'bullmq';
import { providerFor } from '../../channels/providers/registry';
import type { Deps } from '../../deps';
import { createQueue, createWorker, queueNames, type RunningWorker } from '../../jobs/queues';
import { scheduleMetricsMany } from '../metrics/schedule-metrics';
import { checkAudience } from './check-audience';
import { createPublishBatcher } from './claim-batcher';
import { watchPauses } from './pause-watch';
import { type AudienceCheckData, CHECK_AUDIENCE_JOB, PUBLISH_JOB, type PublishJobData, RECONCILE_JOB, RESOLVE_JOB } from './publish-jobs';
import { type PublishContext, publishVariant } from './publish-variant';
import { reconcilePublishing } from './reconcile';
import { resolveVariant } from './resolve-variant';
import { watchForWipe } from './wipe-watch';

/** Jobs held at once per process: most of them only wait for their second or the network. */
const CONCURRENCY = 6_000;

/**
 * The publish worker: many jobs at once (each mostly waits on the network or the due second), stalled
 * jobs noticed within seconds (a killed worker's claim is resolved, never re-posted blind), and the
 * reconciler at start and every minute.
 */
export async function startPublishWorker(deps: Deps, options: { concurrency?: number } = {}): Promise<{ worker: RunningWorker; queue: Queue }> {
  const queue = createQueue(deps, queueNames.publish);
  const pauses = await watchPauses(deps);
  const ctx: PublishContext = {
    deps,
    queue,
    providers: (name) => providerFor(deps.config, name),
    keys: deps.config.decryptionKeys,
    pauses,
    batcher: createPublishBatcher(deps.prisma, {
      afterStore: (results) =>
        scheduleMetricsMany(
          deps,
          results.map((r) => ({ id: r.row.id, publishedAt: r.published.publishedAt })),
        ),
    }),
  };
  const declareReconciler = () =>
    queue.upsertJobScheduler(RECONCILE_JOB, { every: 60_000 }, { name: RECONCILE_JOB, opts: { removeOnComplete: 50, removeOnFail: 50 } });
  await declareReconciler();
  // The scheduler lives in Redis: after a wipe it is declared again here (idempotent), so reconciling never stops.
  const redeclare = setInterval(
    () => void declareReconciler().catch((error) => deps.logger.warn({ err: error }, 'could not declare the reconciler')),
    60_000,
  );
  redeclare.unref();
  const wipes = watchForWipe(deps, async () => {
    await declareReconciler();
    await reconcilePublishing(deps, queue);
  });
  const worker = createWorker(
    deps,
    queueNames.publish,
    async (job: Job) => {
      switch (job.name) {
        case PUBLISH_JOB:
          return publishVariant(ctx, job.data as PublishJobData, job.id ?? null);
        case RESOLVE_JOB:
          return resolveVariant(ctx, job.data as PublishJobData);
        case RECONCILE_JOB:
          return reconcilePublishing(deps, queue);
        case CHECK_AUDIENCE_JOB:
          return checkAudience(ctx, job.data as AudienceCheckData);
        default:
          throw new Error(`unknown publish job ${job.name}`);
      }
    },
    options.concurrency ?? CONCURRENCY,
    { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 3 },
  );
  await reconcilePublishing(deps, queue).catch((error) => deps.logger.error({ err: error }, 'first reconcile failed'));
  return {
    worker: {
      worker: worker.worker,
      close: async () => {
        clearInterval(redeclare);
        wipes.stop();
        await worker.close();
        pauses.stop();
      },
    },
    queue,
  };
}
