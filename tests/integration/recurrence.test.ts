import { Queue, QueueEvents } from 'bullmq';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { queueNames } from '../../server/src/jobs/queues';
import { startWorkers } from '../../server/src/jobs/workers';
import { extendSeries } from '../../server/src/modules/recurrence/extend-series';
import { EXTEND_SERIES_JOB, fanOutSeriesExtension, runSeriesExtension } from '../../server/src/modules/recurrence/jobs/extend-series-job';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let planner: Awaited<ReturnType<typeof signIn>>;
let ws: string;
let x: { id: string };
let fb: { id: string };

/** A Monday at least a week ahead, as a local date in Seoul (the workspace zone). */
const monday = (() => {
  const today = Temporal.Now.plainDateISO('Asia/Seoul');
  return today.add({ days: 7 + ((8 - today.dayOfWeek) % 7) });
})();
const seoul = (date: Temporal.PlainDate, time: string) =>
  new Date(Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime('Asia/Seoul').epochMilliseconds).toISOString();
const mondays = (time: string, n = 4) => Array.from({ length: n }, (_, k) => seoul(monday.add({ weeks: k }), time));

interface Occurrence {
  postId: string;
  at: string;
  local: string;
  state: string;
  exception: boolean;
  title: string;
}

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  planner = await signIn(ctx, team.members.planner.email);
  x = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'X', handle: 'x' });
  fb = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'facebook_page', name: 'FB', handle: 'fb' });
});
afterAll(async () => ctx.close());

const weeklyBody = (overrides: object = {}) => ({
  title: 'Monday tip',
  labels: ['tips'],
  rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
  variants: [
    { channelAccountId: x.id, text: 'Monday tip #sotong', scheduledAt: seoul(monday, '09:00') },
    { channelAccountId: fb.id, text: 'Monday tip', scheduledAt: seoul(monday, '09:30') },
  ],
  ...overrides,
});

async function variantTimes(postId: string) {
  const post = await planner.get(`${ws}/posts/${postId}`);
  return Object.fromEntries(
    (post.body.variants as Array<{ channelAccountId: string; scheduledAt: string }>).map((v) => [
      v.channelAccountId === x.id ? 'x' : 'fb',
      v.scheduledAt,
    ]),
  );
}

