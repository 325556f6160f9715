import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';
import { DEFAULT_POLICY, type Policy, type PolicyStep, type RoundDecision } from './policy';
import type { PostSnapshot } from './versions';
import type { PostState } from './workflow';

export async function findPolicy(db: Db, workspaceId: string): Promise<Policy> {
  const row = await db.approvalPolicy.findUnique({
    where: { workspaceId },
    select: { steps: true, allowSelfApproval: true, lateApproval: true, reminderLeadMinutes: true },
  });
  if (!row) return DEFAULT_POLICY;
  return { ...row, steps: row.steps as unknown as PolicyStep[] };
}

export async function savePolicy(db: Db, workspaceId: string, policy: Policy): Promise<void> {
  const data = { ...policy, steps: policy.steps as unknown as Prisma.InputJsonValue };
  await db.approvalPolicy.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data, select: { workspaceId: true } });
}

/** Roles of every member of a workspace, with names (for "who must act next"). */
export async function listReviewers(db: Db, workspaceId: string) {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    select: { roles: true, user: { select: { id: true, name: true, email: true, locale: true } } },
  });
  return rows.map((r) => ({ userId: r.user.id, name: r.user.name, email: r.user.email, locale: r.user.locale, roles: r.roles as string[] }));
}
export type ReviewerRow = Awaited<ReturnType<typeof listReviewers>>[number];

/** Locks a post for a state change (decisions, submissions and edits serialise on it). */
export async function lockPost(db: Db, postId: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "Post" WHERE id = ${postId}::uuid FOR UPDATE`;
}

export function roundDecisions(db: Db, postId: string, version: number, since: Date | null): Promise<RoundDecision[]> {
  return db.approvalDecision.findMany({
    where: { postId, version, ...(since ? { createdAt: { gte: since } } : {}) },
    orderBy: { createdAt: 'asc' },
    select: { stepId: true, decision: true, userId: true, reviewerEmail: true },
  });
}

export function insertDecision(
  db: Db,
  data: {
    workspaceId: string;
    postId: string;
    version: number;
    stepId: string;
    decision: 'approved' | 'changes_requested';
    comment: string;
    userId?: string | null;
    reviewerEmail?: string | null;
  },
) {
  return db.approvalDecision.create({ data, select: { id: true, createdAt: true } });
}

/** Every decision on a post, newest first, with who made it. */
export function listDecisions(db: Db, postId: string) {
  return db.approvalDecision.findMany({
    where: { postId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      version: true,
      stepId: true,
      decision: true,
      comment: true,
      reviewerEmail: true,
      createdAt: true,
      user: { select: { id: true, name: true } },
    },
  });
}

export async function setPostState(db: Db, postId: string, data: { state: PostState } & Prisma.PostUncheckedUpdateInput): Promise<void> {
  await db.post.update({ where: { id: postId }, data, select: { id: true } });
}

/** Queues the post's timed variants (state `scheduled`); untimed ones stay drafts. */
export async function queueVariants(db: Db, postId: string): Promise<void> {
  await db.variant.updateMany({
    where: { postId, deletedAt: null, scheduledAt: { not: null }, state: { in: ['draft', 'failed', 'canceled'] } },
    data: { state: 'scheduled' },
  });
}

/** Takes the post's queued variants off the queue (back to drafts, or canceled). */
export async function unqueueVariants(db: Db, postId: string, to: 'draft' | 'canceled' = 'draft'): Promise<void> {
  await db.variant.updateMany({
    where: { postId, deletedAt: null, state: { in: to === 'canceled' ? ['draft', 'scheduled', 'failed'] : ['scheduled'] } },
    data: { state: to },
  });
}

export async function restoreCanceledVariants(db: Db, postId: string): Promise<void> {
  await db.variant.updateMany({ where: { postId, deletedAt: null, state: 'canceled' }, data: { state: 'draft' } });
}

/** Moves past variant times to `at` (late approval, publish at once): a schedule change, not content. */
export async function moveLateVariants(db: Db, postId: string, now: Date, at: Date): Promise<void> {
  await db.variant.updateMany({
    where: { postId, deletedAt: null, scheduledAt: { lt: now } },
    data: { scheduledAt: at, scheduleVersion: { increment: 1 } },
  });
}

export async function saveVersion(db: Db, postId: string, version: number, snapshot: PostSnapshot, createdById: string | null): Promise<void> {
  const json = snapshot as unknown as Prisma.InputJsonValue;
  await db.postVersion.upsert({
    where: { postId_version: { postId, version } },
    create: { postId, version, snapshot: json, createdById },
    update: {},
    select: { id: true },
  });
}

export async function findVersion(db: Db, postId: string, version: number): Promise<PostSnapshot | null> {
  const row = await db.postVersion.findUnique({ where: { postId_version: { postId, version } }, select: { snapshot: true } });
  return (row?.snapshot as unknown as PostSnapshot | undefined) ?? null;
}

export function listVersions(db: Db, postId: string) {
  return db.postVersion.findMany({
    where: { postId },
    orderBy: { version: 'desc' },
    select: { version: true, createdAt: true, createdById: true },
  });
}

/** Posts in review in a workspace, soonest first by their first planned time (untimed last). */
export async function postsInReview(db: Db, workspaceId: string) {
  const rows = await db.post.findMany({
    where: { workspaceId, deletedAt: null, state: 'in_review' },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
