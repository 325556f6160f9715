/** How soon a post publishes, as words ("3시간 후" / "in 3 hours"), and whether it is urgent or late. */
export interface DeadlineInfo {
  /** Relative time, e.g. "3시간 후", "in 3 hours", "2일 전". */
  relative: string;
  late: boolean;
  /** Under a day left. */
  urgent: boolean;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export function deadlineInfo(iso: string, now: number, lang: string): DeadlineInfo {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const [unit, ms] = UNITS.find(([, size]) => abs >= size) ?? ['minute', 60_000];
  const value = Math.max(1, Math.round(abs / ms));
  const rtf = new Intl.RelativeTimeFormat(lang.startsWith('ko') ? 'ko' : 'en', { numeric: 'always' });
  return { relative: rtf.format(diff < 0 ? -value : value, unit), late: diff < 0, urgent: diff >= 0 && diff < 86_400_000 };
}
