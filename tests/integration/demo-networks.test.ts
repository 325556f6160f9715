/**
 * The demo's networks: the emulators the embedded start runs, and the demo channels connected to
 * them, so an approved demo post really goes out (through the real adapters) and is counted once.
 */

import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../prisma/seed/demo';
import { providerFor } from '../../server/src/channels/providers/registry';
import { connectDemoChannels } from '../../server/src/demo/connect-demo-channels';
import { startDemoNetworks } from '../../server/src/demo/demo-networks';
import { createQueue, queueNames } from '../../server/src/jobs/queues';
import { publishVariant } from '../../server/src/modules/publishing/publish-variant';
import { signIn } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let networks: Awaited<ReturnType<typeof startDemoNetworks>>;
let ctx: TestContext;
let queue: Queue;

beforeAll(async () => {
  networks = await startDemoNetworks();
  ctx = await startTestApp({ env: { X_API_URL: networks.xUrl, META_GRAPH_URL: networks.graphUrl } });
  await seedDemo(ctx.deps.prisma);
  queue = createQueue(ctx.deps, queueNames.publish);
}, 60_000);
afterAll(async () => {
  await queue?.close();
  await ctx?.close();
  await networks?.close();
});

describe('demo networks', () => {
  it('connects the demo channels once and publishes an approved demo post to the emulated X, Facebook and Instagram', {
    timeout: 90_000,
  }, async () => {
    expect(await connectDemoChannels(ctx.deps.prisma, ctx.deps.config.encryptionKey)).toBe(4);
    expect(await connectDemoChannels(ctx.deps.prisma, ctx.deps.config.encryptionKey)).toBe(0);
    const channels = await ctx.deps.prisma.channelAccount.findMany({ select: { id: true, handle: true, credentials: true } });
    for (const c of channels) expect(c.credentials ?? '').not.toContain('demo-');

    const workspace = await ctx.deps.prisma.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } });
    const planner = await signIn(ctx, 'planner@demo.sotong.dev', 'sotong-demo-2026');
    const approver = await signIn(ctx, 'approver@demo.sotong.dev', 'sotong-demo-2026');
    const ws = `/api/workspaces/${workspace.id}`;
    const byHandle = new Map(channels.map((c) => [c.handle, c.id]));
    const at = new Date(Date.now() + 3_000).toISOString();
    const media = await ctx.deps.prisma.media.findFirst({ where: { workspaceId: workspace.id, kind: 'image' }, select: { id: true } });
    const variants = [
      { channelAccountId: byHandle.get('sotong_kr'), text: '데모 게시물이 나갑니다', scheduledAt: at },
      { channelAccountId: byHandle.get('sotongcoffee'), text: 'The demo post goes out', scheduledAt: at },
      ...(media ? [{ channelAccountId: byHandle.get('sotong.coffee'), text: '인스타그램 데모', scheduledAt: at, mediaIds: [media.id] }] : []),
    ];
    const post = await planner.post(`${ws}/posts`, { title: 'Demo publish', variants });
    expect(post.status, JSON.stringify(post.body)).toBe(201);
    await planner.post(`${ws}/posts/${post.body.id}/transitions`, { to: 'in_review' });
    expect((await approver.post(`${ws}/posts/${post.body.id}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('scheduled');
    // The publish job itself, run here for each variant (the queue's timing is publishing.test.ts's business).
    const publishContext = {
      deps: ctx.deps,
      queue,
      providers: (name: Parameters<typeof providerFor>[1]) => providerFor(ctx.deps.config, name),
      keys: [ctx.deps.config.encryptionKey],
    };
    const queued = await ctx.deps.prisma.variant.findMany({ where: { postId: post.body.id }, select: { id: true, scheduleVersion: true } });
    const results = await Promise.all(
      queued.map((v) => publishVariant(publishContext, { variantId: v.id, scheduleVersion: v.scheduleVersion }, null)),
    );
    const outcome = await ctx.deps.prisma.post.findUniqueOrThrow({
      where: { id: post.body.id },
      select: {
        state: true,
        variants: { select: { state: true, failureKind: true, failureReason: true, channelAccount: { select: { handle: true } } } },
      },
    });
    expect(outcome.state, JSON.stringify({ results, variants: outcome.variants })).toBe('published');
    const remote = await ctx.deps.prisma.variant.findMany({ where: { postId: post.body.id }, select: { remoteId: true, remoteUrl: true } });
    for (const v of remote) expect(v.remoteId).toBeTruthy();
  });
});
