/**
 * Metrics collection on real parts: PostgreSQL, Redis (BullMQ metrics queue and worker), the real adapters
 * against the Graph and X emulators. Publishing queues the first reading; readings are appended per
 * checkpoint and never overwritten; one call reads a channel's due posts together; a Redis wipe loses
 * nothing (the reconciler queues what is overdue); follower counts are read once a day per channel.
 */
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildPost } from '../../prisma/seed/builders';
import { encryptCredentials } from '../../server/src/channels/credentials';
import { providerFor } from '../../server/src/channels/providers/registry';
import type { RunningWorker } from '../../server/src/jobs/queues';
import { fanOutFollowers } from '../../server/src/modules/metrics/collect-followers';
import { enqueueFollowers, enqueueMetrics, metricsJobId } from '../../server/src/modules/metrics/metrics-jobs';
import { startMetricsWorker } from '../../server/src/modules/metrics/metrics-worker';
import { reconcileMetrics } from '../../server/src/modules/metrics/reconcile-metrics';
import { startPublishWorker } from '../../server/src/modules/publishing/publish-worker';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const X_USER = '1500000000000000888';
const X_TOKEN = 'x-token-metrics';
const PAGE = '100000000000888';
const IG = '17841400000000888';
const PAGE_TOKEN = 'page-token-metrics';
const HOUR = 3_600_000;

let x: XEmulator;
let graph: GraphEmulator;
let ctx: TestContext;
let metrics: { worker: RunningWorker; queue: Queue };
let publisher: { worker: RunningWorker; queue: Queue };
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let ws: string;
const channels = { x: '', facebook: '', instagram: '' };

beforeAll(async () => {
  x = await startXEmulator({ users: [{ id: X_USER, username: 'sotong_metrics', accessTokens: [X_TOKEN], followers: 5_000 }] });
  graph = await startGraphEmulator({
    pages: [
      {
        id: PAGE,
        name: '소통 지표',
        accessTokens: [PAGE_TOKEN],
        followers: 10_000,
        instagram: { id: IG, username: 'sotong.metrics', followers: 8_000 },
      },
    ],
  });
  ctx = await startTestApp({ env: { X_API_URL: x.url, META_GRAPH_URL: graph.url } });
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  const key = ctx.deps.config.encryptionKey;
  const connect = async (provider: 'x' | 'facebook_page' | 'instagram', remoteId: string, token: string, followerCount: number) => {
    const c = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider, name: provider, handle: `m_${provider}`, followerCount });
    await ctx.deps.prisma.channelAccount.update({ where: { id: c.id }, data: { remoteId, ...encryptCredentials(key, { accessToken: token }) } });
    return c.id;
  };
  channels.x = await connect('x', X_USER, X_TOKEN, 5_000);
  channels.facebook = await connect('facebook_page', PAGE, PAGE_TOKEN, 10_000);
  channels.instagram = await connect('instagram', IG, PAGE_TOKEN, 8_000);
  metrics = await startMetricsWorker(ctx.deps);
  publisher = await startPublishWorker(ctx.deps);
}, 60_000);
afterAll(async () => {
  await publisher?.worker.close();
  await metrics?.worker.close();
  await publisher?.queue.close();
  await metrics?.queue.close();
  await ctx?.close();
  await Promise.all([x?.close(), graph?.close()]);
});

const snapshots = (variantId: string) => ctx.deps.prisma.metricSnapshot.findMany({ where: { variantId }, orderBy: { fetchedAt: 'asc' } });

/** Moves a published variant (and its post on the emulator) `ms` into the past, as if that much time had passed. */
async function age(variantId: string, ms: number, emulator: { control: { agePost(id: string, ms: number): void } }) {
  const v = await ctx.deps.prisma.variant.findUniqueOrThrow({ where: { id: variantId }, select: { publishedAt: true, remoteId: true } });
  emulator.control.agePost(v.remoteId ?? '', ms);
  await ctx.deps.prisma.variant.update({ where: { id: variantId }, data: { publishedAt: new Date((v.publishedAt as Date).getTime() - ms) } });
}

/** A variant published on the network now (through the adapter) and recorded as published. */
async function publishedDirectly(channel: keyof typeof channels, text: string) {
  const providerName = channel === 'facebook' ? 'facebook_page' : channel;
  const account =
    channel === 'x' ? { remoteId: X_USER, accessToken: X_TOKEN } : { remoteId: channel === 'facebook' ? PAGE : IG, accessToken: PAGE_TOKEN };
  const media =
    channel === 'instagram'
      ? [{ kind: 'image' as const, mimeType: 'image/jpeg', url: 'https://media.sotong.test/a.jpg', read: async () => Buffer.from('x') }]
      : [];
  const made = await providerFor(ctx.deps.config, providerName).publish(account, { text, media, fingerprint: text });
  const post = await buildPost(ctx.deps.prisma, team.workspace.id, team.members.planner, {
    title: text,
    variants: [{ channelAccountId: channels[channel], text, scheduledAt: made.publishedAt }],
  });
  const variantId = post.variantIds[0] as string;
  await ctx.deps.prisma.variant.update({
    where: { id: variantId },
    data: { state: 'published', remoteId: made.remoteId, publishedAt: made.publishedAt },
  });
  return variantId;
}

