/**
 * The morning digest against seeded data (real PostgreSQL, Redis, BullMQ and a local SMTP sink): what
 * customers said comes first — unanswered negative messages first — then escalations, yesterday's posts
 * against the marks and cadence; two worker processes running the day's job at once e-mail each
 * subscriber once; the in-app history, settings and subscriptions through the API.
 */
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { buildPublishedPost } from '../../prisma/seed/metrics-builders';
import type { Deps } from '../../server/src/deps';
import { createWorker, queueNames, type RunningWorker } from '../../server/src/jobs/queues';
import { type Database, openDatabase } from '../../server/src/lib/db';
import { formatTime, localOf, Temporal } from '../../server/src/lib/local-time';
import { enqueueSendDigest, SEND_DIGEST_JOB } from '../../server/src/modules/digest/digest-jobs';
import { dueDay, sendInstant } from '../../server/src/modules/digest/digest-schedule';
import { runDigestJob } from '../../server/src/modules/digest/digest-worker';
import { reconcileDigests } from '../../server/src/modules/digest/schedule-digests';
import { ensureDigest, sendDigest } from '../../server/src/modules/digest/send-digest';
import { signIn, workspaceWithTeam } from '../support/factories';
import { localClock, seedConversations, seedEscalation } from '../support/listening-seed';
import { type ReceivedMail, startSmtpSink } from '../support/smtp-sink';
import { startTestApp, type TestContext } from '../support/test-app';

const KST = 'Asia/Seoul';
const HOUR = 3_600_000;

let ctx: TestContext;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let day: string;
let due: Date;
let sendTime: string;
const texts = {
  overdue: '환불은 언제 되나요? 벌써 2주째입니다',
  negative: '배송 조회가 안 돼요',
  question: '디카페인 원두도 있나요?',
  answeredNegative: '앱이 결제할 때마다 튕겨요',
  praise: '새로 나온 라떼 최고예요',
  tooOld: '지난주에 남긴 문의',
};

beforeAll(async () => {
  sink = await startSmtpSink();
  ctx = await startTestApp({ env: { SMTP_URL: sink.url } });
  const db = ctx.deps.prisma;
  team = await workspaceWithTeam(db);
  const w = team.workspace.id;
  // The digest is due a few minutes ago (so it is inside its send window whenever the test runs).
  sendTime = formatTime(Math.max(0, ((l) => l.hour * 60 + l.minute)(localOf(new Date(Date.now() - 5 * 60_000), KST))));
  await db.digestSettings.create({ data: { workspaceId: w, sendTime } });
  day = dueDay(new Date(), sendTime, KST);
  due = sendInstant(day, sendTime, KST);
  const ago = (h: number) => new Date(due.getTime() - h * HOUR);
  await db.user.update({ where: { id: team.members.viewer.id }, data: { locale: 'en' } });
  const x = await buildChannel(db, w, { provider: 'x', name: 'X 공식', handle: 'brand', dailyTarget: 6 });
  const cm = team.members.community_manager.id;
  const ids = await seedConversations(db, w, day, KST, [
    {
      key: 'praise',
      channelAccountId: x.id,
      customerName: '윤서아',
      messages: [
        { at: ago(3), text: texts.praise, category: 'praise', sentiment: 'positive' },
        { at: ago(2), direction: 'outbound', by: cm },
      ],
    },
    {
      key: 'answeredNegative',
      channelAccountId: x.id,
      customerName: '최민준',
      messages: [
        { at: ago(15), text: texts.answeredNegative, category: 'complaint', sentiment: 'negative' },
        { at: ago(14), direction: 'outbound', by: cm },
      ],
    },
    { key: 'question', channelAccountId: x.id, customerName: '정예린', messages: [{ at: ago(5), text: texts.question, category: 'question' }] },
    {
      key: 'negative',
      channelAccountId: x.id,
      customerName: '박서연',
      responseDueAt: new Date(due.getTime() + 8 * HOUR),
      messages: [{ at: ago(2), text: texts.negative, category: 'complaint', sentiment: 'negative' }],
    },
    {
      key: 'overdue',
      channelAccountId: x.id,
      customerName: '김하늘',
      responseDueAt: ago(10),
      messages: [{ at: ago(20), text: texts.overdue, category: 'complaint', sentiment: 'negative' }],
    },
    { key: 'tooOld', channelAccountId: x.id, customerName: '이도윤', messages: [{ at: ago(30), text: texts.tooOld, category: 'question' }] },
  ]);
  const logistics = await db.department.create({
    data: { workspaceId: w, name: '물류팀', email: 'logistics@test.sotong.dev' },
    select: { id: true },
  });
  await seedEscalation(db, {
    workspaceId: w,
    conversationId: ids.overdue as string,
    departmentId: logistics.id,
    createdById: cm,
    note: '환불 확인',
    status: 'open',
    createdAt: ago(6),
  });
  await seedEscalation(db, {
    workspaceId: w,
    conversationId: ids.answeredNegative as string,
    departmentId: logistics.id,
    createdById: cm,
    note: '앱 오류',
    status: 'in_progress',
    createdAt: ago(72),
  });
  // Yesterday (KST) two posts: 1.2 % (excellent) and 0.4 % (working) of followers at publication.
  const at = localClock(Temporal.PlainDate.from(day).subtract({ days: 1 }).toString(), KST);
  for (const [title, time, reactions] of [
    ['겨울 라떼 출시', '10:00', 100],
    ['원두 구독 안내', '23:30', 30],
  ] as const) {
    await buildPublishedPost(db, w, team.members.planner, {
      title,
      variants: [
        {
          channelAccountId: x.id,
          text: title,
          publishedAt: at([0, time]),
          followersAtPublish: 10_000,
          readings: [{ checkpoint: '1h', reactions, comments: reactions === 100 ? 15 : 8, shares: reactions === 100 ? 5 : 2 }],
        },
      ],
    });
  }
  admin = await signIn(ctx, team.members.admin.email);
  // Community managers are off by default and opt in; the approver opts out.
  const cmClient = await signIn(ctx, team.members.community_manager.email);
  expect((await cmClient.put(`/api/workspaces/${w}/digest/subscription`, { subscribed: true })).body.subscription).toEqual({
    subscribed: true,
    byDefault: false,
    chosen: true,
  });
  const approver = await signIn(ctx, team.members.approver.email);
  expect((await approver.put(`/api/workspaces/${w}/digest/subscription`, { subscribed: false })).status).toBe(200);
});
afterAll(async () => {
  await ctx.close();
  await sink.close();
});

