import type { Prisma, PublishOutcome } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

/** What the publisher needs about a variant, its post and its channel (credentials stay encrypted here). */
export const publishSelect = {
  id: true,
  workspaceId: true,
  postId: true,
  text: true,
  link: true,
  firstComment: true,
  scheduledAt: true,
  scheduleVersion: true,
  state: true,
  heldAt: true,
  deletedAt: true,
  segment: { select: { regions: true, ageMin: true, ageMax: true, genders: true, locales: true } },
  media: { orderBy: { position: 'asc' }, select: { media: { select: { id: true, kind: true, mimeType: true, storageKey: true } } } },
  post: { select: { id: true, state: true, version: true, approvedVersion: true, authorId: true, title: true, deletedAt: true } },
  channelAccount: {
    select: {
      id: true,
      provider: true,
      remoteId: true,
      status: true,
      pausedAt: true,
      credentials: true,
      credentialsKeyId: true,
      tokenExpiresAt: true,
      name: true,
    },
  },
  workspace: { select: { publishingPausedAt: true } },
} as const satisfies Prisma.VariantSelect;
export type PublishRow = Prisma.VariantGetPayload<{ select: typeof publishSelect }>;

export function findForPublish(db: Db, variantId: string): Promise<PublishRow | null> {
  return db.variant.findUnique({ where: { id: variantId }, select: publishSelect });
}

export async function lockVariant(db: Db, variantId: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "Variant" WHERE id = ${variantId}::uuid FOR UPDATE`;
}

/**
 * The common case of a claim in one statement (no interactive transaction): a variant still
 * `scheduled` at this schedule version, of an approved live post, due by `dueBy`, not paused, turns
 * `publishing` with a new attempt. The row lock of the UPDATE makes it exclusive (a concurrent claim
 * re-checks `state` after the lock and matches nothing). Answers the attempt id, or null when any
 * condition fails (the caller then finds out why, in a transaction).
 */
export async function claimIfReady(db: Db, variantId: string, scheduleVersion: number, dueBy: Date, jobId: string | null): Promise<string | null> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    WITH claimed AS (
      UPDATE "Variant" v SET state = 'publishing', "updatedAt" = now()
      FROM "Post" p, "Workspace" w, "ChannelAccount" c
      WHERE v.id = ${variantId}::uuid AND v."scheduleVersion" = ${scheduleVersion} AND v.state = 'scheduled' AND v."deletedAt" IS NULL
        AND v."scheduledAt" IS NOT NULL AND v."scheduledAt" <= ${dueBy}
        AND p.id = v."postId" AND p."deletedAt" IS NULL AND p.state = 'scheduled' AND p."approvedVersion" = p.version
        AND w.id = v."workspaceId" AND w."publishingPausedAt" IS NULL
        AND c.id = v."channelAccountId" AND c."pausedAt" IS NULL
      RETURNING v.id, v."workspaceId", v."scheduleVersion", p.version
    )
    INSERT INTO "PublishAttempt" (id, "variantId", "workspaceId", "scheduleVersion", "contentVersion", "jobId")
    SELECT gen_random_uuid(), id, "workspaceId", "scheduleVersion", version, ${jobId} FROM claimed
    RETURNING id`;
  return rows[0]?.id ?? null;
}

/**
 * `claimIfReady` for many variants in one statement (see claim-batcher.ts): each request carries its
 * schedule version, job id and deadline. Answers variant id → attempt id for the claimed ones.
 */
export async function claimManyIfReady(
  db: Db,
  requests: Array<{ variantId: string; scheduleVersion: number; jobId: string | null; dueBy: Date }>,
): Promise<Map<string, string>> {
  const rows = await db.$queryRaw<Array<{ id: string; variantId: string }>>`
    WITH req AS (
      SELECT * FROM unnest(${requests.map((r) => r.variantId)}::uuid[], ${requests.map((r) => r.scheduleVersion)}::int[],
        ${requests.map((r) => r.jobId ?? '')}::text[], ${requests.map((r) => r.dueBy.toISOString())}::timestamptz[])
        AS r(id, sv, job_id, due_by)
    ), claimed AS (
      UPDATE "Variant" v SET state = 'publishing', "updatedAt" = now()
      FROM req r, "Post" p, "Workspace" w, "ChannelAccount" c
      WHERE v.id = r.id AND v."scheduleVersion" = r.sv AND v.state = 'scheduled' AND v."deletedAt" IS NULL
        AND v."scheduledAt" IS NOT NULL AND v."scheduledAt" <= r.due_by
        AND p.id = v."postId" AND p."deletedAt" IS NULL AND p.state = 'scheduled' AND p."approvedVersion" = p.version
        AND w.id = v."workspaceId" AND w."publishingPausedAt" IS NULL
        AND c.id = v."channelAccountId" AND c."pausedAt" IS NULL
      RETURNING v.id, v."workspaceId", v."scheduleVersion", p.version, NULLIF(r.job_id, '') AS job_id
    )
    INSERT INTO "PublishAttempt" (id, "variantId", "workspaceId", "scheduleVersion", "contentVersion", "jobId")
    SELECT gen_random_uuid(), id, "workspaceId", "scheduleVersion", version, job_id FROM claimed
    RETURNING id, "variantId"`;
  return new Map(rows.map((r) => [r.variantId, r.id]));
}

export async function findManyForPublish(db: Db, variantIds: string[]): Promise<Map<string, PublishRow>> {
  const rows = await db.variant.findMany({ where: { id: { in: variantIds } }, select: publishSelect });
  return new Map(rows.map((r) => [r.id, r]));
}

