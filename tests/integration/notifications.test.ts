import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { mailerFor } from '../../server/src/lib/mailer';
import { mailNotifications } from '../../server/src/modules/notifications/mail-notifications';
import { notify } from '../../server/src/modules/notifications/notify';
import { remindReviewers } from '../../server/src/modules/notifications/remind-reviewers';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startSmtpSink } from '../support/smtp-sink';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
type Client = Awaited<ReturnType<typeof signIn>>;
let planner: Client;
let approver: Client;
let admin: Client;
let viewer: Client;
let cm: Client;
let ws: string;
let channel: { id: string };

const minutesAhead = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

beforeAll(async () => {
  sink = await startSmtpSink();
  ctx = await startTestApp({ env: { SMTP_URL: sink.url } });
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  const signed = await Promise.all(
    (['planner', 'approver', 'admin', 'viewer', 'community_manager'] as const).map((role) => signIn(ctx, team.members[role].email)),
  );
  [planner, approver, admin, viewer, cm] = signed as [Client, Client, Client, Client, Client];
  channel = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'X', handle: 'x' });
});
afterAll(async () => {
  mailerFor(ctx.deps.config).close();
  await ctx.close();
  await sink.close();
});

async function newPost(title: string, at = minutesAhead(3 * 24 * 60)) {
  const res = await planner.post(`${ws}/posts`, { title, variants: [{ channelAccountId: channel.id, text: `${title} text`, scheduledAt: at }] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

async function submit(postId: string) {
  const res = await planner.post(`${ws}/posts/${postId}/transitions`, { to: 'in_review' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('notifications', () => {
  it('lists only my own, newest first, pages with `before`, counts unread, and marks only mine read', async () => {
    const prisma = ctx.deps.prisma;
    const post = await newPost('Paging');
    for (let i = 1; i <= 3; i++) {
      await notify(prisma, team.workspace.id, { userIds: [team.members.viewer.id], kind: 'approved', postId: post.id, data: { title: `n${i}` } });
    }
    await notify(prisma, team.workspace.id, { userIds: [team.members.community_manager.id], kind: 'approved', data: { title: 'not yours' } });
    const other = await workspaceWithTeam(prisma, 'Other brand');
    await notify(prisma, other.workspace.id, { userIds: [other.members.viewer.id], kind: 'approved', data: { title: 'elsewhere' } });
    const elsewhere = await prisma.notification.findFirstOrThrow({ where: { userId: other.members.viewer.id }, select: { id: true } });

    const first = await viewer.get(`${ws}/notifications?limit=2`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.unread).toBe(3);
    expect(first.body.notifications.map((n: { data: { title: string } }) => n.data.title)).toEqual(['n3', 'n2']);
    expect(first.body.notifications[0]).toMatchObject({ kind: 'approved', postId: post.id, readAt: null });
    expect(first.body.nextBefore).toBe(first.body.notifications[1].id);
    const second = await viewer.get(`${ws}/notifications?limit=2&before=${first.body.nextBefore}`);
    expect(second.body.notifications.map((n: { data: { title: string } }) => n.data.title)).toEqual(['n1']);
    expect(second.body.nextBefore).toBeNull();

    // Someone else's ids (here or in another workspace) change nothing.
    const cmOwn = (await cm.get(`${ws}/notifications`)).body.notifications as Array<{ id: string }>;
    expect(cmOwn.map((n) => n.id)).toHaveLength(1);
    const foreign = await viewer.post(`${ws}/notifications/read`, { ids: [elsewhere.id, cmOwn[0]?.id] });
    expect(foreign.body).toEqual({ marked: 0, unread: 3 });
    expect(await prisma.notification.count({ where: { id: { in: [elsewhere.id, cmOwn[0]?.id ?? ''] }, readAt: { not: null } } })).toBe(0);

    const one = await viewer.post(`${ws}/notifications/read`, { ids: [first.body.notifications[0].id] });
    expect(one.body).toEqual({ marked: 1, unread: 2 });
    const all = await viewer.post(`${ws}/notifications/read`, { all: true });
    expect(all.body).toEqual({ marked: 2, unread: 0 });
    expect((await viewer.get(`${ws}/notifications`)).body.notifications.every((n: { readAt: string | null }) => n.readAt)).toBe(true);
    expect((await cm.get(`${ws}/notifications`)).body.unread).toBe(1);
    expect((await viewer.post(`${ws}/notifications/read`, { ids: [] })).status).toBe(400);
    expect((await viewer.post(`${ws}/notifications/read`, { all: false })).status).toBe(400);
  });
});

describe('comments', () => {
  it('viewers read but cannot write; mentions notify members; strangers cannot be mentioned; comments keep their version', async () => {
    const post = await newPost('Threaded');
    expect((await viewer.post(`${ws}/posts/${post.id}/comments`, { body: 'Looks good' })).status).toBe(403);

    const res = await approver.post(`${ws}/posts/${post.id}/comments`, {
      body: '@planner please check the price',
      mentions: [team.members.planner.id, team.members.approver.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ version: 1, author: { id: team.members.approver.id, name: 'approver' }, mentions: expect.any(Array) });
    const mentionedPlanner = await ctx.deps.prisma.notification.findMany({
      where: { userId: team.members.planner.id, kind: 'mentioned', postId: post.id },
      select: { data: true },
    });
    expect(mentionedPlanner).toHaveLength(1);
    expect(mentionedPlanner[0]?.data).toMatchObject({ title: 'Threaded', by: 'approver', comment: '@planner please check the price' });
    // The author mentioning themselves is not notified.
    expect(await ctx.deps.prisma.notification.count({ where: { userId: team.members.approver.id, kind: 'mentioned' } })).toBe(0);

    const other = await workspaceWithTeam(ctx.deps.prisma, 'Elsewhere');
    const bad = await approver.post(`${ws}/posts/${post.id}/comments`, { body: 'hi', mentions: [other.members.planner.id] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'mentions', value: other.members.planner.id });
    expect((await approver.post(`${ws}/posts/${post.id}/comments`, { body: '   ' })).status).toBe(400);
    expect((await approver.post(`${ws}/posts/${post.id}/comments`, { body: 'x'.repeat(5001) })).status).toBe(400);
    expect((await approver.post(`${ws}/posts/${randomUUID()}/comments`, { body: 'nowhere' })).status).toBe(404);

    // An edit makes version 2; a new comment is pinned to it, the old one keeps version 1.
    const full = (await planner.get(`${ws}/posts/${post.id}`)).body;
    const edited = await planner.patch(`${ws}/posts/${post.id}`, {
      variants: full.variants.map((v: { id: string; channelAccountId: string; scheduledAt: string }) => ({
        id: v.id,
        channelAccountId: v.channelAccountId,
        text: 'Now with the price',
        scheduledAt: v.scheduledAt,
      })),
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const later = await planner.post(`${ws}/posts/${post.id}/comments`, { body: 'Done' });
    expect(later.body.version).toBe(2);
    const thread = await viewer.get(`${ws}/posts/${post.id}/comments`);
    expect(thread.status).toBe(200);
    expect(thread.body.comments.map((c: { body: string; version: number }) => [c.body, c.version])).toEqual([
      ['@planner please check the price', 1],
      ['Done', 2],
    ]);

    // Only one's own comment can be deleted; it leaves the thread.
    expect((await approver.delete(`${ws}/posts/${post.id}/comments/${later.body.id}`)).status).toBe(403);
    expect((await planner.delete(`${ws}/posts/${post.id}/comments/${later.body.id}`)).status).toBe(204);
    expect((await planner.delete(`${ws}/posts/${post.id}/comments/${later.body.id}`)).status).toBe(404);
    expect((await viewer.get(`${ws}/posts/${post.id}/comments`)).body.comments).toHaveLength(1);
    expect(await ctx.deps.prisma.postComment.count({ where: { id: later.body.id, deletedAt: { not: null } } })).toBe(1);
  });
});

describe('reviewer reminders', () => {
  it('reminds the waiting reviewers once per lead time, however often the job runs', async () => {
    const saved = await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Review', role: 'approver' }], reminderLeadMinutes: [120] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const soon = await newPost('Soon', minutesAhead(60));
    const later = await newPost('Much later', minutesAhead(24 * 60));
    await submit(soon.id);
    await submit(later.id);

    await remindReviewers(ctx.deps);
    await remindReviewers(ctx.deps);
    const reminders = await ctx.deps.prisma.notification.findMany({
      where: { kind: 'review_reminder' },
      select: { userId: true, postId: true, dedupeKey: true, data: true },
    });
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      userId: team.members.approver.id,
      postId: soon.id,
      dedupeKey: `reminder:${soon.id}:1:120`,
      data: { title: 'Soon', lead: 120 },
    });
    // Once approved nobody is waited on: no reminder for it, even with a new lead time.
    await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Review', role: 'approver' }], reminderLeadMinutes: [90] });
    await approver.post(`${ws}/posts/${soon.id}/decisions`, { decision: 'approved', version: 1 });
    await remindReviewers(ctx.deps);
    expect(await ctx.deps.prisma.notification.count({ where: { kind: 'review_reminder' } })).toBe(1);
    await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Review', role: 'approver' }] });
  });
});

describe('e-mail outbox', () => {
  it('mails a review request to the approver once, in Korean for a Korean reader, even with two outbox runs at once', async () => {
    await ctx.deps.prisma.user.update({ where: { id: team.members.approver.id }, data: { locale: 'ko' } });
    await ctx.deps.prisma.user.update({ where: { id: team.members.planner.id }, data: { locale: 'en' } });
    const post = await newPost('봄 신메뉴 안내');
    await submit(post.id);

    // Without SMTP nothing is mailed, and nothing is marked.
    const noSmtp = { ...ctx.deps, config: { ...ctx.deps.config, smtpUrl: undefined } };
    expect(await mailNotifications(noSmtp)).toEqual({ sent: 0, failed: 0 });
    expect(await ctx.deps.prisma.notification.count({ where: { postId: post.id, emailedAt: { not: null } } })).toBe(0);

    const runs = await Promise.all([mailNotifications(ctx.deps), mailNotifications(ctx.deps)]);
    const total = await ctx.deps.prisma.notification.count();
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(total);
    expect(await ctx.deps.prisma.notification.count({ where: { emailedAt: null } })).toBe(0);
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(total);

    const toApprover = sink.received.filter((m) => m.to.includes(team.members.approver.email) && m.subject.includes('봄 신메뉴 안내'));
    expect(toApprover).toHaveLength(1);
    const mail = toApprover[0];
    expect(mail?.subject).toBe('[검토 요청] 봄 신메뉴 안내');
    expect(mail?.text).toContain('planner님이 ‘봄 신메뉴 안내’ 게시물의 검토를 요청했습니다');
    const link = `http://127.0.0.1:3000/w/${team.workspace.id}/approvals?post=${post.id}`;
    expect(mail?.text).toContain(link);
    expect(mail?.html).toContain(`href="${link}"`);
    expect(mail?.html).toContain('lang="ko"');

    // An English reader gets English: the planner's mention from the comments test.
    const toPlanner = sink.received.find((m) => m.to.includes(team.members.planner.email) && m.subject.startsWith('[Mention]'));
    expect(toPlanner?.subject).toBe('[Mention] approver mentioned you');
    expect(toPlanner?.text).toContain('@planner please check the price');

    // Running again sends nothing more.
    expect(await mailNotifications(ctx.deps)).toEqual({ sent: 0, failed: 0 });
    expect(sink.received.length).toBe(total);
  });
});
