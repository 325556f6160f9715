/**
 * When a digest is due (pure). Each workspace sends at a wall-clock time in its own zone (default 08:30
 * Asia/Seoul); the digest of a day covers what happened since the previous digest, up to that day's
 * send instant. DST-safe through Temporal.
 */
import { localOf, parseTime, Temporal, zonedInstant } from '../../lib/local-time';

export const DEFAULT_SEND_TIME = '08:30';
/** A digest more than this late (workers were down) is still composed for the history, but not e-mailed. */
export const SEND_WINDOW_MS = 12 * 3_600_000;

/** The instant a day's digest is due: `day` at `sendTime` in the zone. */
export function sendInstant(day: string, sendTime: string, timeZone: string): Date {
  const minute = parseTime(sendTime) ?? (parseTime(DEFAULT_SEND_TIME) as number);
  return zonedInstant(Temporal.PlainDate.from(day), minute, timeZone);
}

/** The local day whose digest is due at or before `now` (today once the send time has passed, else yesterday). */
export function dueDay(now: Date, sendTime: string, timeZone: string): string {
  const today = localOf(now, timeZone).toPlainDate();
  const todays = sendInstant(today.toString(), sendTime, timeZone);
  return (now >= todays ? today : today.subtract({ days: 1 })).toString();
}

/** The cron pattern of a send time ("08:30" → "30 8 * * *"), for a job scheduler in the zone. */
export function cronOf(sendTime: string): string {
  const minute = parseTime(sendTime) ?? (parseTime(DEFAULT_SEND_TIME) as number);
  return `${minute % 60} ${Math.floor(minute / 60)} * * *`;
}

export const previousDay = (day: string) => Temporal.PlainDate.from(day).subtract({ days: 1 }).toString();

/** The next instant after `now` a digest is due. */
export function nextSend(now: Date, sendTime: string, timeZone: string): Date {
  const next = Temporal.PlainDate.from(dueDay(now, sendTime, timeZone))
    .add({ days: 1 })
    .toString();
  return sendInstant(next, sendTime, timeZone);
}
