/**
 * Inbox test data shared by the webhook, completeness and benchmark runs: a workspace with a Facebook
 * Page, an Instagram account and an X account connected (remote ids, encrypted tokens), one published
 * post per channel, and builders for the documented webhook payloads (shared/CHANNELS.md) with their
 * real signatures.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { buildCampaign, buildChannel, buildMember, buildPost, buildSegment, buildUser, buildWorkspace } from '../../prisma/seed/builders';
import { encryptCredentials } from '../../server/src/channels/credentials';
import type { PrismaClient } from '../../server/src/lib/db';

export const META_SECRET = 'test-meta-app-secret';
export const META_VERIFY = 'test-verify-token';
export const X_SECRET = 'test-x-consumer-secret';
export const webhookEnv = { META_APP_SECRET: META_SECRET, META_VERIFY_TOKEN: META_VERIFY, X_CONSUMER_SECRET: X_SECRET };

export const metaSignature = (raw: string, secret = META_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
export const xSignature = (raw: string, secret = X_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('base64')}`;

export interface InboxFixture {
  workspaceId: string;
  adminId: string;
  managerId: string;
  segmentId: string;
  campaignId: string;
  facebook: { channelId: string; pageId: string; postRemoteId: string; variantId: string; postId: string };
  instagram: { channelId: string; igUserId: string; mediaRemoteId: string; variantId: string };
  x: { channelId: string; userId: string; tweetRemoteId: string; variantId: string };
}

export async function inboxFixture(
  prisma: PrismaClient,
  options: {
    key?: Buffer;
    pageId?: string;
    igUserId?: string;
    xUserId?: string;
    tokens?: { facebook: string; instagram: string; x: string };
    /** Remote ids of the published posts (defaults are made up). */
    posts?: { facebook?: string; instagram?: string; x?: string };
    password?: string;
  } = {},
): Promise<InboxFixture> {
  const tag = randomBytes(3).toString('hex');
  const password = options.password ?? 'correct-horse-battery';
  const admin = await buildUser(prisma, { email: `inbox-admin-${tag}@test.sotong.dev`, name: 'Inbox Admin', password });
  const manager = await buildUser(prisma, { email: `inbox-cm-${tag}@test.sotong.dev`, name: 'Community Manager', password });
  const workspace = await buildWorkspace(prisma, admin, { name: `Inbox ${tag}` });
  await buildMember(prisma, workspace.id, manager, ['community_manager']);
  const segment = await buildSegment(prisma, workspace.id, { name: 'Seoul 20s', color: '#3366ff' });
  const campaign = await buildCampaign(prisma, workspace.id, { name: 'Spring', color: '#ff6633' });
  const pageId = options.pageId ?? `1000${tag.replace(/\D/g, '1')}${Date.now() % 100000}`;
  const igUserId = options.igUserId ?? `1784${Date.now() % 10000000}`;
  const xUserId = options.xUserId ?? `15${Date.now()}`;
  const key = options.key;
  const channel = async (provider: 'facebook_page' | 'instagram' | 'x', remoteId: string, token: string) => {
    const c = await buildChannel(prisma, workspace.id, { provider, name: `${provider} ${tag}`, handle: `${provider}_${tag}` });
    await prisma.channelAccount.update({
      where: { id: c.id },
      data: { remoteId, ...(key ? encryptCredentials(key, { accessToken: token }) : {}) },
      select: { id: true },
    });
    return c.id;
  };
  const fb = await channel('facebook_page', pageId, options.tokens?.facebook ?? 'fb-token');
  const ig = await channel('instagram', igUserId, options.tokens?.instagram ?? 'ig-token');
  const xc = await channel('x', xUserId, options.tokens?.x ?? 'x-token');
  const fbPost = options.posts?.facebook ?? `${pageId}_${Date.now()}`;
  const igMedia = options.posts?.instagram ?? `179${Date.now()}`;
  const tweet = options.posts?.x ?? `18${Date.now()}`;
  const post = await buildPost(prisma, workspace.id, admin, {
    title: 'Spring launch',
    campaignId: campaign.id,
    variants: [
      { channelAccountId: fb, segmentId: segment.id, text: 'Spring is here', scheduledAt: new Date(Date.now() - 3_600_000) },
      { channelAccountId: ig, text: 'Spring on Instagram', scheduledAt: new Date(Date.now() - 3_600_000) },
      { channelAccountId: xc, text: 'Spring on X', scheduledAt: new Date(Date.now() - 3_600_000) },
    ],
  });
  const remoteIds = [fbPost, igMedia, tweet];
  for (const [i, variantId] of post.variantIds.entries()) {
    await prisma.variant.update({
      where: { id: variantId },
      data: { state: 'published', remoteId: remoteIds[i], publishedAt: new Date(Date.now() - 3_600_000) },
      select: { id: true },
    });
  }
  return {
    workspaceId: workspace.id,
    adminId: admin.id,
    managerId: manager.id,
    segmentId: segment.id,
    campaignId: campaign.id,
    facebook: { channelId: fb, pageId, postRemoteId: fbPost, variantId: post.variantIds[0] as string, postId: post.id },
    instagram: { channelId: ig, igUserId, mediaRemoteId: igMedia, variantId: post.variantIds[1] as string },
    x: { channelId: xc, userId: xUserId, tweetRemoteId: tweet, variantId: post.variantIds[2] as string },
  };
}

