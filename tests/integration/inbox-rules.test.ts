/**
 * Classification rules and inbox settings through the API: the starter set (Korean and English) is there
 * for a new workspace, admins add/change/delete rules and the next message is classified by them with
 * the matched terms as the reason; settings are read by members and changed by admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../server/src/modules/inbox-ingest/ingest-messages';
import { signIn } from '../support/factories';
import { type InboxFixture, inboxFixture } from '../support/inbox-fixtures';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let fx: InboxFixture;
let admin: Awaited<ReturnType<typeof signIn>>;
let manager: Awaited<ReturnType<typeof signIn>>;
let base: string;

beforeAll(async () => {
  ctx = await startTestApp();
  fx = await inboxFixture(ctx.deps.prisma);
  const emails = await ctx.deps.prisma.user.findMany({ where: { id: { in: [fx.adminId, fx.managerId] } }, select: { id: true, email: true } });
  admin = await signIn(ctx, emails.find((e) => e.id === fx.adminId)?.email as string);
  manager = await signIn(ctx, emails.find((e) => e.id === fx.managerId)?.email as string);
  base = `/api/workspaces/${fx.workspaceId}/inbox`;
});
afterAll(async () => ctx?.close());

describe('classification rules', () => {
  it('ships a starter set in both languages and explains a classification', async () => {
    const res = await manager.get(`${base}/rules`);
    expect(res.status).toBe(200);
    const phrases = (res.body.rules as Array<{ phrase: string; locale: string | null }>).map((r) => r.phrase);
    expect(phrases).toEqual(expect.arrayContaining(['배송', '환불', '궁금', 'refund', 'not shipped', '?']));
    const tried = await manager.post(`${base}/rules/classify`, { text: '환불해 주세요. 앱이 계속 튕겨서 너무 불편해요' });
    expect(tried.status).toBe(200);
    expect(tried.body).toMatchObject({ category: 'complaint', sentiment: 'negative' });
    expect(tried.body.reason.terms.map((t: { term: string }) => t.term)).toEqual(expect.arrayContaining(['환불', '튕겨', '불편']));
  });

  it('lets admins add, change and delete rules; the next message follows them', async () => {
    expect((await manager.post(`${base}/rules`, { phrase: '품절', category: 'complaint' })).status).toBe(403);
    const created = await admin.post(`${base}/rules`, { phrase: '품절', locale: 'ko', category: 'complaint', sentiment: 'negative', weight: 3 });
    expect(created.status).toBe(201);
    expect((await admin.post(`${base}/rules`, { phrase: '품절', category: 'question' })).status).toBe(409);
    expect((await admin.post(`${base}/rules`, { phrase: 'no effect' })).status).toBe(400);
    const counts = await ingest(ctx.deps, [
      {
        provider: 'facebook_page',
        accountRemoteId: fx.facebook.pageId,
        action: 'upsert',
        edited: false,
        remoteId: `${fx.facebook.postRemoteId}_rule1`,
        parentRemoteId: fx.facebook.postRemoteId,
        threadRemoteId: fx.facebook.postRemoteId,
        author: { remoteId: '1', name: '고객', handle: null },
        text: '벌써 품절이라니',
        createdAt: new Date(),
      },
    ]);
    expect(counts.created).toBe(1);
    const stored = await ctx.deps.prisma.inboxMessage.findFirstOrThrow({
      where: { remoteId: `${fx.facebook.postRemoteId}_rule1` },
      select: { category: true, sentiment: true, classification: true },
    });
    expect(stored).toMatchObject({ category: 'complaint', sentiment: 'negative' });
    expect(JSON.stringify(stored.classification)).toContain('품절');

    const changed = await admin.patch(`${base}/rules/${created.body.id}`, { category: 'question', sentiment: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ phrase: '품절', category: 'question', sentiment: null });
    expect((await admin.patch(`${base}/rules/${created.body.id}`, { category: null })).status).toBe(400);
    expect((await admin.delete(`${base}/rules/${created.body.id}`)).status).toBe(204);
    expect((await admin.delete(`${base}/rules/${created.body.id}`)).status).toBe(404);
  });
});

describe('inbox settings', () => {
  it('has the defaults, and admins change them', async () => {
    const read = await manager.get(`${base}/settings`);
    expect(read.body).toEqual({
      businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      urgentSameBusinessDay: true,
      otherTargetHours: 24,
      autoAssign: false,
      timeZone: 'Asia/Seoul',
    });
    expect((await manager.put(`${base}/settings`, { otherTargetHours: 12 })).status).toBe(403);
    expect((await admin.put(`${base}/settings`, { businessHours: { days: [1], start: '18:00', end: '09:00' } })).status).toBe(400);
    const changed = await admin.put(`${base}/settings`, {
      otherTargetHours: 12,
      businessHours: { days: [1, 2, 3, 4, 5, 6], start: '10:00', end: '19:00' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ otherTargetHours: 12, businessHours: { days: [1, 2, 3, 4, 5, 6], start: '10:00', end: '19:00' } });
  });
});
