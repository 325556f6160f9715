/**
 * Claims and results in batches (DataLoader collects what arrives within a few milliseconds).
 *
 * When a burst becomes active (10,000 variants due at 09:00:00 wake 15 s early), claiming them with
 * one statement and one reload each is what limits the engine, and so is storing 10,000 results one
 * transaction each. Here the claims of a few milliseconds share one UPDATE … FROM unnest(…) and one
 * reload, and the published posts share one transaction. Exactness is the same as alone: the
 * statement's row locks make each claim exclusive, and a variant not claimed (gone, rescheduled,
 * held, paused …) is answered `null`, so its job finds out why in a transaction of its own.
 */
import DataLoader from 'dataloader';
import type { PublishedPost } from '../../channels/providers/provider';
import type { Db, PrismaClient } from '../../lib/db';
import { emitEvents } from '../outgoing-webhooks/emit-event';
import { publishedEventsOf } from '../outgoing-webhooks/event-payloads';
import { claimManyIfReady, findManyForPublish, lockPosts, type PublishRow, storePublished } from './publishing-repository';
import { settlePosts } from './settle-post';

export interface ClaimRequest {
  variantId: string;
  scheduleVersion: number;
  jobId: string | null;
  /** Claim only if due by then. */
  dueBy: Date;
}

export interface Claimed {
  attemptId: string;
  row: PublishRow;
}

export interface PublishedResult {
  row: PublishRow;
  attemptId: string;
  published: PublishedPost;
}

export interface PublishBatcher {
  /** The claim, or null when the variant is not ready (the caller then asks why). */
  claim(request: ClaimRequest): Promise<Claimed | null>;
  /** Stores a post that went out (variant, attempt, the post's state); resolves once committed. */
  storePublished(result: PublishedResult): Promise<void>;
  /** Makes a network call, counted: while a burst's calls are in flight its results wait (at most HOLD_MS). */
  calling<T>(call: () => Promise<T>): Promise<T>;
}

/** How long a claim or a result waits for company, and the most one statement takes. */
const WINDOW_MS = 5;
const MAX_BATCH = 500;
/** Interactive transactions of the publisher wait this long for a connection when a burst fills the pool. */
export const PUBLISH_TX = { maxWait: 30_000, timeout: 20_000 };
/**
 * While this process still has publish calls in flight (a burst), results wait up to this long so their
 * transactions, job completions and follow-up jobs do not take the cores from the calls still going out.
 * The remote ids are held in memory meanwhile; a worker killed then leaves claims that are resolved by
 * asking the network (resolve-variant.ts), never re-posted blind.
 */
const HOLD_MS = 1_500;

export interface BatcherOptions {
  windowMs?: number;
  maxBatch?: number;
  /** After a batch of results is committed (e.g. their metrics readings are scheduled); must not throw. */
  afterStore?: (results: readonly PublishedResult[]) => Promise<void>;
}

export function createPublishBatcher(prisma: PrismaClient, options: BatcherOptions = {}): PublishBatcher {
  const windowMs = options.windowMs ?? WINDOW_MS;
  let inFlight = 0;
  const batching = {
    cache: false,
    maxBatchSize: options.maxBatch ?? MAX_BATCH,
    batchScheduleFn: (run: () => void) => setTimeout(run, windowMs),
  };
  const claims = new DataLoader<ClaimRequest, Claimed | null>((requests) => claimMany(prisma, requests), batching);
  const results = new DataLoader<PublishedResult, true>(
    async (items) => {
      await prisma.$transaction((tx) => storeMany(tx, items), PUBLISH_TX);
      if (options.afterStore) void options.afterStore(items);
      return items.map(() => true as const);
    },
    {
      ...batching,
      batchScheduleFn: (run) => {
        const until = Date.now() + HOLD_MS;
        const wait = () => (inFlight > 0 && Date.now() < until ? setTimeout(wait, 20) : run());
        setTimeout(wait, windowMs);
      },
    },
  );
  return {
    claim: (request) => claims.load(request),
    storePublished: async (result) => {
      await results.load(result);
    },
    calling: async (call) => {
      inFlight++;
      try {
        return await call();
      } finally {
        inFlight--;
      }
    },
  };
}

async function claimMany(db: Db, requests: readonly ClaimRequest[]): Promise<Array<Claimed | null>> {
  // The same variant twice in one batch (a job and its retry): only the first is asked here, the
  // other answers null and asks on its own — two requests must never share one claim.
  const seen = new Set<string>();
  const firsts = requests.map((r) => {
    if (seen.has(r.variantId)) return false;
    seen.add(r.variantId);
    return true;
  });
  const attempts = await claimManyIfReady(
    db,
    requests.filter((_, i) => firsts[i]),
  );
  const rows = attempts.size ? await findManyForPublish(db, [...attempts.keys()]) : new Map<string, PublishRow>();
  return requests.map((r, i) => {
    const attemptId = firsts[i] ? attempts.get(r.variantId) : undefined;
    const row = rows.get(r.variantId);
    return attemptId && row ? { attemptId, row } : null;
  });
}

async function storeMany(tx: Db, items: readonly PublishedResult[]): Promise<void> {
  const postIds = [...new Set(items.map((i) => i.row.postId))];
  // The posts first, in id order (approvals lock a post before its variants): no lock-order deadlock.
  await lockPosts(tx, postIds);
  await storePublished(
    tx,
    items.map((i) => ({ variantId: i.row.id, attemptId: i.attemptId, ...i.published })),
  );
  // The batch's variant.published events for every subscribed endpoint: one INSERT … SELECT.
  await emitEvents(tx, 'variant.published', publishedEventsOf(items));
  await settlePosts(tx, postIds);
}
