/**
 * Stores each signed webhook delivery raw **before** it is acknowledged, then queues its processing.
 * Deliveries that arrive together are written by one INSERT (group commit: while one write is in flight
 * the next ones gather), and the groups written within QUEUE_EVERY_MS share one processing job (the job
 * drains whatever waits anyway; fewer, larger jobs cost the API and the worker less per message). If
 * queueing fails (Redis down) the rows stay unprocessed and the sweeper (sweep-deliveries.ts) queues
 * them again: nothing is lost.
 */
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';
import { jsonRows } from '../../lib/json-rows';
import { PROCESS_DELIVERIES_JOB, processDeliveriesJobId } from './job-names';

export type WebhookSource = 'meta' | 'x';

interface Pending {
  source: WebhookSource;
  body: string;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;
const MAX_IN_FLIGHT = 3;
/**
 * Stored deliveries wait at most this long for company before their processing job is queued. Per batch the
 * worker pays a fixed price (a transaction, a dozen statements, one new version of each conversation it
 * touches), so under load 100 ms batches cost half the CPU per message of 20 ms ones (docs/BENCHMARKS.md,
 * session 6) while a message still shows within a quarter of a second.
 */
const QUEUE_EVERY_MS = 100;

class DeliveryWriter {
  private pending: Pending[] = [];
  private inFlight = 0;
  private queue: Queue | null = null;
  private unqueued: string[] = [];
  private queueTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: Deps) {}

  store(source: WebhookSource, body: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.pending.push({ source, body, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      this.inFlight += 1;
      void this.write(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    let ids: string[];
    try {
      // The bodies travel as one JSON parameter (lib/json-rows.ts: cheaper than text[] arrays).
      ids = batch.map(() => randomUUID());
      await this.deps.prisma.$executeRawUnsafe(
        `INSERT INTO "WebhookDelivery" (id, source, body)
         SELECT id, source, body FROM json_to_recordset($1::json) AS t(id uuid, source "WebhookSource", body text)`,
        jsonRows(batch.map((p, i) => ({ id: ids[i], source: p.source, body: p.body }))),
      );
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      p.resolve(ids[i] as string);
    });
    // Stored: the network gets its 200 now. Queueing is best effort (the sweeper catches what it misses).
    this.unqueued.push(...ids);
    this.queueTimer ??= setTimeout(() => this.queueProcessing(), QUEUE_EVERY_MS);
  }

  private queueProcessing(): void {
    this.queueTimer = null;
    const ids = this.unqueued;
    this.unqueued = [];
    if (ids.length === 0) return;
    this.queue ??= createQueue(this.deps, queueNames.inboxDeliveries);
    this.queue
      .add(
        PROCESS_DELIVERIES_JOB,
        { deliveryIds: ids },
        { jobId: processDeliveriesJobId(ids[0] as string), removeOnComplete: 1000, removeOnFail: 1000 },
      )
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error, deliveries: ids.length }, 'webhook deliveries stored but not queued; the sweeper will'),
      );
  }

  async close(): Promise<void> {
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueProcessing();
    await this.queue?.close();
  }
}

const writers = new WeakMap<Deps, DeliveryWriter>();

/** Resolves with the delivery's id once it is in the database. */
export function storeDelivery(deps: Deps, source: WebhookSource, body: string): Promise<string> {
  let writer = writers.get(deps);
  if (!writer) {
    writer = new DeliveryWriter(deps);
    writers.set(deps, writer);
  }
  return writer.store(source, body);
}
