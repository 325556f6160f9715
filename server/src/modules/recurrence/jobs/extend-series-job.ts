import type { Queue } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Deps } from '../../../deps';
import { AppError } from '../../../lib/errors';
import { extendSeries } from '../extend-series';
import { findSeriesHead, listSeriesHeads } from '../series-repository';
import { parseSeriesRule } from '../series-rule';

/** The scheduler's job: fans out one `EXTEND_SERIES_JOB` per series. */
export const EXTEND_ALL_SERIES_JOB = 'extend-all-series';
export const EXTEND_SERIES_JOB = 'extend-series';
/** How often the horizon is topped up: a few times a day, so a missed run costs nothing. */
export const EXTEND_EVERY_MS = 6 * 3_600_000;

export interface ExtendSeriesData {
  workspaceId: string;
  seriesId: string;
}

/**
 * One job per series, with an id fixed for this run's window: two processes fanning out at once
 * (or one fanning out twice) enqueue each series once.
 */
export async function fanOutSeriesExtension(deps: Deps, queue: Queue, now = new Date()) {
  const heads = await listSeriesHeads(deps.prisma);
  const window = Math.floor(now.getTime() / EXTEND_EVERY_MS);
  await queue.addBulk(
    heads.map((head) => ({
      name: EXTEND_SERIES_JOB,
      data: { workspaceId: head.workspaceId, seriesId: head.id } satisfies ExtendSeriesData,
      opts: {
        jobId: `${EXTEND_SERIES_JOB}:${head.id}:${window}`,
        removeOnComplete: 1000,
        removeOnFail: 1000,
        attempts: 3,
        backoff: { type: 'exponential', delay: 30_000 },
      },
    })),
  );
  return { series: heads.length };
}

/**
 * Creates the occurrences due within the series' horizon from now. Idempotent (extendSeries creates
 * nothing twice). A series whose template no longer passes the rules (a channel removed, say) is
 * not retried: the problem is logged and waits for a planner.
 */
export async function runSeriesExtension(deps: Deps, data: ExtendSeriesData, now = new Date()) {
  const head = await findSeriesHead(deps.prisma, data.workspaceId, data.seriesId);
  if (!head?.recurrence) return { created: 0 };
  const { horizonDays } = parseSeriesRule(head.recurrence);
  try {
    const { created } = await extendSeries(deps, data.workspaceId, data.seriesId, new Date(now.getTime() + horizonDays * 86_400_000), { now });
    return { created: created.length };
  } catch (error) {
    if (error instanceof AppError && error.code === 'unprocessable') {
      deps.logger.warn({ workspaceId: data.workspaceId, seriesId: data.seriesId, details: error.details }, 'series cannot be extended');
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
}
