export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

function localeTag(lang: string): string {
  return lang.startsWith('ko') ? 'ko-KR' : 'en-US';
}

function safeFormat(lang: string, timeZone: string, options: Intl.DateTimeFormatOptions, date: Date): string {
  try {
    return new Intl.DateTimeFormat(localeTag(lang), { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(localeTag(lang), { ...options, timeZone: DEFAULT_TIME_ZONE }).format(date);
  }
}

/** Format an ISO timestamp as date + time in the workspace time zone. */
export function formatDateTime(iso: string, tz: string = DEFAULT_TIME_ZONE, lang = 'en'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return safeFormat(lang, tz, { dateStyle: 'medium', timeStyle: 'short' }, date);
}

/** Format an ISO timestamp as a date only, in the workspace time zone. */
export function formatDate(iso: string, tz: string = DEFAULT_TIME_ZONE, lang = 'en'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return safeFormat(lang, tz, { dateStyle: 'medium' }, date);
}

/** Every IANA time zone the browser knows, with the default first if missing. */
export function listTimeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(DEFAULT_TIME_ZONE) ? zones : [DEFAULT_TIME_ZONE, ...zones];
}