describe('recurring posts', () => {
  let seriesId: string;
  let occ: Occurrence[];

  it('creates one post per occurrence, each with every variant at its local time', async () => {
    const res = await planner.post(`${ws}/series`, weeklyBody());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    seriesId = res.body.id;
    occ = res.body.occurrences;
    expect(res.body).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', start: `${monday}T09:00`, timeZone: 'Asia/Seoul', exceptions: [] });
    expect(occ.map((o) => o.at)).toEqual(mondays('09:00'));
    expect(occ[0]?.postId).toBe(seriesId);
    expect(occ.map((o) => o.local)).toEqual([0, 1, 2, 3].map((k) => `${monday.add({ weeks: k })} 09:00`));
    expect(res.body.warnings).toEqual([[], []]);
    for (const [k, o] of occ.entries()) {
      expect(await variantTimes(o.postId)).toEqual({ x: mondays('09:00')[k], fb: mondays('09:30')[k] });
    }
    // 09:00 KST on a Monday is midnight UTC
    expect(occ[0]?.at).toBe(`${monday}T00:00:00.000Z`);
    const rows = await ctx.deps.prisma.post.findMany({ where: { seriesId }, select: { id: true, recurrence: true, labels: true } });
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.recurrence)).toEqual([
      { id: seriesId, recurrence: expect.stringContaining('RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4'), labels: ['tips'] },
    ]);
    expect(await ctx.deps.prisma.auditEvent.count({ where: { entityId: seriesId, action: 'series.created' } })).toBe(1);
  });

  it('refuses a first occurrence in the past (422) and writes nothing; bad rules are 400', async () => {
    const before = await ctx.deps.prisma.post.count();
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const res = await planner.post(
      `${ws}/series`,
      weeklyBody({ rrule: 'FREQ=DAILY;COUNT=5', variants: [{ channelAccountId: x.id, text: 'late', scheduledAt: past }] }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { field: string; code: string }) => `${d.field}:${d.code}`)).toContain(
      'variants.0.scheduledAt:scheduled_in_past',
    );
    const tooLong = await planner.post(
      `${ws}/series`,
      weeklyBody({ variants: [{ channelAccountId: x.id, text: '가'.repeat(141), scheduledAt: seoul(monday, '09:00') }] }),
    );
    expect(tooLong.status).toBe(422);
    const notOnRule = await planner.post(
      `${ws}/series`,
      weeklyBody({ variants: [{ channelAccountId: x.id, text: 'tue', scheduledAt: seoul(monday.add({ days: 1 }), '09:00') }] }),
    );
    expect(notOnRule.status).toBe(422);
    expect(notOnRule.body.error.details[0].code).toBe('rrule_start_mismatch');
    const badRule = await planner.post(`${ws}/series`, weeklyBody({ rrule: 'FREQ=WEEKLY;BYDAY=XX' }));
    expect(badRule.status).toBe(400);
    expect(badRule.body.error.details[0].field).toBe('body.rrule');
    const tooMany = await planner.post(`${ws}/series`, weeklyBody({ rrule: 'FREQ=DAILY;COUNT=400' }));
    expect(tooMany.status).toBe(400);
    const unplanned = await planner.post(`${ws}/series`, weeklyBody({ variants: [{ channelAccountId: x.id, text: 'when?' }] }));
    expect(unplanned.status).toBe(400);
    expect(await ctx.deps.prisma.post.count()).toBe(before);
  });

  it('edits one occurrence alone (`this`): it changes and becomes an exception', async () => {
    const target = occ[2] as Occurrence;
    const res = await planner.patch(`${ws}/series/${seriesId}`, {
      scope: 'this',
      postId: target.postId,
      changes: { title: 'Special', time: '10:00' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.edited).toEqual([target.postId]);
    expect(res.body.series.exceptions).toEqual([target.postId]);
    expect(await variantTimes(target.postId)).toEqual({ x: seoul(monday.add({ weeks: 2 }), '10:00'), fb: seoul(monday.add({ weeks: 2 }), '10:30') });
    const titles = res.body.series.occurrences.map((o: Occurrence) => o.title);
    expect(titles).toEqual(['Monday tip', 'Monday tip', 'Special', 'Monday tip']);
    expect(await variantTimes((occ[3] as Occurrence).postId)).toEqual({ x: mondays('09:00')[3], fb: mondays('09:30')[3] });
    const head = await ctx.deps.prisma.post.findUnique({ where: { id: seriesId }, select: { recurrence: true } });
    expect(head?.recurrence).toContain(`X-SOTONG-EXCEPTIONS:${target.postId}`);
  });

  it('edits an occurrence and the following ones, skipping the exception', async () => {
    const [first, second, third, fourth] = occ as [Occurrence, Occurrence, Occurrence, Occurrence];
    const res = await planner.patch(`${ws}/series/${seriesId}`, {
      scope: 'following',
      postId: second.postId,
      changes: { text: 'New tip', labels: ['tips', 'v2'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.edited).toEqual([second.postId, fourth.postId]);
    expect(res.body.skipped).toEqual([{ postId: third.postId, reason: 'exception' }]);
    const text = async (id: string) => (await planner.get(`${ws}/posts/${id}`)).body;
    expect((await text(first.postId)).variants.map((v: { text: string }) => v.text)).toEqual(['Monday tip #sotong', 'Monday tip']);
    const edited = await text(second.postId);
    expect(edited.variants.map((v: { text: string }) => v.text)).toEqual(['New tip', 'New tip']);
    expect(edited.labels).toEqual(['tips', 'v2']);
    expect(edited.version).toBe(2);
    expect((await text(third.postId)).variants[0].text).toBe('Monday tip #sotong');
    expect((await text(fourth.postId)).variants[0].text).toBe('New tip');
  });

  it('edits all occurrences, skipping the exception and the published one; a new time keeps each date', async () => {
    const [first, second, third, fourth] = occ as [Occurrence, Occurrence, Occurrence, Occurrence];
    await ctx.deps.prisma.variant.updateMany({ where: { postId: fourth.postId }, data: { state: 'published' } });
    await ctx.deps.prisma.post.update({ where: { id: fourth.postId }, data: { state: 'published' } });
    const res = await planner.patch(`${ws}/series/${seriesId}`, { scope: 'all', postId: first.postId, changes: { time: '08:00' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.edited).toEqual([first.postId, second.postId]);
    expect(res.body.skipped).toEqual([
      { postId: third.postId, reason: 'exception' },
      { postId: fourth.postId, reason: 'published' },
    ]);
    expect(res.body.series.start).toBe(`${monday}T08:00`);
    expect(await variantTimes(first.postId)).toEqual({ x: seoul(monday, '08:00'), fb: seoul(monday, '08:30') });
    // 08:00 KST Monday is 23:00Z on Sunday
    expect(await variantTimes(second.postId)).toMatchObject({ x: `${monday.add({ days: 6 })}T23:00:00.000Z` });
    expect(await variantTimes(third.postId)).toEqual({ x: seoul(monday.add({ weeks: 2 }), '10:00'), fb: seoul(monday.add({ weeks: 2 }), '10:30') });
    expect(await variantTimes(fourth.postId)).toEqual({ x: mondays('09:00')[3], fb: mondays('09:30')[3] });
  });

  it('deletes an occurrence and the following ones (soft, audited), keeping the published one', async () => {
    const [first, second, third, fourth] = occ as [Occurrence, Occurrence, Occurrence, Occurrence];
    const res = await planner.delete(`${ws}/series/${seriesId}?scope=following&postId=${second.postId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.deleted).toEqual([second.postId, third.postId]);
    expect(res.body.skipped).toEqual([{ postId: fourth.postId, reason: 'published' }]);
    const series = await planner.get(`${ws}/series/${seriesId}`);
    expect(series.body.occurrences.map((o: Occurrence) => o.postId)).toEqual([first.postId, fourth.postId]);
    expect(series.body.rrule).toMatch(/^FREQ=WEEKLY;BYDAY=MO;UNTIL=\d{8}T\d{6}Z$/);
    expect((await planner.get(`${ws}/posts/${second.postId}`)).status).toBe(404);
    expect(await ctx.deps.prisma.auditEvent.count({ where: { entityId: seriesId, action: 'series.deleted' } })).toBe(1);
    expect(await ctx.deps.prisma.auditEvent.count({ where: { entityId: third.postId, action: 'post.deleted' } })).toBe(1);
    expect((await planner.delete(`${ws}/series/${seriesId}?scope=following`)).status).toBe(400);
  });

  it('extends an open-ended series up to a date, idempotently, carrying series edits and not exceptions', async () => {
    const res = await planner.post(`${ws}/series`, weeklyBody({ title: 'Open', rrule: 'FREQ=WEEKLY;BYDAY=MO', horizonDays: 1 }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.occurrences).toHaveLength(1);
    const id = res.body.id as string;
    const until = new Date(mondays('09:00', 3)[2] as string);
    const first = await extendSeries(ctx.deps, team.workspace.id, id, until);
    expect(first.created).toHaveLength(2);
    expect((await extendSeries(ctx.deps, team.workspace.id, id, until)).created).toEqual([]);

    const series = (await planner.get(`${ws}/series/${id}`)).body;
    expect(series.occurrences.map((o: Occurrence) => o.at)).toEqual(mondays('09:00', 3));
    const last = series.occurrences[2] as Occurrence;
    await planner.patch(`${ws}/series/${id}`, { scope: 'all', postId: id, changes: { text: 'Updated' } });
    await planner.patch(`${ws}/series/${id}`, { scope: 'this', postId: last.postId, changes: { text: 'Only this one' } });
    const more = await extendSeries(ctx.deps, team.workspace.id, id, new Date(mondays('09:00', 5)[4] as string));
    expect(more.created).toHaveLength(2);
    for (const postId of more.created) {
      const post = (await planner.get(`${ws}/posts/${postId}`)).body;
      expect(post.variants.map((v: { text: string }) => v.text)).toEqual(['Updated', 'Updated']);
    }
    expect(await variantTimes(more.created[1] as string)).toEqual({ x: mondays('09:00', 5)[4], fb: mondays('09:30', 5)[4] });

    const gone = await planner.delete(`${ws}/series/${id}?scope=all`);
    expect(gone.body.deleted).toHaveLength(5);
    expect((await planner.get(`${ws}/series/${id}`)).status).toBe(404);
    expect((await extendSeries(ctx.deps, team.workspace.id, id, new Date(mondays('09:00', 8)[7] as string))).created).toEqual([]);
  });

  it('the scheduled extension keeps each series filled to its own horizon, once per window even when fanned out twice', async () => {
    const res = await planner.post(`${ws}/series`, weeklyBody({ title: 'Horizon', rrule: 'FREQ=WEEKLY;BYDAY=MO', horizonDays: 10 }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id as string;
    const created = res.body.occurrences.length as number;
    expect(created).toBeGreaterThanOrEqual(1);
    expect((await ctx.deps.prisma.post.findUniqueOrThrow({ where: { id } })).recurrence).toContain('X-SOTONG-HORIZON-DAYS:10');

    // Three weeks later, the horizon (10 days from then) reaches the Mondays up to ten days after.
    const later = new Date(Date.now() + 21 * 86_400_000);
    const reach = later.getTime() + 10 * 86_400_000;
    // Occurrences that are already past by then are passed over, not created late.
    const expected = mondays('09:00', 8).filter((at) => new Date(at) > later && new Date(at).getTime() <= reach).length;
    expect(expected).toBeGreaterThanOrEqual(1);
    const first = await runSeriesExtension(ctx.deps, { workspaceId: team.workspace.id, seriesId: id }, later);
    expect(first.created).toBe(expected);
    expect((await runSeriesExtension(ctx.deps, { workspaceId: team.workspace.id, seriesId: id }, later)).created).toBe(0);
    const series = (await planner.get(`${ws}/series/${id}`)).body;
    expect(series.occurrences).toHaveLength(created + expected);
    for (const at of series.occurrences.map((o: Occurrence) => o.at))
      expect(new Date(at).getTime()).toBeLessThanOrEqual(later.getTime() + 10 * 86_400_000);

    // Through the real queue: the worker's fan-out enqueues each series once per window.
    const queue = new Queue(queueNames.housekeeping, { connection: ctx.deps.redis, prefix: ctx.deps.redisPrefix });
    try {
      await fanOutSeriesExtension(ctx.deps, queue);
      await fanOutSeriesExtension(ctx.deps, queue);
      const heads = await ctx.deps.prisma.post.count({ where: { recurrence: { not: null } } });
      const jobs = (await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).filter((j) => j.name === EXTEND_SERIES_JOB);
      expect(jobs).toHaveLength(heads);
      const workers = await startWorkers(ctx.deps);
      const events = new QueueEvents(queueNames.housekeeping, {
        connection: ctx.deps.redis.duplicate({ maxRetriesPerRequest: null }),
        prefix: ctx.deps.redisPrefix,
      });
      try {
        await events.waitUntilReady();
        for (const job of jobs) await job.waitUntilFinished(events, 20_000).catch(() => undefined);
        const states = await Promise.all(jobs.map((j) => queue.getJobState(j.id as string)));
        expect(states.every((s) => s === 'completed')).toBe(true);
      } finally {
        await workers.close();
        await events.close();
      }
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