const subscribers = () =>
  [team.members.admin.email, team.members.planner.email, team.members.community_manager.email, team.members.viewer.email].sort();

describe('morning digest', () => {
  it('two worker processes running the day’s job at once e-mail each subscriber exactly once', async () => {
    // A second "process": its own database pool, its own worker, on the same queue.
    const second: Database = await openDatabase({ databaseUrl: ctx.deps.config.databaseUrl, pgliteDir: 'memory://', poolSize: 3 });
    const deps2: Deps = { ...ctx.deps, prisma: second.prisma, sql: second.reader };
    const queue = new Queue(queueNames.digest, { connection: ctx.deps.redis, prefix: ctx.deps.redisPrefix });
    const events = new QueueEvents(queueNames.digest, {
      connection: ctx.deps.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: ctx.deps.redisPrefix,
    });
    const workers: RunningWorker[] = [ctx.deps, deps2].map((d) => createWorker(d, queueNames.digest, (job) => runDigestJob(d, queue, job)));
    try {
      await events.waitUntilReady();
      // The scheduler's job and a reconciler's job for the same day, picked up by the two workers together.
      await Promise.all([
        enqueueSendDigest(queue, { workspaceId: team.workspace.id, day }),
        enqueueSendDigest(queue, { workspaceId: team.workspace.id, day }, 'r1'),
      ]);
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed']);
      expect(jobs).toHaveLength(2);
      const results = await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 30_000)));
      // Between them, the two jobs sent one e-mail per subscriber.
      expect(results.reduce((n, r: { sent: number }) => n + r.sent, 0)).toBe(4);
      const digestMails = sink.received.filter((m) => m.subject.includes('아침 브리핑') || m.subject.includes('Morning digest'));
      expect(digestMails.flatMap((m) => m.to).sort()).toEqual(subscribers());
      expect(await ctx.deps.prisma.digest.count({ where: { workspaceId: team.workspace.id } })).toBe(1);
      const deliveries = await ctx.deps.prisma.digestDelivery.findMany({
        where: { workspaceId: team.workspace.id },
        select: { sentAt: true, attempts: true },
      });
      expect(deliveries).toHaveLength(4);
      expect(deliveries.every((d) => d.sentAt && d.attempts === 1)).toBe(true);
      // Running it again sends nothing more.
      expect(await sendDigest(ctx.deps, { workspaceId: team.workspace.id, day })).toMatchObject({ sent: 0, failed: 0 });
      expect(sink.received.filter((m) => m.subject.includes('아침 브리핑') || m.subject.includes('Morning digest'))).toHaveLength(4);
      // And racing in the same instant (both compose, both claim): still one e-mail per subscriber.
      const tomorrow = Temporal.PlainDate.from(day).add({ days: 1 }).toString();
      const [a, b] = await Promise.all([
        sendDigest(ctx.deps, { workspaceId: team.workspace.id, day: tomorrow }),
        sendDigest(deps2, { workspaceId: team.workspace.id, day: tomorrow }),
      ]);
      expect(a.digestId).toBe(b.digestId);
      expect(a.sent + b.sent).toBe(4);
      expect(sink.received.filter((m) => m.subject.includes('아침 브리핑') || m.subject.includes('Morning digest'))).toHaveLength(8);
      await ctx.deps.prisma.digest.delete({ where: { id: a.digestId as string } });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await events.close();
      await queue.close();
      await second.close();
    }
  });

  it('leads with what customers said — unanswered negative messages first — then escalations, posts and cadence, in the reader’s language', () => {
    const mailTo = (email: string) => sink.received.find((m) => m.to.includes(email)) as ReceivedMail;
    const ko = mailTo(team.members.admin.email);
    const en = mailTo(team.members.viewer.email);
    expect(ko.subject).toMatch(/^\[소통\] .* 아침 브리핑 — 미응답 3건, 부정 3건$/);
    expect(en.subject).toMatch(/^\[Sotong\] Morning digest, .* — 3 unanswered, 3 negative$/);
    for (const mail of [ko, en]) {
      for (const body of [mail.text, mail.html]) {
        const order = [texts.overdue, texts.negative, texts.question, texts.answeredNegative, texts.praise].map((t) => body.indexOf(t));
        expect(
          order.every((n) => n >= 0),
          `every message is quoted in ${mail.to}`,
        ).toBe(true);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(body).not.toContain(texts.tooOld);
        // Sections: customers, escalations, yesterday's posts, cadence — in that order, the quotes inside the first.
        const headings =
          mail === ko
            ? ['고객이 한 말', '에스컬레이션', '어제 게시물', '게시 주기']
            : ['What customers said', 'Escalations', 'Yesterday’s posts', 'Cadence'];
        const at = headings.map((h) => body.indexOf(body === mail.text ? `■ ${h}` : `>${h}</h2>`));
        expect(at.every((n) => n >= 0)).toBe(true);
        expect(at).toEqual([...at].sort((x, y) => x - y));
        expect(body.indexOf(texts.overdue)).toBeGreaterThan(at[0] as number);
        expect(body.indexOf(texts.praise)).toBeLessThan(at[1] as number);
        expect(body.indexOf('겨울 라떼 출시')).toBeGreaterThan(at[2] as number);
      }
    }
    // Links lead to the conversation in the inbox and to the digest in the app.
    expect(ko.html).toMatch(/href="http:\/\/127\.0\.0\.1:3000\/w\/[^"]+\/inbox\?c=[^"]+"/);
    expect(ko.text).toContain(`/digest?day=${day}`);
    // Escalations: the new one, then the one still in progress from before.
    expect(ko.text.indexOf('[신규 · 접수] 물류팀')).toBeGreaterThan(ko.text.indexOf(texts.praise));
    expect(ko.text.indexOf('[처리 중] 물류팀')).toBeGreaterThan(ko.text.indexOf('[신규 · 접수] 물류팀'));
    // Yesterday's posts against the marks, best first; the 23:30 KST post counts on yesterday.
    expect(ko.text).toContain('게시물 2건 · 참여율 중앙값 0.80%');
    expect(ko.text.indexOf('1.20% 우수')).toBeLessThan(ko.text.indexOf('0.40% 양호'));
    expect(en.text).toContain('1.20% Excellent');
    // Cadence against the target.
    expect(ko.text).toContain('✗ X 공식: 어제 2건 / 목표 6건');
    expect(en.text).toContain('✗ X 공식: 2 yesterday / target 6');
  });

  it('keeps the digest in the app: the history, the digest in that order, and its e-mail as sent', async () => {
    const w = team.workspace.id;
    const list = await admin.get(`/api/workspaces/${w}/digests`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ day, customers: 5, unanswered: 3, negative: 3, escalations: 2, posts: 2 });
    const viewer = await signIn(ctx, team.members.viewer.email);
    const one = await viewer.get(`/api/workspaces/${w}/digests/${list.body.items[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body.data.customers.items.map((i: { text: string }) => i.text)).toEqual([
      texts.overdue,
      texts.negative,
      texts.question,
      texts.answeredNegative,
      texts.praise,
    ]);
    expect(one.body.data.customers.items[0]).toMatchObject({ unanswered: true, overdue: true, sentiment: 'negative' });
    const email = await viewer.get(`/api/workspaces/${w}/digests/${list.body.items[0].id}/email?locale=en`);
    expect(email.status).toBe(200);
    expect(email.headers['content-type']).toMatch(/^text\/html/);
    expect(email.text).toContain('What customers said');
    // Another workspace cannot read it.
    const other = await workspaceWithTeam(ctx.deps.prisma, 'Other');
    const stranger = await signIn(ctx, other.members.admin.email);
    expect((await stranger.get(`/api/workspaces/${other.workspace.id}/digests/${list.body.items[0].id}`)).status).toBe(404);
  });

  it('the next digest starts where the previous one stopped', async () => {
    const next = Temporal.PlainDate.from(day).add({ days: 1 }).toString();
    const digest = await ensureDigest(ctx.deps, team.workspace.id, next, new Date(due.getTime() + 24 * HOUR + 60_000));
    expect(digest?.periodStart.toISOString()).toBe(due.toISOString());
    expect(digest?.data.customers.counts.messages).toBe(0);
    await ctx.deps.prisma.digest.delete({ where: { id: digest?.id as string } });
  });

  it('the reconciler declares a scheduler per zone and time and queues a missed digest once; a workspace created since waits for the next morning', async () => {
    const db = ctx.deps.prisma;
    const missed = await workspaceWithTeam(db, 'Missed');
    await db.workspace.update({ where: { id: missed.workspace.id }, data: { createdAt: new Date(Date.now() - 3 * 86_400_000) } });
    await db.digestSettings.create({ data: { workspaceId: missed.workspace.id, sendTime } });
    const fresh = await workspaceWithTeam(db, 'Fresh');
    await db.digestSettings.create({ data: { workspaceId: fresh.workspace.id, sendTime } });
    const queue = new Queue(queueNames.digest, { connection: ctx.deps.redis, prefix: ctx.deps.redisPrefix });
    try {
      await queue.obliterate({ force: true });
      await reconcileDigests(ctx.deps, queue);
      await reconcileDigests(ctx.deps, queue);
      const jobs = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.name === SEND_DIGEST_JOB);
      // The test workspace has today's digest already; the fresh one was created after today's time.
      expect(jobs.map((j) => j.data)).toEqual([{ workspaceId: missed.workspace.id, day }]);
      const keys = (await queue.getJobSchedulers(0, -1)).map((s) => s.key).sort();
      expect(keys).toEqual([...new Set(['digest-at.Asia~Seoul.08~30', `digest-at.Asia~Seoul.${sendTime.replace(':', '~')}`])].sort());
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('admins change the time (a scheduler for the zone and time); people see and switch their own subscription', async () => {
    const w = team.workspace.id;
    const changed = await admin.put(`/api/workspaces/${w}/digest/settings`, { sendTime: '07:15' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      enabled: true,
      sendTime: '07:15',
      timeZone: KST,
      subscription: { subscribed: true, byDefault: true, chosen: false },
    });
    const queue = new Queue(queueNames.digest, { connection: ctx.deps.redis, prefix: ctx.deps.redisPrefix });
    try {
      const schedulers = await queue.getJobSchedulers(0, -1);
      const mine = schedulers.find((s) => s.key === 'digest-at.Asia~Seoul.07~15');
      expect(mine?.pattern).toBe('15 7 * * *');
      expect(mine?.tz).toBe(KST);
    } finally {
      await queue.close();
    }
    expect(await ctx.deps.prisma.auditEvent.count({ where: { workspaceId: w, action: 'digest_settings.updated' } })).toBe(1);
    const bad = await admin.put(`/api/workspaces/${w}/digest/settings`, { sendTime: '25:00' });
    expect(bad.status).toBe(400);
    const planner = await signIn(ctx, team.members.planner.email);
    expect((await planner.put(`/api/workspaces/${w}/digest/settings`, { sendTime: '06:00' })).status).toBe(403);
    const mine = await planner.get(`/api/workspaces/${w}/digest/settings`);
    expect(mine.body.subscription).toEqual({ subscribed: true, byDefault: true, chosen: false });
    const off = await planner.put(`/api/workspaces/${w}/digest/subscription`, { subscribed: false });
    expect(off.body.subscription).toEqual({ subscribed: false, byDefault: true, chosen: true });
  });
});
