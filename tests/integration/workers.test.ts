import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNames } from '../../server/src/jobs/queues';
import { startWorkers } from '../../server/src/jobs/workers';
import { PURGE_EXPIRED_JOB } from '../../server/src/modules/auth/jobs/purge-expired';
import { createSession } from '../../server/src/modules/auth/session-repository';
import { REFRESH_X_TOKENS_JOB } from '../../server/src/modules/channels/jobs/refresh-x-tokens';
import { EXTEND_ALL_SERIES_JOB } from '../../server/src/modules/recurrence/jobs/extend-series-job';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => ctx.close());

describe('workers (BullMQ on real Redis)', () => {
  it('two worker processes declare the hourly housekeeping schedule once, and the job purges expired sessions idempotently', async () => {
    const team = await workspaceWithTeam(ctx.deps.prisma);
    const live = await signIn(ctx, team.members.viewer.email);
    const first = await startWorkers(ctx.deps);
    const second = await startWorkers(ctx.deps);
    const queue = new Queue(queueNames.housekeeping, { connection: ctx.deps.redis, prefix: ctx.deps.redisPrefix });
    const events = new QueueEvents(queueNames.housekeeping, {
      connection: ctx.deps.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: ctx.deps.redisPrefix,
    });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual([EXTEND_ALL_SERIES_JOB, PURGE_EXPIRED_JOB, REFRESH_X_TOKENS_JOB].sort());
      const purge = schedulers.find((s) => s.key === PURGE_EXPIRED_JOB);
      expect(purge?.every).toBe(3_600_000);
      expect(Number(purge?.next)).toBeGreaterThan(Date.now());
      // Let anything the schedule started on its own finish before the expired session exists.
      await expect.poll(async () => (await queue.getJobCounts('active', 'wait')).active ?? 0, { timeout: 10_000 }).toBe(0);
      const stale = await createSession(ctx.deps.prisma, team.members.viewer.id, {});
      await ctx.deps.prisma.session.update({ where: { id: stale.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      // Raw webhook deliveries: processed and older than a week go; a recent one and an unprocessed old one stay.
      const day = 86_400_000;
      const delivery = (receivedDaysAgo: number, processedDaysAgo: number | null) =>
        ctx.deps.prisma.webhookDelivery.create({
          data: {
            source: 'meta',
            body: '{"object":"page","entry":[]}',
            receivedAt: new Date(Date.now() - receivedDaysAgo * day),
            processedAt: processedDaysAgo === null ? null : new Date(Date.now() - processedDaysAgo * day),
          },
          select: { id: true },
        });
      const old = await delivery(9, 8);
      const recent = await delivery(2, 2);
      const neverProcessed = await delivery(9, null);

      await events.waitUntilReady();
      const job = await queue.add(PURGE_EXPIRED_JOB, {});
      expect(await job.waitUntilFinished(events, 20_000)).toMatchObject({ sessions: 1, invites: 0 });
      const left = await ctx.deps.prisma.webhookDelivery.findMany({
        where: { id: { in: [old.id, recent.id, neverProcessed.id] } },
        select: { id: true },
      });
      expect(left.map((d) => d.id).sort()).toEqual([recent.id, neverProcessed.id].sort());
      const again = await queue.add(PURGE_EXPIRED_JOB, {});
      expect(await again.waitUntilFinished(events, 20_000)).toEqual({ sessions: 0, invites: 0, webhookDeliveries: 0 });
      expect((await live.get('/api/auth/session')).status).toBe(200);
    } finally {
      await first.close();
      await second.close();
      await events.close();
      await queue.close();
    }
  });
});
