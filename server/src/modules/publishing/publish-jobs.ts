/**
 * The publish queue's jobs. Ids are deterministic — variant + schedule version (+ a retry number) —
 * so adding a job twice never duplicates it, and a reschedule (a new schedule version) makes a new
 * job while the old one finds itself stale and exits.
 */
import type { Queue } from 'bullmq';

export const PUBLISH_JOB = 'publish';
/** Asks the network whether an attempt with an unknown outcome took effect, before posting again. */
export const RESOLVE_JOB = 'resolve';
export const RECONCILE_JOB = 'reconcile';
/** Asks the network, when a targeted variant is scheduled, whether it knows its segment's places and languages (check-audience.ts). */
export const CHECK_AUDIENCE_JOB = 'check-audience';

export interface AudienceCheckData {
  variantId: string;
  scheduleVersion: number;
}

/**
 * Jobs become active this long before the due instant; the handler claims, then waits for the second
 * itself. Long enough that a burst (10,000 variants at 09:00:00) is claimed before its instant, so the
 * due second only makes the calls.
 */
export const EARLY_MS = 15_000;

export interface PublishJobData {
  variantId: string;
  scheduleVersion: number;
  /** Resolve jobs: which attempt's outcome is asked about, and how many times it was asked. */
  attemptId?: string;
  round?: number;
  /** Retries: not before this instant (epoch ms), e.g. a rate limit's reset. */
  notBefore?: number;
}

// BullMQ refuses custom ids with ':' (beyond its own 3-part form): dots separate the parts.
export const publishJobId = (variantId: string, scheduleVersion: number, retry: number | string = 0) =>
  retry ? `publish.${variantId}.${scheduleVersion}.r${retry}` : `publish.${variantId}.${scheduleVersion}`;
export const resolveJobId = (variantId: string, attemptId: string, round: number) => `resolve.${variantId}.${attemptId}.${round}`;

const keep = { removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } };

/** Once per schedule version: a reschedule checks again (the segment may have changed meanwhile). */
export async function enqueueAudienceCheck(queue: Queue, v: { id: string; scheduleVersion: number }) {
  const data: AudienceCheckData = { variantId: v.id, scheduleVersion: v.scheduleVersion };
  await queue.add(CHECK_AUDIENCE_JOB, data, { ...keep, jobId: `audience.${v.id}.${v.scheduleVersion}` });
}

export async function enqueuePublish(
  queue: Queue,
  v: { id: string; scheduleVersion: number; scheduledAt: Date },
  options: { retry?: number | string; at?: Date } = {},
) {
  const at = options.at ?? v.scheduledAt;
  const data: PublishJobData = { variantId: v.id, scheduleVersion: v.scheduleVersion, ...(options.at ? { notBefore: at.getTime() } : {}) };
  await queue.add(PUBLISH_JOB, data, {
    ...keep,
    jobId: publishJobId(v.id, v.scheduleVersion, options.retry ?? 0),
    delay: Math.max(0, at.getTime() - Date.now() - EARLY_MS),
  });
}

export async function enqueueResolve(queue: Queue, v: { id: string; scheduleVersion: number }, attemptId: string, round: number, delayMs: number) {
  const data: PublishJobData = { variantId: v.id, scheduleVersion: v.scheduleVersion, attemptId, round };
  await queue.add(RESOLVE_JOB, data, { ...keep, jobId: resolveJobId(v.id, attemptId, round), delay: delayMs });
}
