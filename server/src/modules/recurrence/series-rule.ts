/**
 * A series' rule: an RFC 5545 RRULE evaluated on the wall clock of one IANA zone (pure).
 *
 * rrule is given a *floating* start (the local date-time written into a UTC Date, its documented
 * convention) and Temporal turns each floating occurrence into an instant in the zone. rrule's own
 * `tzid` is not used: in Node it converts through the process's zone, so the same rule gives other
 * instants when `TZ` is not UTC.
 *
 * What `Post.recurrence` of a series head holds, as iCalendar content lines:
 *
 *     DTSTART;TZID=Asia/Seoul:20260302T090000      first occurrence, local wall clock
 *     RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10          the rule as given (UNTIL rewritten when truncated)
 *     X-SOTONG-GENERATED-THROUGH:20260427          occurrences on local dates up to this one exist as posts
 *     X-SOTONG-EXCEPTIONS:<post id>,<post id>      occurrences edited alone: later series edits skip them
 *     X-SOTONG-HORIZON-DAYS:60                     how far ahead the daily extension keeps occurrences
 */
import rrule from 'rrule';
import { AppError } from '../../lib/errors';
import { instantOf, localOf, Temporal } from '../../lib/local-time';

const { RRule } = rrule;

export const MAX_OCCURRENCES = 366;

export interface SeriesRule {
  /** The first occurrence on the wall clock of `timeZone`; its time of day is every occurrence's. */
  start: Temporal.PlainDateTime;
  timeZone: string;
  /** The RRULE value, without the `RRULE:` prefix. */
  rrule: string;
  /** Occurrences on local dates up to this one have been created. */
  generatedThrough: Temporal.PlainDate | null;
  /** Ids of occurrences edited on their own. */
  exceptions: string[];
  /** How many days ahead occurrences are kept created (the daily extension job). */
  horizonDays: number;
}

export const DEFAULT_HORIZON_DAYS = 60;

export interface Occurrence {
  local: Temporal.PlainDateTime;
  at: Date;
}

const invalid = (message: string) =>
  new AppError('validation_failed', `Invalid body: body.rrule ${message}`, [{ field: 'body.rrule', rule: 'invalid_rrule', message }]);

const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const intList = (min: number, max: number, signed: boolean) => (value: string) =>
  value.split(',').every((item) => {
    if (!/^[+-]?\d{1,3}$/.test(item) || (!signed && /^[+-]/.test(item))) return false;
    const n = Math.abs(Number(item));
    return n >= min && n <= max && (signed || Number(item) > 0);
  });
const matches = (re: RegExp) => (value: string) => re.test(value);

/** Every part a series rule may have. BYHOUR/BYMINUTE/BYSECOND are left out: the time is the first occurrence's. */
const PARTS: Record<string, (value: string) => boolean> = {
  FREQ: matches(/^(DAILY|WEEKLY|MONTHLY|YEARLY)$/),
  INTERVAL: intList(1, 999, false),
  COUNT: (v) => /^\d{1,4}$/.test(v) && Number(v) >= 1,
  UNTIL: matches(/^\d{8}(T\d{6}Z?)?$/),
  BYDAY: matches(new RegExp(`^([+-]?([1-9]|[1-4]\\d|5[0-3])?${WEEKDAY})(,[+-]?([1-9]|[1-4]\\d|5[0-3])?${WEEKDAY})*$`)),
  BYMONTHDAY: intList(1, 31, true),
  BYMONTH: intList(1, 12, false),
  BYYEARDAY: intList(1, 366, true),
  BYWEEKNO: intList(1, 53, true),
  BYSETPOS: intList(1, 366, true),
  WKST: matches(new RegExp(`^${WEEKDAY}$`)),
};