export interface FbChange {
  commentId: string;
  postId: string;
  parentId?: string;
  message?: string;
  verb?: 'add' | 'edited' | 'remove';
  from?: { id: string; name: string };
  createdTime?: number;
}

export function fbChangeValue(c: FbChange) {
  return {
    field: 'feed',
    value: {
      from: c.from ?? { id: '9100000000000001', name: '김민지' },
      item: 'comment',
      verb: c.verb ?? 'add',
      post_id: c.postId,
      comment_id: c.commentId,
      parent_id: c.parentId ?? c.postId,
      created_time: c.createdTime ?? Math.floor(Date.now() / 1000),
      ...(c.verb === 'remove' ? {} : { message: c.message ?? '와 이번 거 진짜 좋네요!' }),
    },
  };
}

export const fbPayload = (pageId: string, changes: FbChange[]) =>
  JSON.stringify({ object: 'page', entry: [{ id: pageId, time: Math.floor(Date.now() / 1000), changes: changes.map(fbChangeValue) }] });

export const igPayload = (igUserId: string, c: { id: string; mediaId: string; text: string; parentId?: string; username?: string }) =>
  JSON.stringify({
    object: 'instagram',
    entry: [
      {
        id: igUserId,
        time: Math.floor(Date.now() / 1000),
        changes: [
          {
            field: 'comments',
            value: {
              id: c.id,
              text: c.text,
              from: { id: '9100000000000005', username: c.username ?? 'emilyc' },
              media: { id: c.mediaId, media_product_type: 'FEED' },
              ...(c.parentId ? { parent_id: c.parentId } : {}),
            },
          },
        ],
      },
    ],
  });

export const xPayload = (
  forUserId: string,
  tweets: Array<{ id: string; text: string; parentId?: string | null; userId?: string; screenName?: string }>,
) =>
  JSON.stringify({
    for_user_id: forUserId,
    tweet_create_events: tweets.map((t) => ({
      created_at: new Date().toUTCString(),
      id: Number(t.id),
      id_str: t.id,
      text: t.text,
      in_reply_to_status_id: t.parentId ? Number(t.parentId) : null,
      in_reply_to_status_id_str: t.parentId ?? null,
      user: {
        id: Number(t.userId ?? '9100000000000006'),
        id_str: t.userId ?? '9100000000000006',
        name: 'Daniel Osei',
        screen_name: t.screenName ?? 'dan_osei',
      },
      timestamp_ms: String(Date.now()),
    })),
  });

export const xDeletePayload = (forUserId: string, id: string) =>
  JSON.stringify({
    for_user_id: forUserId,
    tweet_delete_events: [{ status: { id, user_id: '9100000000000006' }, timestamp_ms: String(Date.now()) }],
  });