async function runJob(variantId: string, checkpoint: '1h' | '6h' | '24h' | '72h' | '7d', retry?: string) {
  await enqueueMetrics(metrics.queue, { variantId, checkpoint }, new Date(), retry);
  const job = await metrics.queue.getJob(metricsJobId(variantId, checkpoint, retry));
  await expect.poll(async () => (job ? await job.getState() : 'missing'), { timeout: 20_000, interval: 100 }).toBe('completed');
}

describe('metrics collection', () => {
  it('publishing queues the first reading; each checkpoint appends a snapshot that grows, through the real queue', async () => {
    const planner = await signIn(ctx, team.members.planner.email);
    const approver = await signIn(ctx, team.members.approver.email);
    const text = `Metrics ${Date.now().toString(36)}`;
    const res = await planner.post(`${ws}/posts`, {
      title: text,
      variants: [{ channelAccountId: channels.x, text, scheduledAt: new Date(Date.now() + 1_500).toISOString() }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const variantId = res.body.variants[0].id as string;
    await planner.post(`${ws}/posts/${res.body.id}/transitions`, { to: 'in_review' });
    await approver.post(`${ws}/posts/${res.body.id}/decisions`, { decision: 'approved', version: 1 });

    // Published: the follower count at publication is on the variant and the 1 h reading waits in the queue.
    const firstJob = metricsJobId(variantId, '1h');
    await expect.poll(async () => (await metrics.queue.getJob(firstJob)) !== undefined, { timeout: 40_000, interval: 200 }).toBe(true);
    const published = await ctx.deps.prisma.variant.findUniqueOrThrow({
      where: { id: variantId },
      select: { followersAtPublish: true, state: true },
    });
    expect(published).toEqual({ state: 'published', followersAtPublish: 5_000 });
    expect(await (await metrics.queue.getJob(firstJob))?.getState()).toBe('delayed');

    // An hour later (the post and the emulator's clock moved back): the job runs and stores the 1 h reading.
    await age(variantId, HOUR + 60_000, x);
    await (await metrics.queue.getJob(firstJob))?.promote();
    await expect.poll(async () => (await snapshots(variantId)).map((s) => s.checkpoint), { timeout: 20_000, interval: 100 }).toEqual(['1h']);
    const [one] = await snapshots(variantId);
    expect(one?.reactions).toBeGreaterThan(0);
    expect(one?.impressions).toBeGreaterThan(0);

    // It queued the 6 h reading; five hours more and the numbers have grown, the first reading untouched.
    const sixJob = await metrics.queue.getJob(metricsJobId(variantId, '6h'));
    expect(await sixJob?.getState()).toBe('delayed');
    await age(variantId, 5 * HOUR, x);
    await sixJob?.promote();
    await expect.poll(async () => (await snapshots(variantId)).map((s) => s.checkpoint), { timeout: 20_000, interval: 100 }).toEqual(['1h', '6h']);
    const [first, six] = await snapshots(variantId);
    expect(first).toEqual(one);
    expect(six?.reactions).toBeGreaterThan(one?.reactions ?? 0);
    expect(six?.impressions).toBeGreaterThan(one?.impressions ?? 0);
    expect(await (await metrics.queue.getJob(metricsJobId(variantId, '24h')))?.getState()).toBe('delayed');
  }, 90_000);

  it('one job reads every due post of its channel together; running it again overwrites nothing', async () => {
    const a = await publishedDirectly('facebook', `Facebook A ${Date.now()}`);
    const b = await publishedDirectly('facebook', `Facebook B ${Date.now()}`);
    await age(a, 2 * HOUR, graph);
    await age(b, 2 * HOUR, graph);
    graph.control.simulateAudience((await ctx.deps.prisma.variant.findUniqueOrThrow({ where: { id: a } })).remoteId ?? '', 3);
    await runJob(a, '1h');
    const [sa] = await snapshots(a);
    const [sb] = await snapshots(b);
    expect(sa).toMatchObject({ checkpoint: '1h', comments: 3 });
    expect(sb).toMatchObject({ checkpoint: '1h' });
    expect(sa?.reach).toBeGreaterThan(0);
    // b's own job finds its reading taken and does nothing; a second run of a's job (another id) neither.
    await runJob(b, '1h');
    await age(a, 10 * 60_000, graph);
    await runJob(a, '1h', 'again');
    expect(await snapshots(a)).toEqual([sa]);
    expect(await snapshots(b)).toEqual([sb]);
  }, 60_000);

  it('a reading missed while the worker was down is taken under the checkpoint due now (30 h old → 24h)', async () => {
    const v = await publishedDirectly('instagram', `Instagram ${Date.now()}`);
    await age(v, 30 * HOUR, graph);
    await runJob(v, '1h');
    const rows = await snapshots(v);
    expect(rows.map((r) => r.checkpoint)).toEqual(['24h']);
    expect(rows[0]?.reactions).toBeGreaterThan(0);
    expect((await ctx.deps.prisma.variant.findUniqueOrThrow({ where: { id: v }, select: { followersAtPublish: true } })).followersAtPublish).toBe(
      8_000,
    );
    expect(await (await metrics.queue.getJob(metricsJobId(v, '72h')))?.getState()).toBe('delayed');
  }, 60_000);

  it('after a Redis wipe the reconciler queues every overdue reading, and only those', async () => {
    const overdue = await publishedDirectly('x', `Overdue ${Date.now()}`);
    await age(overdue, 7 * HOUR, x); // its 6 h reading is an hour overdue, no job anywhere
    const fresh = await publishedDirectly('x', `Fresh ${Date.now()}`); // nothing due yet
    await metrics.queue.obliterate({ force: true });
    const result = await reconcileMetrics(ctx.deps, metrics.queue);
    expect(result.added).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => (await snapshots(overdue)).map((s) => s.checkpoint), { timeout: 20_000, interval: 100 }).toEqual(['6h']);
    expect(await snapshots(fresh)).toEqual([]);
    // Nothing overdue any more: a second pass adds nothing for these two.
    const again = await reconcileMetrics(ctx.deps, metrics.queue);
    const ids = (await metrics.queue.getJobs(['waiting', 'delayed', 'active'])).map((j) => j.id ?? '');
    expect(ids.filter((id) => id.includes(overdue) && id.includes('.6h.'))).toEqual([]);
    expect(again.added).toBe(0);
  }, 60_000);

  it('reads follower counts once a day per channel and keeps the channel in step', async () => {
    // The hourly fan-out ran when the worker started: one reading per channel for today (Seoul).
    await expect.poll(() => ctx.deps.prisma.followerSnapshot.count({ where: { workspaceId: team.workspace.id } }), { timeout: 20_000 }).toBe(3);
    const seoulToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    const today = await ctx.deps.prisma.followerSnapshot.findMany({
      where: { workspaceId: team.workspace.id },
      select: { channelAccountId: true, day: true, followers: true },
    });
    expect(Object.fromEntries(today.map((r) => [r.channelAccountId, [r.day.toISOString().slice(0, 10), r.followers]]))).toEqual({
      [channels.x]: [seoulToday, 5_000],
      [channels.facebook]: [seoulToday, 10_000],
      [channels.instagram]: [seoulToday, 8_000],
    });
    // Later the same day: nothing to read.
    expect((await fanOutFollowers(ctx.deps, metrics.queue)).queued).toBe(0);

    // The next day's reading appends a row (the first stays) and moves the channel's count.
    x.control.setFollowers(X_USER, 5_321);
    graph.control.setFollowers(PAGE, 10_456);
    // Seoul's tomorrow (after 15:00 UTC, UTC's tomorrow is Seoul's today).
    const tomorrow = new Date(Date.parse(`${seoulToday}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await enqueueFollowers(metrics.queue, { channelAccountId: channels.x, day: tomorrow });
    await enqueueFollowers(metrics.queue, { channelAccountId: channels.facebook, day: tomorrow });
    await enqueueFollowers(metrics.queue, { channelAccountId: channels.x, day: tomorrow });
    await expect.poll(() => ctx.deps.prisma.followerSnapshot.count({ where: { workspaceId: team.workspace.id } }), { timeout: 20_000 }).toBe(5);
    const rows = await ctx.deps.prisma.channelAccount.findMany({
      where: { workspaceId: team.workspace.id },
      select: { id: true, followerCount: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.followerCount]))).toEqual({
      [channels.x]: 5_321,
      [channels.facebook]: 10_456,
      [channels.instagram]: 8_000,
    });
    const xRows = await ctx.deps.prisma.followerSnapshot.findMany({ where: { channelAccountId: channels.x }, orderBy: { day: 'asc' } });
    expect(xRows.map((r) => r.followers)).toEqual([5_000, 5_321]);
  }, 60_000);
});