/** `key → value` of a strictly checked RRULE (throws `validation_failed` naming what is wrong). */
function checkRrule(text: string): Map<string, string> {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body || /[\r\n]/.test(body)) throw invalid('must be one RRULE value such as FREQ=WEEKLY;BYDAY=MO;COUNT=10');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const [key = '', value, ...rest] = part.split('=');
    const name = key.toUpperCase();
    if (value === undefined || rest.length || !value) throw invalid(`has a malformed part “${part}”`);
    const check = PARTS[name];
    if (!check) {
      throw invalid(
        ['BYHOUR', 'BYMINUTE', 'BYSECOND'].includes(name)
          ? `may not use ${name}: every occurrence is at the first one’s local time`
          : `has an unsupported part ${name}`,
      );
    }
    if (parts.has(name)) throw invalid(`repeats ${name}`);
    if (!check(value.toUpperCase())) throw invalid(`has an invalid ${name} value “${value}”`);
    parts.set(name, value.toUpperCase());
  }
  if (!parts.has('FREQ')) throw invalid('needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY); HOURLY and finer are not supported');
  if (parts.has('COUNT') && parts.has('UNTIL')) throw invalid('may have COUNT or UNTIL, not both');
  if (Number(parts.get('COUNT') ?? 0) > MAX_OCCURRENCES) throw invalid(`may have at most ${MAX_OCCURRENCES} occurrences (COUNT)`);
  return parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const basicDate = (d: Temporal.PlainDate) => `${pad(d.year, 4)}${pad(d.month)}${pad(d.day)}`;
const basicDateTime = (l: Temporal.PlainDateTime) => `${basicDate(l.toPlainDate())}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`;
const parseBasicDate = (s: string) =>
  Temporal.PlainDate.from({ year: Number(s.slice(0, 4)), month: Number(s.slice(4, 6)), day: Number(s.slice(6, 8)) }, { overflow: 'reject' });
const parseBasicDateTime = (s: string) =>
  parseBasicDate(s).toPlainDateTime({ hour: Number(s.slice(9, 11)), minute: Number(s.slice(11, 13)), second: Number(s.slice(13, 15)) });

/** UNTIL on the zone's wall clock: a UTC instant converted, a date = the end of that local day, a floating time as is. */
function untilLocal(until: string, timeZone: string): Temporal.PlainDateTime {
  try {
    if (until.length === 8) return parseBasicDate(until).toPlainDateTime({ hour: 23, minute: 59, second: 59 });
    const local = parseBasicDateTime(until);
    return until.endsWith('Z') ? localOf(new Date(local.toZonedDateTime('UTC').epochMilliseconds), timeZone) : local;
  } catch {
    throw invalid(`has an invalid UNTIL date “${until}”`);
  }
}

/** A local wall-clock time as rrule's floating Date (the fields read in UTC), and back. */
const floating = (l: Temporal.PlainDateTime) => new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second));
const fromFloating = (d: Date) =>
  new Temporal.PlainDateTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());

function engine(rule: Pick<SeriesRule, 'rrule' | 'start' | 'timeZone'>) {
  const parts = checkRrule(rule.rrule);
  const until = parts.get('UNTIL');
  parts.delete('UNTIL');
  const options = RRule.parseString([...parts].map(([k, v]) => `${k}=${v}`).join(';'));
  return new RRule({ ...options, dtstart: floating(rule.start), until: until ? floating(untilLocal(until, rule.timeZone)) : null, tzid: null });
}

/**
 * Occurrences in order: on local dates after `after` (when given), at or before `until` (when
 * given), at most `limit`. Without `until`, an unbounded rule stops at `limit`.
 */
export function occurrences(rule: SeriesRule, options: { after?: Temporal.PlainDate | null; until?: Date; limit: number }): Occurrence[] {
  const out: Occurrence[] = [];
  // Wall-clock bound a day past `until`'s local date: no occurrence beyond it can be at or before `until`.
  const stop = options.until ? floating(localOf(options.until, rule.timeZone).add({ days: 1 })) : null;
  engine(rule).all((d) => {
    if (stop && d > stop) return false;
    const local = fromFloating(d);
    if (options.after && Temporal.PlainDate.compare(local.toPlainDate(), options.after) <= 0) return true;
    const at = instantOf(local, rule.timeZone);
    if (options.until && at > options.until) return true;
    out.push({ local, at });
    return out.length < options.limit;
  });
  return out.slice(0, options.limit);
}

/**
 * A new series' rule from the RRULE a planner typed and the first occurrence's instant. Refuses what
 * is not a supported RRULE, rules whose first occurrence is not that time, and bounded rules of
 * more than 366 occurrences. Rules without COUNT or UNTIL are accepted: the horizon bounds what is
 * created, and `extendSeries` keeps it filled.
 */
