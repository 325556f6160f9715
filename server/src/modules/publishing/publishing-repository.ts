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
    select: { id: true, provider: true, remoteId: true, status: true, pausedAt: true, credentials: true, credentialsKeyId: true, name: true },
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

/** States of a post's live variants, to settle the post's own state. */
export async function variantStates(db: Db, postId: string): Promise<string[]> {
  const rows = await db.variant.findMany({ where: { postId, deletedAt: null }, select: { state: true } });
  return rows.map((r) => r.state);
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
