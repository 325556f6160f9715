/**
 * Scheduling the morning digests with BullMQ job schedulers, one per (time zone, send time) in use —
 * `30 8 * * *` in Asia/Seoul by default — whose job fans out one send-digest job per workspace that sends
 * then. The reconciler (every 5 minutes, and at start) declares the schedulers again (idempotent across
 * processes; a Redis wipe loses nothing for long), removes those no workspace uses any more, and queues
 * any digest that is due within its window but not composed yet (workers were down at the time) —
 * except for workspaces created after that day's time, whose first digest comes the next morning.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { localOf } from '../../lib/local-time';
import { enqueueSendDigest, FAN_OUT_DIGESTS_JOB, type FanOutData, SCHEDULER_PREFIX, schedulerId } from './digest-jobs';
import { recentDigestDays, workspacesWithDigest } from './digest-repository';
import { cronOf, DEFAULT_SEND_TIME, dueDay, SEND_WINDOW_MS, sendInstant } from './digest-schedule';

const keep = { removeOnComplete: 50, removeOnFail: 50 };

async function plans(deps: Deps) {
  const rows = await workspacesWithDigest(deps.prisma);
  return rows.map((w) => ({
    workspaceId: w.id,
    timeZone: w.timeZone,
    createdAt: w.createdAt,
    sendTime: w.digestSettings?.sendTime ?? DEFAULT_SEND_TIME,
  }));
}

/** One job scheduler per (zone, send time) in use; schedulers nobody uses any more are removed. */
export async function declareDigestSchedulers(deps: Deps, queue: Queue): Promise<number> {
  const wanted = new Map<string, FanOutData>();
  for (const p of await plans(deps)) wanted.set(schedulerId(p.timeZone, p.sendTime), { timeZone: p.timeZone, sendTime: p.sendTime });
  for (const [id, data] of wanted) {
    await queue.upsertJobScheduler(id, { pattern: cronOf(data.sendTime), tz: data.timeZone }, { name: FAN_OUT_DIGESTS_JOB, data, opts: keep });
  }
  const existing = await queue.getJobSchedulers(0, -1);
  for (const s of existing) {
    if (s.key.startsWith(SCHEDULER_PREFIX) && !wanted.has(s.key)) await queue.removeJobScheduler(s.key);
  }
  return wanted.size;
}

/** The scheduler fired for a (zone, time): queue the day's digest of each workspace that sends then. */
export async function fanOutDigests(deps: Deps, queue: Queue, data: FanOutData, now = new Date()): Promise<number> {
  const due = (await plans(deps)).filter((p) => p.timeZone === data.timeZone && p.sendTime === data.sendTime);
  for (const p of due) await enqueueSendDigest(queue, { workspaceId: p.workspaceId, day: dueDay(now, p.sendTime, p.timeZone) });
  return due.length;
}

/** Declares the schedulers and queues every digest that is due, within its window, and not composed yet. */
export async function reconcileDigests(deps: Deps, queue: Queue, now = new Date()): Promise<{ schedulers: number; queued: number }> {
  const schedulers = await declareDigestSchedulers(deps, queue);
  const all = await plans(deps);
  const composed = new Set((await recentDigestDays(deps.prisma)).map((d) => `${d.workspaceId}|${d.day}`));
  let queued = 0;
  for (const p of all) {
    const day = dueDay(now, p.sendTime, p.timeZone);
    const due = sendInstant(day, p.sendTime, p.timeZone);
    const late = now.getTime() - due.getTime();
    // A workspace created after the day's time gets its first digest the next morning, not at once.
    if (late < 0 || late > SEND_WINDOW_MS || p.createdAt > due || composed.has(`${p.workspaceId}|${day}`)) continue;
    // The hour in the id lets a reconcile re-queue a day whose earlier job finished without composing it.
    await enqueueSendDigest(queue, { workspaceId: p.workspaceId, day }, `r${localOf(now, p.timeZone).hour}`);
    queued += 1;
  }
  return { schedulers, queued };
}
