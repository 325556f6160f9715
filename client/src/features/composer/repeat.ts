/**
 * The composer's "Repeat" choice and the RRULE it becomes (pure). The rule is evaluated by the server
 * on the workspace's wall clock from the first occurrence (`when`, `YYYY-MM-DDTHH:mm` in that zone).
 */
import type { TFunction } from 'i18next';

export type RepeatFreq = 'none' | 'daily' | 'weekly' | 'monthly';
export type RepeatEnd = 'count' | 'until';
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface RepeatDraft {
  freq: RepeatFreq;
  interval: number;
  /** Weekly: the chosen days; `null` follows the weekday of the first occurrence. */
  weekdays: Weekday[] | null;
  end: RepeatEnd;
  count: number;
  /** `YYYY-MM-DD`, a date in the workspace zone. */
  until: string;
}

export const MAX_REPEAT_COUNT = 366;
export const MAX_REPEAT_INTERVAL = 999;
const MAX_HORIZON_DAYS = 366;
const DAY_MS = 86_400_000;

export const noRepeat = (): RepeatDraft => ({ freq: 'none', interval: 1, weekdays: null, end: 'count', count: 10, until: '' });

/** The weekday (`MO`…`SU`) of a wall-clock date `YYYY-MM-DD…`. */
export function weekdayOf(when: string): Weekday | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(when);
  if (!m) return null;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return WEEKDAYS[(day + 6) % 7] ?? null;
}

/** The weekly days in effect, Monday first. */
export function effectiveWeekdays(repeat: RepeatDraft, when: string): Weekday[] {
  const chosen = repeat.weekdays ?? [weekdayOf(when)].filter((d): d is Weekday => d !== null);
  return WEEKDAYS.filter((d) => chosen.includes(d));
}

export type RepeatProblem = 'needsTime' | 'interval' | 'count' | 'untilMissing' | 'untilBeforeStart' | 'noWeekday';

/** What stops this repeat from being saved, if anything. */
export function repeatProblem(repeat: RepeatDraft, when: string): RepeatProblem | null {
  if (repeat.freq === 'none') return null;
  if (!when) return 'needsTime';
  if (!Number.isInteger(repeat.interval) || repeat.interval < 1 || repeat.interval > MAX_REPEAT_INTERVAL) return 'interval';
  if (repeat.freq === 'weekly' && effectiveWeekdays(repeat, when).length === 0) return 'noWeekday';
  if (repeat.end === 'count') {
    if (!Number.isInteger(repeat.count) || repeat.count < 1 || repeat.count > MAX_REPEAT_COUNT) return 'count';
  } else {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(repeat.until)) return 'untilMissing';
    if (repeat.until < when.slice(0, 10)) return 'untilBeforeStart';
  }
  return null;
}

/** The RRULE value, e.g. `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`; `null` for no repeat. */
export function toRrule(repeat: RepeatDraft, when: string): string | null {
  if (repeat.freq === 'none') return null;
  const parts = [`FREQ=${repeat.freq.toUpperCase()}`];
  if (repeat.interval > 1) parts.push(`INTERVAL=${repeat.interval}`);
  if (repeat.freq === 'weekly') parts.push(`BYDAY=${effectiveWeekdays(repeat, when).join(',')}`);
  if (repeat.freq === 'monthly') parts.push(`BYMONTHDAY=${Number(when.slice(8, 10))}`);
  parts.push(repeat.end === 'count' ? `COUNT=${repeat.count}` : `UNTIL=${repeat.until.replaceAll('-', '')}`);
  return parts.join(';');
}

/**
 * How many days ahead the server should create occurrences now: far enough for the whole rule where
 * it fits in a year (longer rules are filled in later as time passes).
 */
export function horizonDaysFor(repeat: RepeatDraft, when: string, now = new Date()): number {
  const start = Date.parse(`${when.slice(0, 10)}T00:00:00Z`);
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  let lastDay: number;
  if (repeat.end === 'until') {
    lastDay = Date.parse(`${repeat.until}T00:00:00Z`);
  } else {
    const perPeriod = repeat.freq === 'weekly' ? Math.max(1, effectiveWeekdays(repeat, when).length) : 1;
    const periodDays = repeat.freq === 'daily' ? 1 : repeat.freq === 'weekly' ? 7 : 31;
    lastDay = start + Math.ceil(repeat.count / perPeriod) * periodDays * repeat.interval * DAY_MS;
  }
  const days = Math.ceil((lastDay - today) / DAY_MS) + 2;
  return Math.min(MAX_HORIZON_DAYS, Math.max(60, days));
}

/** Short weekday names in the UI language ("월" / "Mon"), Monday first. */
export function weekdayNames(lang: string): Record<Weekday, string> {
  const format = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Object.fromEntries(WEEKDAYS.map((d, i) => [d, format.format(new Date(Date.UTC(2024, 0, 1 + i)))])) as Record<Weekday, string>;
}

/** "매주 월·수, 10회" / "Every week on Mon, Wed, 10 times". */
export function repeatSummary(t: TFunction, repeat: RepeatDraft, when: string, lang: string): string {
  if (repeat.freq === 'none') return t('composerRepeat.summaryNone');
  const ko = lang.startsWith('ko');
  const names = weekdayNames(ko ? 'ko' : 'en');
  const n = repeat.interval;
  let rule: string;
  switch (repeat.freq) {
    case 'daily':
      rule = n === 1 ? t('composerRepeat.summaryDaily') : t('composerRepeat.summaryDailyN', { n });
      break;
    case 'weekly':
      rule = t(n === 1 ? 'composerRepeat.summaryWeekly' : 'composerRepeat.summaryWeeklyN', {
        n,
        days: effectiveWeekdays(repeat, when)
          .map((d) => names[d])
          .join(ko ? '·' : ', '),
      });
      break;
    case 'monthly':
      rule = t(n === 1 ? 'composerRepeat.summaryMonthly' : 'composerRepeat.summaryMonthlyN', { n, day: Number(when.slice(8, 10)) || '?' });
      break;
  }
  const end =
    repeat.end === 'count'
      ? t('composerRepeat.summaryCount', { count: repeat.count })
      : repeat.until
        ? t('composerRepeat.summaryUntil', {
            date: new Intl.DateTimeFormat(ko ? 'ko-KR' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
              new Date(`${repeat.until}T00:00:00Z`),
            ),
          })
        : '';
  return end ? `${rule}, ${end}` : rule;
}
