/**
 * Builders shared by the demo seed and the test factories, so both make data the same way the
 * app does (same password hashing, same workspace creation with its first admin).
 */
import { hashPassword } from '../../server/src/lib/crypto';
import type { Db } from '../../server/src/lib/db';
import type { Role } from '../../server/src/lib/http/zod';
import { createUser, findUserByEmail } from '../../server/src/modules/auth/user-repository';
import { insertChannel } from '../../server/src/modules/channels/channel-repository';
import { insertPost, insertVariant } from '../../server/src/modules/posts/post-repository';
import { insertSegment } from '../../server/src/modules/segments/segment-repository';
import { createWorkspace } from '../../server/src/modules/workspaces/create-workspace';
import { addMember, findMemberRoles } from '../../server/src/modules/workspaces/membership-repository';

export async function buildUser(db: Db, input: { email: string; name: string; password: string; locale?: string; isDemo?: boolean }) {
  const existing = await findUserByEmail(db, input.email);
  if (existing) return existing;
  return createUser(db, {
    email: input.email,
    name: input.name,
    locale: input.locale,
    isDemo: input.isDemo,
    passwordHash: await hashPassword(input.password),
  });
}

export async function buildWorkspace(db: Db, owner: { id: string }, input: { name: string; timeZone?: string; locale?: string; isDemo?: boolean }) {
  return createWorkspace(db, { userId: owner.id }, input);
}

export async function buildMember(db: Db, workspaceId: string, user: { id: string }, roles: Role[]) {
  if (await findMemberRoles(db, workspaceId, user.id)) return;
  await addMember(db, workspaceId, user.id, roles);
}

export async function buildChannel(
  db: Db,
  workspaceId: string,
  input: { provider: 'facebook_page' | 'instagram' | 'x'; name: string; handle: string; followerCount?: number; dailyTarget?: number },
) {
  return insertChannel(db, workspaceId, { ...input, dailyTarget: input.dailyTarget ?? (input.provider === 'x' ? 6 : 5) });
}

export async function buildSegment(
  db: Db,
  workspaceId: string,
  input: {
    name: string;
    color: string;
    regions?: Array<{ country: string; region?: string; city?: string }>;
    ageMin?: number;
    ageMax?: number;
    locales?: string[];
    genders?: string[];
    interests?: string[];
  },
) {
  return insertSegment(db, workspaceId, input);
}

export async function buildCampaign(db: Db, workspaceId: string, input: { name: string; color: string; goal?: string }) {
  return db.campaign.create({ data: { ...input, workspaceId }, select: { id: true, name: true } });
}

/** A post with variants, written straight through the repositories (no rule checks: seeds may plan in the past). */
export async function buildPost(
  db: Db,
  workspaceId: string,
  author: { id: string },
  input: {
    title: string;
    campaignId?: string | null;
    labels?: string[];
    variants: Array<{
      channelAccountId: string;
      segmentId?: string | null;
      text: string;
      scheduledAt?: Date | null;
      link?: string | null;
      mediaIds?: string[];
    }>;
  },
) {
  const post = await insertPost(db, {
    workspaceId,
    title: input.title,
    campaignId: input.campaignId ?? null,
    labels: input.labels ?? [],
    authorId: author.id,
  });
  const variants = [];
  for (const v of input.variants) {
    variants.push(
      await insertVariant(db, workspaceId, post.id, {
        channelAccountId: v.channelAccountId,
        segmentId: v.segmentId ?? null,
        text: v.text,
        link: v.link ?? null,
        firstComment: null,
        utm: undefined,
        scheduledAt: v.scheduledAt ?? null,
        mediaIds: v.mediaIds ?? [],
      }),
    );
  }
  return { id: post.id, variantIds: variants.map((v) => v.id) };
}
