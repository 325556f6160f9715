/**
 * The morning digest of a workspace and day: composed once (the first process to store it wins; the
 * others read the stored one), then e-mailed to each subscriber at most once — every e-mail is claimed
 * first through the unique (workspace, day, member) delivery row, so several workers running the same
 * day's job send one e-mail per subscriber. A send the SMTP server refused gives the claim back for a
 * later run (three tries at most). A digest composed more than 12 h after its time (workers were down)
 * is kept for the in-app history but not e-mailed.
 */
import type { Deps } from '../../deps';
import { mailerFor } from '../../lib/mailer';
import { mailLocale } from '../notifications/render-mail';
import { composeDigest } from './compose-digest';
import {
  claimDelivery,
  digestSettingsOf,
  findDigestOfDay,
  insertDigestOnce,
  markDelivered,
  previousPeriodEnd,
  readersOf,
  releaseDelivery,
  type StoredDigest,
} from './digest-repository';
import { DEFAULT_SEND_TIME, SEND_WINDOW_MS, sendInstant } from './digest-schedule';
import { renderDigest } from './render-digest';
import { subscribersOf } from './subscribers';

const MAX_PERIOD_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;
const MAX_ATTEMPTS = 3;

/** The stored digest of the day, composing and storing it first when there is none. */
export async function ensureDigest(deps: Deps, workspaceId: string, day: string, now = new Date()): Promise<StoredDigest | null> {
  const settings = await digestSettingsOf(deps.prisma, workspaceId);
  if (!settings) return null;
  const existing = await findDigestOfDay(deps.prisma, workspaceId, day);
  if (existing) return existing;
  const { workspace } = settings;
  const due = sendInstant(day, settings.sendTime ?? DEFAULT_SEND_TIME, workspace.timeZone);
  const periodEnd = due < now ? due : now;
  const previous = await previousPeriodEnd(deps.prisma, workspaceId, day);
  const periodStart =
    previous && previous < periodEnd && periodEnd.getTime() - previous.getTime() <= MAX_PERIOD_MS ? previous : new Date(periodEnd.getTime() - DAY_MS);
  const data = await composeDigest(deps, {
    workspace: { id: workspace.id, name: workspace.name, timeZone: workspace.timeZone },
    day,
    period: { from: periodStart, to: periodEnd },
    now,
  });
  return insertDigestOnce(deps.prisma, {
    workspaceId,
    day,
    periodStart,
    periodEnd,
    data,
    rendered: { ko: renderDigest(data, 'ko'), en: renderDigest(data, 'en') },
  });
}

export interface SendResult {
  digestId: string | null;
  sent: number;
  failed: number;
  /** Why nothing was mailed: no such workspace, e-mail turned off, too late, or no SMTP. */
  skipped?: 'gone' | 'disabled' | 'late' | 'no_smtp';
}

export async function sendDigest(deps: Deps, input: { workspaceId: string; day: string }, now = new Date()): Promise<SendResult> {
  const settings = await digestSettingsOf(deps.prisma, input.workspaceId);
  if (!settings) return { digestId: null, sent: 0, failed: 0, skipped: 'gone' };
  const digest = await ensureDigest(deps, input.workspaceId, input.day, now);
  if (!digest) return { digestId: null, sent: 0, failed: 0, skipped: 'gone' };
  const result = { digestId: digest.id, sent: 0, failed: 0 };
  if (!settings.enabled) return { ...result, skipped: 'disabled' };
  const due = sendInstant(input.day, settings.sendTime ?? DEFAULT_SEND_TIME, settings.workspace.timeZone);
  if (now.getTime() - due.getTime() > SEND_WINDOW_MS) return { ...result, skipped: 'late' };
  const mailer = mailerFor(deps.config);
  if (!mailer.enabled) return { ...result, skipped: 'no_smtp' };
  const readers = subscribersOf(await readersOf(deps.prisma, input.workspaceId));
  for (const reader of readers) {
    const locale = mailLocale(reader.locale, settings.workspace.locale);
    const claim = await claimDelivery(deps.prisma, {
      digestId: digest.id,
      workspaceId: input.workspaceId,
      day: input.day,
      userId: reader.userId,
      locale,
      now: new Date(),
      maxAttempts: MAX_ATTEMPTS,
    });
    if (!claim) continue;
    const mail = digest.rendered[locale];
    try {
      await mailer.send({ to: reader.email, subject: mail.subject, text: mail.text, html: mail.html });
      await markDelivered(deps.prisma, claim, new Date());
      result.sent += 1;
    } catch (error) {
      result.failed += 1;
      deps.logger.warn({ workspaceId: input.workspaceId, userId: reader.userId, day: input.day, err: error }, 'digest mail failed');
      await releaseDelivery(deps.prisma, claim, error instanceof Error ? error.message : String(error));
    }
  }
  return result;
}