/** Locks posts in id order (every multi-post lock takes them in this order). */
export async function lockPosts(db: Db, postIds: string[]): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "Post" WHERE id = ANY(${postIds}::uuid[]) ORDER BY id FOR UPDATE`;
}

/** Posts that went out: each variant `published` with its remote id, each attempt `succeeded` (two statements). */
export async function storePublished(
  db: Db,
  results: Array<{ variantId: string; attemptId: string; remoteId: string; url: string | null; publishedAt: Date }>,
): Promise<void> {
  await db.$executeRaw`
    UPDATE "Variant" v SET state = 'published', "remoteId" = r.remote_id, "remoteUrl" = NULLIF(r.url, ''),
      "publishedAt" = r.published_at, "failureReason" = NULL, "failureKind" = NULL, "updatedAt" = now()
    FROM unnest(${results.map((r) => r.variantId)}::uuid[], ${results.map((r) => r.remoteId)}::text[],
      ${results.map((r) => r.url ?? '')}::text[], ${results.map((r) => r.publishedAt.toISOString())}::timestamptz[])
      AS r(id, remote_id, url, published_at)
    WHERE v.id = r.id`;
  await db.$executeRaw`
    UPDATE "PublishAttempt" a SET outcome = 'succeeded', "finishedAt" = now(), "remoteId" = r.remote_id
    FROM unnest(${results.map((r) => r.attemptId)}::uuid[], ${results.map((r) => r.remoteId)}::text[]) AS r(id, remote_id)
    WHERE a.id = r.id`;
}

/**
 * Settles posts whose variants have all finished: `published` when every live variant went out,
 * `partially_published` when some did and the rest failed, `failed` when none went out and some
 * failed; a post with a variant still on its way is left as it is. One statement for many posts.
 */
export async function settlePostStates(db: Db, postIds: string[]): Promise<void> {
  await db.$executeRaw`
    UPDATE "Post" p SET state = (CASE WHEN s.published = s.total THEN 'published'
        WHEN s.published > 0 THEN 'partially_published' ELSE 'failed' END)::"PostState", "updatedAt" = now()
    FROM (
      SELECT "postId", count(*) AS total,
        count(*) FILTER (WHERE state = 'published') AS published,
        count(*) FILTER (WHERE state = 'failed') AS failed,
        count(*) FILTER (WHERE state IN ('scheduled', 'publishing', 'unconfirmed')) AS pending
      FROM "Variant" WHERE "postId" = ANY(${postIds}::uuid[]) AND "deletedAt" IS NULL GROUP BY "postId"
    ) s
    WHERE p.id = s."postId" AND s.pending = 0 AND (s.published > 0 OR s.failed > 0)`;
}

export function startAttempt(db: Db, row: PublishRow, jobId: string | null) {
  return db.publishAttempt.create({
    data: { variantId: row.id, workspaceId: row.workspaceId, scheduleVersion: row.scheduleVersion, contentVersion: row.post.version, jobId },
    select: { id: true, startedAt: true },
  });
}

export async function finishAttempt(
  db: Db,
  attemptId: string,
  outcome: PublishOutcome,
  extra: { errorMessage?: string | null; remoteId?: string | null } = {},
) {
  await db.publishAttempt.update({ where: { id: attemptId }, data: { outcome, finishedAt: new Date(), ...extra }, select: { id: true } });
}

/** The newest attempt of a variant (the one an unknown outcome is about). */
export function lastAttempt(db: Db, variantId: string) {
  return db.publishAttempt.findFirst({ where: { variantId }, orderBy: { startedAt: 'desc' }, select: { id: true, startedAt: true, outcome: true } });
}

export function countAttempts(db: Db, variantId: string, scheduleVersion: number) {
  return db.publishAttempt.count({ where: { variantId, scheduleVersion, outcome: { in: ['transient', 'unknown'] } } });
}

export async function setVariantOutcome(db: Db, variantId: string, data: Prisma.VariantUncheckedUpdateInput): Promise<void> {
  await db.variant.update({ where: { id: variantId }, data, select: { id: true } });
}

/** Scheduled variants of publishable posts due before `until` (the reconciler's and the queue's view). */
export function queuedVariants(db: Db, until: Date) {
  return db.variant.findMany({
    where: {
      state: 'scheduled',
      deletedAt: null,
      heldAt: null,
      scheduledAt: { not: null, lte: until },
      post: { state: 'scheduled', deletedAt: null },
    },
    select: { id: true, scheduleVersion: true, scheduledAt: true, workspaceId: true, channelAccountId: true },
    orderBy: { scheduledAt: 'asc' },
  });
}

/** Variants whose attempt's outcome is not known (marked unconfirmed, or claimed and not finished yet). */
export function unsettledVariants(db: Db) {
  return db.variant.findMany({
    where: { deletedAt: null, state: { in: ['unconfirmed', 'publishing'] } },
    select: { id: true, state: true, scheduleVersion: true, scheduledAt: true, updatedAt: true, _count: { select: { media: true } } },
  });
}

/** Whether the workspace's publishing is paused, and which of its channels are. */
export async function findPauseState(db: Db, workspaceId: string) {
  const [workspace, channels] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { publishingPausedAt: true } }),
    db.channelAccount.findMany({
      where: { workspaceId, pausedAt: { not: null } },
      orderBy: { name: 'asc' },
      select: { id: true, name: true, pausedAt: true },
    }),
  ]);
  return { pausedAt: workspace?.publishingPausedAt ?? null, channels };
}
