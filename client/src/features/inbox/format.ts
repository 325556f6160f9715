import type { TFunction } from 'i18next';
import { DEFAULT_TIME_ZONE } from '../../lib/time';
import type { Conversation } from './api';

const tag = (lang: string) => (lang.startsWith('ko') ? 'ko-KR' : 'en-US');

function dayKey(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

function zone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** A list row's time: the clock time today, the date otherwise (in the workspace zone). */
export function shortTime(iso: string, timeZone: string, lang: string, now = new Date()): string {
  const date = new Date(iso);
  const tz = zone(timeZone);
  if (dayKey(date, tz) === dayKey(now, tz))
    return new Intl.DateTimeFormat(tag(lang), { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(date);
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(tag(lang), { timeZone: tz, month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
}

/** "5 minutes ago", "in 2 hours". */
export function relativeTime(iso: string, lang: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(tag(lang), { numeric: 'auto' });
  if (abs < 60_000) return rtf.format(0, 'minute');
  if (abs < 45 * 60_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 36 * 3_600_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

/** The deadline line of a conversation, or null when nothing is due. */
export function dueText(t: TFunction, c: Pick<Conversation, 'responseDueAt' | 'overdue' | 'dueSoon' | 'status'>, lang: string): string | null {
  if (!c.responseDueAt || c.status === 'closed') return null;
  const when = relativeTime(c.responseDueAt, lang);
  if (c.overdue) return t('inbox.due.overdue', { when });
  if (c.dueSoon) return t('inbox.due.soon', { when });
  return t('inbox.due.later', { when });
}

/** The name shown for the customer: their name, else their @handle. */
export function customerLabel(c: { customerName: string; customerHandle: string | null }, fallback: string): string {
  return c.customerName.trim() || (c.customerHandle ? `@${c.customerHandle.replace(/^@/, '')}` : fallback);
}

export const initials = (name: string) => name.trim().charAt(0).toUpperCase() || '?';
