import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/src/lib/errors';
import { Temporal } from '../../server/src/lib/local-time';
import {
  endBefore,
  formatSeriesRule,
  newSeriesRule,
  occurrences,
  parseSeriesRule,
  type SeriesRule,
} from '../../server/src/modules/recurrence/series-rule';

const iso = (rule: SeriesRule, limit = 400, until?: Date) => occurrences(rule, { limit, until }).map((o) => o.at.toISOString());
const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error('expected the rule to be refused');
};

describe('series rules', () => {
  it('weekly on Monday at 09:00 Asia/Seoul is midnight UTC each Monday', () => {
    const rule = newSeriesRule('FREQ=WEEKLY;BYDAY=MO;COUNT=4', new Date('2026-03-02T00:00:00Z'), 'Asia/Seoul');
    expect(rule.start.toString()).toBe('2026-03-02T09:00:00');
    expect(iso(rule)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z', '2026-03-23T00:00:00.000Z']);
    expect(occurrences(rule, { limit: 10 }).map((o) => o.local.toString())).toEqual([
      '2026-03-02T09:00:00',
      '2026-03-09T09:00:00',
      '2026-03-16T09:00:00',
      '2026-03-23T09:00:00',
    ]);
  });

  it('daily at 09:00 America/New_York stays 09:00 local across both DST changes', () => {
    const spring = newSeriesRule('FREQ=DAILY', new Date('2026-03-06T14:00:00Z'), 'America/New_York');
    expect(iso(spring, 4)).toEqual([
      '2026-03-06T14:00:00.000Z', // EST, UTC−5
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z', // EDT, UTC−4
      '2026-03-09T13:00:00.000Z',
    ]);
    const fall = newSeriesRule('FREQ=DAILY;COUNT=3', new Date('2026-10-31T13:00:00Z'), 'America/New_York');
    expect(iso(fall)).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('a time in the spring-forward gap moves forward an hour on that day only', () => {
    const rule = newSeriesRule('FREQ=DAILY;COUNT=3', new Date('2026-03-07T07:30:00Z'), 'America/New_York'); // 02:30 EST
    expect(iso(rule)).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
    expect(occurrences(rule, { limit: 3 }).map((o) => o.local.toString())).toEqual([
      '2026-03-07T02:30:00',
      '2026-03-08T02:30:00',
      '2026-03-09T02:30:00',
    ]);
  });

  it('UNTIL in UTC is compared as an instant, a date-only UNTIL includes that local day', () => {
    const start = new Date('2026-03-02T00:00:00Z'); // Monday 09:00 KST
    expect(iso(newSeriesRule('FREQ=DAILY;UNTIL=20260304T000000Z', start, 'Asia/Seoul'))).toHaveLength(3);
    expect(iso(newSeriesRule('FREQ=DAILY;UNTIL=20260303T235959Z', start, 'Asia/Seoul'))).toHaveLength(2);
    expect(iso(newSeriesRule('FREQ=DAILY;UNTIL=20260304', start, 'Asia/Seoul'))).toHaveLength(3);
  });

  it('bounds an unbounded rule by `until` and starts after a generated local date', () => {
    const rule = newSeriesRule('FREQ=WEEKLY;BYDAY=MO,WE', new Date('2026-03-02T00:00:00Z'), 'Asia/Seoul');
    expect(iso(rule, 400, new Date('2026-03-16T00:00:00Z'))).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-04T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
      '2026-03-11T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
    ]);
    const later = occurrences(rule, { after: Temporal.PlainDate.from('2026-03-09'), until: new Date('2026-03-20T00:00:00Z'), limit: 10 });
    expect(later.map((o) => o.local.toPlainDate().toString())).toEqual(['2026-03-11', '2026-03-16', '2026-03-18']);
  });

  it('refuses invalid rules, times in the rule, more than 366 occurrences, and a start the rule does not produce', () => {
    const start = new Date('2026-03-02T00:00:00Z');
    for (const rrule of [
      'FREQ=FOO',
      'garbage',
      'FREQ=WEEKLY;BYDAY=XX',
      'FREQ=WEEKLY;COUNT=abc',
      'FREQ=WEEKLY;COUNT=0',
      'BYDAY=MO',
      'FREQ=HOURLY;COUNT=3',
      'FREQ=DAILY;BYHOUR=9,18',
      'FREQ=DAILY;COUNT=3;UNTIL=20260401T000000Z',
      'FREQ=DAILY;COUNT=3;COUNT=4',
      'FREQ=DAILY;UNTIL=20261340',
      'FREQ=DAILY;COUNT=367',
      'FREQ=DAILY;UNTIL=20280101T000000Z',
      'FREQ=DAILY;X-NAME=1',
    ]) {
      expect(
        refused(() => newSeriesRule(rrule, start, 'Asia/Seoul')),
        rrule,
      ).toBe('validation_failed');
    }
    expect(refused(() => newSeriesRule('FREQ=WEEKLY;BYDAY=TU;COUNT=3', start, 'Asia/Seoul'))).toBe('unprocessable');
    expect(newSeriesRule('RRULE:freq=daily;count=366', start, 'Asia/Seoul').rrule).toBe('FREQ=DAILY;COUNT=366');
  });

  it('round-trips through the head’s recurrence text, with exceptions and an ending', () => {
    const rule = {
      ...newSeriesRule('FREQ=WEEKLY;BYDAY=MO;COUNT=10', new Date('2026-03-02T00:00:00Z'), 'Asia/Seoul'),
      generatedThrough: Temporal.PlainDate.from('2026-03-23'),
      exceptions: ['0190a000-0000-7000-8000-000000000001'],
    };
    const text = formatSeriesRule(rule);
    expect(text).toBe(
      [
        'DTSTART;TZID=Asia/Seoul:20260302T090000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10',
        'X-SOTONG-GENERATED-THROUGH:20260323',
        'X-SOTONG-EXCEPTIONS:0190a000-0000-7000-8000-000000000001',
        'X-SOTONG-HORIZON-DAYS:60',
      ].join('\n'),
    );
    expect(parseSeriesRule(text)).toEqual(rule);
    const ended = endBefore(rule, Temporal.PlainDate.from('2026-03-16'));
    expect(ended.rrule).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20260315T145959Z');
    expect(iso(ended)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z']);
  });
});
