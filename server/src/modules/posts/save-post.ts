import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../lib/errors';
import { afterContentEdit } from '../approvals/after-content-edit';
import { lockPost, saveVersion } from '../approvals/approval-repository';
import { snapshotOf } from '../approvals/versions';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { checkVariants } from './check-variants';
import {
  findPost,
  insertPost,
  insertVariant,
  loadReferences,
  type PostView,
  softDeleteVariants,
  updatePostRow,
  updateVariantRow,
  type VariantData,
} from './post-repository';
import type { VariantInput } from './schemas';

const LOCKED_STATES = new Set(['publishing', 'unconfirmed', 'published']);

const toData = (v: VariantInput): VariantData => ({
  channelAccountId: v.channelAccountId,
  segmentId: v.segmentId ?? null,
  text: v.text,
  link: v.link ?? null,
  firstComment: v.firstComment ?? null,
  utm: (v.utm ?? undefined) as Prisma.InputJsonValue | undefined,
  scheduledAt: v.scheduledAt ? new Date(v.scheduledAt) : null,
  mediaIds: v.mediaIds,
});

/** What approval is about: the words, media, link, audience and channel (not the time). */
const contentOf = (v: {
  channelAccountId: string;
  segmentId: string | null;
  text: string;
  link: string | null;
  firstComment: string | null;
  utm: unknown;
  mediaIds: string[];
}) => JSON.stringify([v.channelAccountId, v.segmentId, v.text, v.link, v.firstComment, v.utm ?? null, v.mediaIds]);

function referencesOf(variants: VariantInput[], campaignId?: string | null) {
  return {
    channelIds: [...new Set(variants.map((v) => v.channelAccountId))],
    segmentIds: [...new Set(variants.flatMap((v) => (v.segmentId ? [v.segmentId] : [])))],
    mediaIds: [...new Set(variants.flatMap((v) => v.mediaIds))],
    campaignId,
  };
}

async function assertCampaign(refs: { campaign: unknown }, campaignId: string | null | undefined) {
  if (campaignId && !refs.campaign) {
    throw new AppError('unprocessable', 'The campaign does not exist in this workspace', [{ field: 'campaignId', code: 'campaign_not_found' }]);
  }
}

export interface PostInput {
  title: string;
  brief?: string;
  campaignId?: string | null;
  labels?: string[];
  variants: VariantInput[];
}

export async function createPost(deps: Deps, actor: AuditActor & { userId: string }, workspaceId: string, input: PostInput) {
  const refs = await loadReferences(deps.prisma, workspaceId, referencesOf(input.variants, input.campaignId));
  await assertCampaign(refs, input.campaignId);
  const warnings = checkVariants(refs, input.variants, () => true);
  const post = await deps.prisma.$transaction(async (tx) => {
    const { id } = await insertPost(tx, {
      workspaceId,
      title: input.title,
      brief: input.brief ?? '',
      campaignId: input.campaignId ?? null,
      labels: input.labels ?? [],
      authorId: actor.userId,
    });
    for (const v of input.variants) await insertVariant(tx, workspaceId, id, toData(v));
    const created = (await findPost(tx, workspaceId, id)) as PostView;
    await saveVersion(tx, id, created.version, snapshotOf(created), actor.userId);
    await recordAudit(tx, actor, { workspaceId, entityType: 'post', entityId: id, action: 'post.created', after: created });
    return created;
  });
  return withWarnings(post, warnings);
}

const withWarnings = (post: PostView, warnings: ReturnType<typeof checkVariants>) => ({
  ...post,
  variants: post.variants.map((v, i) => ({ ...v, warnings: warnings[i] ?? [] })),
});

/**
 * Saves the composer: post fields, and (when `variants` is given) the whole set of variants —
 * listed ids are updated, new ones created, missing ones removed. A change of content bumps the
 * post's version (approval is bound to it); moving a time alone does not.
 */
export async function updatePost(deps: Deps, actor: AuditActor, workspaceId: string, postId: string, input: Partial<PostInput>) {
  const before = await findPost(deps.prisma, workspaceId, postId);
  if (!before) throw notFound('Post');
  const existing = new Map(before.variants.map((v) => [v.id, v]));
  const variants = input.variants;
  if (variants) {
    for (const [i, v] of variants.entries()) {
      if (v.id && !existing.has(v.id))
        throw new AppError('unprocessable', `variants.${i}.id is not a variant of this post`, [
          { field: `variants.${i}.id`, code: 'variant_not_found' },
        ]);
    }
  }
  const refs = await loadReferences(deps.prisma, workspaceId, referencesOf(variants ?? [], input.campaignId));
  await assertCampaign(refs, input.campaignId);
  const scheduleChanged = (i: number) => {
    const v = variants?.[i];
    const old = v?.id ? existing.get(v.id) : undefined;
    return !old || (old.scheduledAt?.getTime() ?? null) !== (v?.scheduledAt ? new Date(v.scheduledAt).getTime() : null);
  };
  const warnings = variants ? checkVariants(refs, variants, scheduleChanged) : [];

  const post = await deps.prisma.$transaction(async (tx) => {
    await lockPost(tx, postId);
    let contentChanged = false;
    if (variants) {
      const kept = new Set(variants.flatMap((v) => (v.id ? [v.id] : [])));
      const removed = before.variants.filter((v) => !kept.has(v.id));
      for (const old of before.variants) {
        if (!LOCKED_STATES.has(old.state)) continue;
        const next = variants.find((n) => n.id === old.id);
        if (!next || contentOf(toData(next)) !== contentOf(old)) {
          throw new AppError('invalid_state', 'A variant that is publishing or published cannot be changed or removed', {
            variantId: old.id,
            state: old.state,
          });
        }
      }
      await softDeleteVariants(
        tx,
        removed.map((v) => v.id),
      );
      contentChanged = removed.length > 0;
      for (const [i, v] of variants.entries()) {
        const data = toData(v);
        const old = v.id ? existing.get(v.id) : undefined;
        if (!old) {
          await insertVariant(tx, workspaceId, postId, data);
          contentChanged = true;
          continue;
        }
        if (contentOf(data) !== contentOf(old)) contentChanged = true;
        await updateVariantRow(tx, old.id, { ...data, ...(scheduleChanged(i) ? { scheduleVersion: { increment: 1 } } : {}) });
      }
    }
    await updatePostRow(tx, postId, {
      title: input.title,
      brief: input.brief,
      campaignId: input.campaignId,
      labels: input.labels,
      ...(contentChanged ? { version: { increment: 1 } } : {}),
    });
    if (contentChanged) await afterContentEdit(tx, deps, actor, workspaceId, (await findPost(tx, workspaceId, postId)) as PostView, new Date());
    const after = (await findPost(tx, workspaceId, postId)) as PostView;
    await recordAudit(tx, actor, { workspaceId, entityType: 'post', entityId: postId, action: 'post.updated', before, after });
    return after;
  });
  return withWarnings(post, warnings);
}