export function newSeriesRule(rrule: string, first: Date, timeZone: string, horizonDays = DEFAULT_HORIZON_DAYS): SeriesRule {
  const parts = checkRrule(rrule);
  const rule: SeriesRule = {
    start: localOf(first, timeZone).with({ millisecond: 0, microsecond: 0, nanosecond: 0 }),
    timeZone,
    rrule: [...parts].map(([k, v]) => `${k}=${v}`).join(';'),
    generatedThrough: null,
    exceptions: [],
    horizonDays,
  };
  const [head] = occurrences(rule, { limit: 1 });
  if (!head || Temporal.PlainDateTime.compare(head.local, rule.start) !== 0) {
    throw new AppError(
      'unprocessable',
      `The first variant time (${rule.start.toString().slice(0, 16)} ${timeZone}) is not an occurrence of the rule`,
      [
        {
          field: 'rrule',
          code: 'rrule_start_mismatch',
          severity: 'error',
          params: { start: rule.start.toString() },
          message: 'is not an occurrence of the rule',
        },
      ],
    );
  }
  if (parts.has('UNTIL') && occurrences(rule, { limit: MAX_OCCURRENCES + 1 }).length > MAX_OCCURRENCES) {
    throw invalid(`may have at most ${MAX_OCCURRENCES} occurrences (UNTIL is too far)`);
  }
  return rule;
}

/** The rule as a series head's `recurrence` text. */
export function formatSeriesRule(rule: SeriesRule): string {
  return [
    `DTSTART;TZID=${rule.timeZone}:${basicDateTime(rule.start)}`,
    `RRULE:${rule.rrule}`,
    ...(rule.generatedThrough ? [`X-SOTONG-GENERATED-THROUGH:${basicDate(rule.generatedThrough)}`] : []),
    ...(rule.exceptions.length ? [`X-SOTONG-EXCEPTIONS:${rule.exceptions.join(',')}`] : []),
    `X-SOTONG-HORIZON-DAYS:${rule.horizonDays}`,
  ].join('\n');
}

/** A series head's `recurrence` text back as a rule. */
export function parseSeriesRule(text: string): SeriesRule {
  const lines = new Map(
    text.split(/\r?\n/).flatMap((line) => {
      const i = line.indexOf(':');
      return i > 0 ? [[line.slice(0, i), line.slice(i + 1)] as const] : [];
    }),
  );
  const dtstartKey = [...lines.keys()].find((k) => k.startsWith('DTSTART;TZID='));
  const rrule = lines.get('RRULE');
  if (!dtstartKey || !rrule) throw new AppError('internal', 'A series head has a malformed recurrence');
  const through = lines.get('X-SOTONG-GENERATED-THROUGH');
  const exceptions = lines.get('X-SOTONG-EXCEPTIONS');
  const horizon = Number(lines.get('X-SOTONG-HORIZON-DAYS'));
  return {
    start: parseBasicDateTime(lines.get(dtstartKey) as string),
    timeZone: dtstartKey.slice('DTSTART;TZID='.length),
    rrule,
    generatedThrough: through ? parseBasicDate(through) : null,
    exceptions: exceptions ? exceptions.split(',').filter(Boolean) : [],
    horizonDays: Number.isInteger(horizon) && horizon > 0 ? horizon : DEFAULT_HORIZON_DAYS,
  };
}

/** The rule ended before a local date: UNTIL = the end of the day before, COUNT dropped. */
export function endBefore(rule: SeriesRule, date: Temporal.PlainDate): SeriesRule {
  const parts = checkRrule(rule.rrule);
  parts.delete('COUNT');
  const lastLocal = date.subtract({ days: 1 }).toPlainDateTime({ hour: 23, minute: 59, second: 59 });
  const utc = Temporal.Instant.fromEpochMilliseconds(instantOf(lastLocal, rule.timeZone).getTime()).toZonedDateTimeISO('UTC').toPlainDateTime();
  parts.set('UNTIL', `${basicDateTime(utc)}Z`);
  return { ...rule, rrule: [...parts].map(([k, v]) => `${k}=${v}`).join(';') };
}
