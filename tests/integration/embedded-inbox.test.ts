/**
 * The inbox on the embedded database (PGlite, `npm start`'s default), whatever DATABASE_URL says. PGlite has
 * one connection: a statement outside the transaction that holds it waits until that transaction times out.
 * Processing a webhook delivery once read its workspace's rules and settings beside its transaction, so on the
 * embedded database every webhook waited 60 s and failed (only polling brought messages in); the overdue sweep
 * asked for members by an enum array the embedded driver cannot send.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboxIngestWorker } from '../../server/src/modules/inbox-ingest/inbox-worker';
import { markOverdue } from '../../server/src/modules/inbox-ingest/mark-overdue';
import { fbPayload, type InboxFixture, inboxFixture, metaSignature, webhookEnv } from '../support/inbox-fixtures';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let fx: InboxFixture;
let worker: Awaited<ReturnType<typeof startInboxIngestWorker>>;

beforeAll(async () => {
  ctx = await startTestApp({ embedded: true, env: webhookEnv });
  fx = await inboxFixture(ctx.deps.prisma);
  worker = await startInboxIngestWorker(ctx.deps);
});

afterAll(async () => {
  await worker?.close();
  await ctx?.close();
});

describe('the inbox on the embedded database', () => {
  it('runs on PGlite', () => {
    expect(ctx.db.kind).toBe('pglite');
  });

  it('processes a webhook delivery into the inbox, classified by the workspace’s starter rules', async () => {
    const commentId = `${fx.facebook.postRemoteId}_embedded1`;
    const raw = fbPayload(fx.facebook.pageId, [{ commentId, postId: fx.facebook.postRemoteId, message: '배송이 너무 늦어요. 환불해 주세요' }]);
    const res = await request(ctx.app)
      .post('/webhooks/meta')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', metaSignature(raw))
      .send(raw);
    expect(res.status).toBe(200);
    // Well inside the 60 s transaction timeout the old code ran into.
    await expect
      .poll(() => ctx.deps.prisma.inboxMessage.count({ where: { channelAccountId: fx.facebook.channelId, remoteId: commentId } }), {
        timeout: 20_000,
        interval: 100,
      })
      .toBe(1);
    const delivery = await ctx.deps.prisma.webhookDelivery.findFirst({ select: { processedAt: true, error: true, attempts: true } });
    expect(delivery).toMatchObject({ error: null, attempts: 1 });
    expect(delivery?.processedAt).not.toBeNull();
    const message = await ctx.deps.prisma.inboxMessage.findFirstOrThrow({
      where: { remoteId: commentId },
      select: { category: true, conversation: { select: { threadRemoteId: true, variantId: true } } },
    });
    expect(message.category).toBe('complaint');
    expect(message.conversation).toEqual({ threadRemoteId: fx.facebook.postRemoteId, variantId: fx.facebook.variantId });
    expect(await ctx.deps.prisma.classificationRule.count({ where: { workspaceId: fx.workspaceId } })).toBeGreaterThan(0);
  });

  it('tells the community managers and admins of an overdue conversation nobody is assigned to', async () => {
    const conversation = await ctx.deps.prisma.conversation.findFirstOrThrow({ where: { workspaceId: fx.workspaceId }, select: { id: true } });
    await ctx.deps.prisma.conversation.update({
      where: { id: conversation.id },
      data: { responseDueAt: new Date(Date.now() - 60_000), overdueNotifiedAt: null, assigneeId: null },
    });
    expect(await markOverdue(ctx.deps)).toBe(1);
    const told = await ctx.deps.prisma.notification.findMany({
      where: { workspaceId: fx.workspaceId, kind: 'conversation_overdue' },
      select: { userId: true },
    });
    expect(told.map((n) => n.userId).sort()).toEqual([fx.adminId, fx.managerId].sort());
  });
});
