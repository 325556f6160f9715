/**
 * The publishing engine on real parts: PostgreSQL, Redis (BullMQ), the real X adapter on
 * twitter-api-v2 against the X emulator. Every variant goes out once, at or after its second —
 * through dropped connections, 5xx, 429, an expired token, a pause and a Redis wipe.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { encryptCredentials } from '../../server/src/channels/credentials';
import { queueNames } from '../../server/src/jobs/queues';
import { startWorkers, type Workers } from '../../server/src/jobs/workers';
import { registry } from '../../server/src/modules/observability/metrics';
import { createPublishBatcher } from '../../server/src/modules/publishing/claim-batcher';
import { EARLY_MS, publishJobId } from '../../server/src/modules/publishing/publish-jobs';
import { reconcilePublishing } from '../../server/src/modules/publishing/reconcile';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const X_USER = '1500000000000000777';
const X_TOKEN = 'x-token-publish';

let x: XEmulator;
let ctx: TestContext;
let workers: Workers;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
type Client = Awaited<ReturnType<typeof signIn>>;
let planner: Client;
let approver: Client;
let admin: Client;
let ws: string;
let channelId: string;

beforeAll(async () => {
  x = await startXEmulator({ users: [{ id: X_USER, username: 'sotong_pub', name: '소통', accessTokens: [X_TOKEN] }] });
  ctx = await startTestApp({ env: { X_API_URL: x.url } });
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  planner = await signIn(ctx, team.members.planner.email);
  approver = await signIn(ctx, team.members.approver.email);
  admin = await signIn(ctx, team.members.admin.email);
  const channel = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'X', handle: 'sotong_pub' });
  channelId = channel.id;
  await ctx.deps.prisma.channelAccount.update({
    where: { id: channelId },
    data: { remoteId: X_USER, ...encryptCredentials(ctx.deps.config.encryptionKey, { accessToken: X_TOKEN }) },
  });
  workers = await startWorkers(ctx.deps);
}, 60_000);
afterAll(async () => {
  await workers?.close();
  await ctx?.close();
  await x?.close();
});
beforeEach(() => {
  x.control.reset();
  x.control.seedUser({ id: X_USER, username: 'sotong_pub', name: '소통', accessTokens: [X_TOKEN] });
});

let n = 0;
/** A post approved through the API, due `inMs` from now; answers its variant id and due time. */
async function approvedVariant(inMs: number) {
  n += 1;
  const at = new Date(Date.now() + inMs);
  const text = `Publishing test ${n} ${Date.now().toString(36)}`;
  const res = await planner.post(`${ws}/posts`, { title: text, variants: [{ channelAccountId: channelId, text, scheduledAt: at.toISOString() }] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const postId = res.body.id as string;
  expect((await planner.post(`${ws}/posts/${postId}/transitions`, { to: 'in_review' })).status).toBe(200);
  const decided = await approver.post(`${ws}/posts/${postId}/decisions`, { decision: 'approved', version: 1 });
  expect(decided.body.state).toBe('scheduled');
  return { postId, variantId: res.body.variants[0].id as string, at, text };
}

const variantOf = (id: string) =>
  ctx.deps.prisma.variant.findUniqueOrThrow({
    where: { id },
    select: { state: true, remoteId: true, failureKind: true, failureReason: true, heldAt: true, post: { select: { state: true } } },
  });
const postsWith = (text: string) => x.control.posts().filter((p) => p.kind === 'post' && p.text === text);
const settled = (id: string, states = ['published', 'failed']) =>
  expect.poll(async () => (await variantOf(id)).state, { timeout: 40_000, interval: 200 }).toSatisfy((s: string) => states.includes(s));

describe('publishing engine', () => {
  it('posts an approved variant once, not before its second, and records the remote id', async () => {
    const v = await approvedVariant(2_500);
    await settled(v.variantId);
    const row = await variantOf(v.variantId);
    expect(row).toMatchObject({ state: 'published', post: { state: 'published' } });
    const sent = postsWith(v.text);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.remoteId).toBe(row.remoteId);
    expect(sent[0]?.arrivedAt).toBeGreaterThanOrEqual(v.at.getTime());
    const attempts = await ctx.deps.prisma.publishAttempt.findMany({ where: { variantId: v.variantId } });
    expect(attempts.map((a) => a.outcome)).toEqual(['succeeded']);
  });

  it('a dropped connection after the post was made is resolved by asking X: adopted, not posted twice', async () => {
    x.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /2/tweets' });
    const v = await approvedVariant(1_500);
    await settled(v.variantId);
    expect(await variantOf(v.variantId)).toMatchObject({ state: 'published' });
    expect(postsWith(v.text)).toHaveLength(1);
    const attempts = await ctx.deps.prisma.publishAttempt.findMany({ where: { variantId: v.variantId } });
    expect(attempts.map((a) => a.outcome)).toEqual(['adopted']);
  });

  it('a 5xx that did not take effect is retried after asking; one that did is adopted', async () => {
    x.control.addFault({ kind: 'server_error', count: 1, status: 503, endpoint: 'POST /2/tweets' });
    const lost = await approvedVariant(1_500);
    await settled(lost.variantId);
    expect(postsWith(lost.text)).toHaveLength(1);
    expect(
      (await ctx.deps.prisma.publishAttempt.findMany({ where: { variantId: lost.variantId }, orderBy: { startedAt: 'asc' } })).map((a) => a.outcome),
    ).toEqual(['unknown', 'succeeded']);

    x.control.addFault({ kind: 'server_error', count: 1, status: 500, commit: true, endpoint: 'POST /2/tweets' });
    const made = await approvedVariant(1_500);
    await settled(made.variantId);
    expect(postsWith(made.text)).toHaveLength(1);
    expect(await variantOf(made.variantId)).toMatchObject({ state: 'published' });
  });

  it('a 429 waits for the reset and then posts once', async () => {
    x.control.addFault({ kind: 'rate_limit', count: 1, resetInSeconds: 2, endpoint: 'POST /2/tweets' });
    const v = await approvedVariant(1_000);
    await settled(v.variantId);
    const sent = postsWith(v.text);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.arrivedAt).toBeGreaterThanOrEqual(v.at.getTime() + 1_000);
    const outcomes = (await ctx.deps.prisma.publishAttempt.findMany({ where: { variantId: v.variantId }, orderBy: { startedAt: 'asc' } })).map(
      (a) => a.outcome,
    );
    expect(outcomes).toEqual(['rate_limited', 'succeeded']);
  });

  it('an expired token fails the variant with the reason, flags the channel and tells the author', async () => {
    x.control.expireToken(X_TOKEN);
    const v = await approvedVariant(1_000);
    await settled(v.variantId);
    expect(await variantOf(v.variantId)).toMatchObject({ state: 'failed', failureKind: 'auth_expired', post: { state: 'failed' } });
    expect((await ctx.deps.prisma.channelAccount.findUniqueOrThrow({ where: { id: channelId } })).status).toBe('needs_reconnect');
    expect(await ctx.deps.prisma.notification.count({ where: { postId: v.postId, kind: 'publish_failed', userId: team.members.planner.id } })).toBe(
      1,
    );
    expect(postsWith(v.text)).toHaveLength(0);
    await ctx.deps.prisma.channelAccount.update({ where: { id: channelId }, data: { status: 'active' } });
  });

  it('a crisis pause holds what falls due; after resume nothing goes out until an admin publishes it now', async () => {
    expect((await admin.post(`${ws}/publishing/pause`, {})).status).toBe(200);
    const v = await approvedVariant(1_000);
    await expect.poll(async () => (await variantOf(v.variantId)).heldAt, { timeout: 20_000 }).not.toBeNull();
    const resumed = await admin.post(`${ws}/publishing/resume`, {});
    expect(resumed.body.held.map((h: { id: string }) => h.id)).toContain(v.variantId);
    await reconcilePublishing(ctx.deps, new Queue(queueNames.publish, { connection: ctx.deps.redis, prefix: ctx.deps.redisPrefix }));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(postsWith(v.text)).toHaveLength(0);
    expect((await planner.post(`${ws}/variants/${v.variantId}/publish-now`)).status).toBe(403);
    expect((await admin.post(`${ws}/variants/${v.variantId}/publish-now`)).status).toBe(200);
    await settled(v.variantId);
    expect(postsWith(v.text)).toHaveLength(1);
  });

  it('every member reads the pause state: the workspace since when, and which channels', async () => {
    const viewer = await signIn(ctx, team.members.viewer.email);
    expect((await viewer.get(`${ws}/publishing/status`)).body).toEqual({ paused: false, pausedAt: null, pausedChannels: [] });
    expect((await admin.post(`${ws}/publishing/pause`, { channelId })).status).toBe(200);
    const one = await viewer.get(`${ws}/publishing/status`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ paused: false, pausedAt: null, pausedChannels: [{ id: channelId, name: 'X' }] });
    expect(Date.parse(one.body.pausedChannels[0].pausedAt)).not.toBeNaN();
    expect((await admin.post(`${ws}/publishing/pause`, {})).status).toBe(200);
    const both = await approver.get(`${ws}/publishing/status`);
    expect(both.body.paused).toBe(true);
    expect(Date.now() - Date.parse(both.body.pausedAt)).toBeLessThan(60_000);
    expect((await admin.post(`${ws}/publishing/resume`, {})).status).toBe(200);
    expect((await admin.post(`${ws}/publishing/resume`, { channelId })).status).toBe(200);
    expect((await planner.get(`${ws}/publishing/status`)).body).toEqual({ paused: false, pausedAt: null, pausedChannels: [] });
  });

  it('a pause made after a variant was claimed still stops its call; nothing goes out until an admin publishes it', async () => {
    const v = await approvedVariant(5_000);
    // Claimed ahead of its second (the job is active early) …
    await expect.poll(async () => (await variantOf(v.variantId)).state, { timeout: 4_000, interval: 100 }).toBe('publishing');
    // … and paused before it.
    expect((await admin.post(`${ws}/publishing/pause`, {})).status).toBe(200);
    await expect.poll(async () => (await variantOf(v.variantId)).heldAt, { timeout: 15_000 }).not.toBeNull();
    expect(await variantOf(v.variantId)).toMatchObject({ state: 'scheduled' });
    expect(postsWith(v.text)).toHaveLength(0);
    await admin.post(`${ws}/publishing/resume`, {});
    expect((await admin.post(`${ws}/variants/${v.variantId}/publish-now`)).status).toBe(200);
    await settled(v.variantId);
    expect(postsWith(v.text)).toHaveLength(1);
  });

  it('a Redis wipe loses nothing: within seconds the workers queue again from the database, and the post still goes out once', async () => {
    // Due after the job's early window, so its job still waits in Redis when Redis is wiped.
    const v = await approvedVariant(EARLY_MS + 6_000);
    const queue = new Queue(queueNames.publish, { connection: ctx.deps.redis, prefix: ctx.deps.redisPrefix });
    const version = (await ctx.deps.prisma.variant.findUniqueOrThrow({ where: { id: v.variantId }, select: { scheduleVersion: true } }))
      .scheduleVersion;
    // The wipe: the queue's keys (jobs, the reconciler's schedule) and everything else of the workers' in Redis.
    await queue.pause();
    await queue.obliterate({ force: true });
    await ctx.deps.redis.del(`${ctx.deps.redisPrefix}:publishing:alive`);
    await queue.resume();
    expect(await queue.getJob(publishJobId(v.variantId, version))).toBeUndefined();
    // Noticed in seconds, not at the next minute's reconcile (whose schedule was wiped too).
    await expect.poll(async () => !!(await queue.getJob(publishJobId(v.variantId, version))), { timeout: 8_000, interval: 250 }).toBe(true);
    await settled(v.variantId);
    expect(postsWith(v.text)).toHaveLength(1);
    await queue.close();
  }, 60_000);

  it('a burst claims together: one statement claims each ready variant once, never one variant for two jobs', async () => {
    const batcher = createPublishBatcher(ctx.deps.prisma);
    const ready = await Promise.all([approvedVariant(600_000), approvedVariant(600_000), approvedVariant(600_000)]);
    const [rescheduled] = await Promise.all([approvedVariant(600_000)]);
    await ctx.deps.prisma.variant.update({ where: { id: rescheduled.variantId }, data: { scheduleVersion: { increment: 1 } } });
    const versions = await ctx.deps.prisma.variant.findMany({
      where: { id: { in: [...ready, rescheduled].map((v) => v.variantId) } },
      select: { id: true, scheduleVersion: true },
    });
    const versionOf = (id: string) => versions.find((v) => v.id === id)?.scheduleVersion ?? -1;
    const dueBy = new Date(Date.now() + 3_600_000);
    const ask = (variantId: string, jobId: string, scheduleVersion = versionOf(variantId)) =>
      batcher.claim({ variantId, scheduleVersion, jobId, dueBy });
    const answers = await Promise.all([
      ...ready.map((v) => ask(v.variantId, `job-${v.variantId}`)),
      // the same variant asked again in the same batch (a job and its retry): not a second claim
      ask(ready[0].variantId, 'job-again'),
      // the job of the old schedule version finds nothing to claim
      ask(rescheduled.variantId, 'job-old', versionOf(rescheduled.variantId) - 1),
    ]);
    expect(answers.slice(0, 3).map((a) => a?.row.id)).toEqual(ready.map((v) => v.variantId));
    expect(answers[3]).toBeNull();
    expect(answers[4]).toBeNull();
    // Asked again later, a claimed variant is not claimed twice.
    expect(await ask(ready[1].variantId, 'job-later')).toBeNull();
    const attempts = await ctx.deps.prisma.publishAttempt.findMany({
      where: { variantId: { in: [...ready, rescheduled].map((v) => v.variantId) } },
      select: { id: true, variantId: true, jobId: true, outcome: true },
    });
    expect(attempts).toHaveLength(3);
    expect(attempts.map((a) => a.jobId).sort()).toEqual(ready.map((v) => `job-${v.variantId}`).sort());
    expect((await variantOf(rescheduled.variantId)).state).toBe('scheduled');

    // Results stored together: each variant published with its remote id, each post settled.
    await Promise.all(
      answers.slice(0, 3).map((a, i) =>
        batcher.storePublished({
          row: a?.row as NonNullable<typeof a>['row'],
          attemptId: a?.attemptId as string,
          published: { remoteId: `remote-${i}`, url: `https://x.com/i/remote-${i}`, publishedAt: new Date() },
        }),
      ),
    );
    for (const [i, v] of ready.entries()) {
      const stored = await variantOf(v.variantId);
      expect(stored).toMatchObject({ state: 'published', remoteId: `remote-${i}`, post: { state: 'published' } });
    }
    const finished = await ctx.deps.prisma.publishAttempt.findMany({ where: { id: { in: attempts.map((a) => a.id) } }, select: { outcome: true } });
    expect(finished.map((a) => a.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('results wait while the burst still has calls in flight, then are stored together', async () => {
    const batcher = createPublishBatcher(ctx.deps.prisma);
    const [a, b] = await Promise.all([approvedVariant(600_000), approvedVariant(600_000)]);
    const dueBy = new Date(Date.now() + 3_600_000);
    const claimOf = async (id: string) => {
      const { scheduleVersion } = await ctx.deps.prisma.variant.findUniqueOrThrow({ where: { id }, select: { scheduleVersion: true } });
      const claimed = await batcher.claim({ variantId: id, scheduleVersion, jobId: `job-${id}`, dueBy });
      if (!claimed) throw new Error('not claimed');
      return claimed;
    };
    const [first, second] = [await claimOf(a.variantId), await claimOf(b.variantId)];
    let release = () => {};
    const slowCall = batcher.calling(() => new Promise<void>((resolve) => (release = resolve)));
    const stored = batcher.storePublished({
      ...first,
      published: { remoteId: 'held-1', url: 'https://x.com/i/held-1', publishedAt: new Date() },
    });
    await new Promise((r) => setTimeout(r, 300));
    // The other call is still out: the first result is held in memory, not yet written.
    expect((await variantOf(a.variantId)).state).toBe('publishing');
    release();
    await slowCall;
    await batcher.storePublished({ ...second, published: { remoteId: 'held-2', url: 'https://x.com/i/held-2', publishedAt: new Date() } });
    await stored;
    expect(await variantOf(a.variantId)).toMatchObject({ state: 'published', remoteId: 'held-1' });
    expect(await variantOf(b.variantId)).toMatchObject({ state: 'published', remoteId: 'held-2' });
  });

  it('a result is never held longer than the hold limit by a call that hangs', async () => {
    const batcher = createPublishBatcher(ctx.deps.prisma);
    const v = await approvedVariant(600_000);
    const { scheduleVersion } = await ctx.deps.prisma.variant.findUniqueOrThrow({ where: { id: v.variantId }, select: { scheduleVersion: true } });
    const claimed = await batcher.claim({ variantId: v.variantId, scheduleVersion, jobId: 'job-hang', dueBy: new Date(Date.now() + 3_600_000) });
    if (!claimed) throw new Error('not claimed');
    let release = () => {};
    const hanging = batcher.calling(() => new Promise<void>((resolve) => (release = resolve)));
    await batcher.storePublished({ ...claimed, published: { remoteId: 'hang-1', url: 'https://x.com/i/hang-1', publishedAt: new Date() } });
    expect(await variantOf(v.variantId)).toMatchObject({ state: 'published', remoteId: 'hang-1' });
    release();
    await hanging;
  });

  it('an outcome that cannot be confirmed (the token died while asking) fails the variant, tells the author and settles the post', async () => {
    const v = await approvedVariant(1_500);
    x.control.addFault({ kind: 'commit_then_drop', count: 1, endpoint: 'POST /2/tweets' });
    await expect.poll(async () => (await variantOf(v.variantId)).state, { timeout: 20_000, interval: 100 }).toBe('unconfirmed');
    x.control.expireToken(X_TOKEN);
    await settled(v.variantId, ['failed']);
    const stored = await variantOf(v.variantId);
    expect(stored).toMatchObject({ state: 'failed', failureKind: 'unknown_outcome', post: { state: 'failed' } });
    const told = await ctx.deps.prisma.notification.findMany({ where: { postId: v.postId, kind: 'publish_failed' }, select: { userId: true } });
    expect(told.map((n) => n.userId)).toEqual([team.members.planner.id]);
  }, 60_000);

  it('/metrics counts the publish outcomes and the lateness of the calls made above', async () => {
    const text = await registry.metrics();
    const value = (prefix: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(prefix))
          ?.split(' ')
          .pop() ?? Number.NaN,
      );
    expect(value('sotong_publish_outcomes_total{provider="x",outcome="published"}')).toBeGreaterThanOrEqual(3);
    expect(value('sotong_publish_outcomes_total{provider="x",outcome="rate_limited"}')).toBeGreaterThanOrEqual(1);
    expect(value('sotong_publish_outcomes_total{provider="x",outcome="auth_expired"}')).toBeGreaterThanOrEqual(1);
    expect(value('sotong_publish_lateness_seconds_count{provider="x"}')).toBeGreaterThanOrEqual(3);
  });
});
