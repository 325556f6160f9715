import { describe, expect, it } from 'vitest';
import { businessHoursOf, DEFAULT_DEADLINE_SETTINGS, endOfBusinessDay, responseDueAt } from '../../server/src/modules/inbox-ingest/deadlines';

const KST = 'Asia/Seoul';
/** A KST wall-clock time as an instant. */
const kst = (local: string) => new Date(`${local}+09:00`);
const hours = DEFAULT_DEADLINE_SETTINGS.businessHours;

describe('response deadlines (Mon–Fri 09:00–18:00 KST by default)', () => {
  it('an urgent message during business hours is due at 18:00 the same KST day', () => {
    // Wednesday 2026-12-02, 10:15 KST
    expect(responseDueAt(kst('2026-12-02T10:15:00'), true, DEFAULT_DEADLINE_SETTINGS, KST)).toEqual(kst('2026-12-02T18:00:00'));
  });

  it('before opening counts for that day; after closing moves to the next business day', () => {
    expect(endOfBusinessDay(kst('2026-12-02T07:30:00'), hours, KST)).toEqual(kst('2026-12-02T18:00:00'));
    expect(endOfBusinessDay(kst('2026-12-02T18:00:00'), hours, KST)).toEqual(kst('2026-12-03T18:00:00'));
    expect(endOfBusinessDay(kst('2026-12-02T21:00:00'), hours, KST)).toEqual(kst('2026-12-03T18:00:00'));
  });

  it('uses the KST day, not the UTC day: 23:30 KST Wednesday is 14:30 UTC Wednesday, due Thursday 18:00 KST', () => {
    const at = kst('2026-12-02T23:30:00');
    expect(at.toISOString()).toBe('2026-12-02T14:30:00.000Z');
    expect(endOfBusinessDay(at, hours, KST)).toEqual(kst('2026-12-03T18:00:00'));
    // 00:30 KST Thursday is still Wednesday in UTC: due Thursday 18:00 KST.
    const early = kst('2026-12-03T00:30:00');
    expect(early.toISOString()).toBe('2026-12-02T15:30:00.000Z');
    expect(endOfBusinessDay(early, hours, KST)).toEqual(kst('2026-12-03T18:00:00'));
  });

  it('skips the weekend: Friday evening and Saturday are due Monday 18:00', () => {
    expect(endOfBusinessDay(kst('2026-12-04T19:00:00'), hours, KST)).toEqual(kst('2026-12-07T18:00:00'));
    expect(endOfBusinessDay(kst('2026-12-05T11:00:00'), hours, KST)).toEqual(kst('2026-12-07T18:00:00'));
  });

  it('follows the workspace’s business days and hours', () => {
    const six = { days: [1, 2, 3, 4, 5, 6], start: '10:00', end: '19:30' };
    expect(endOfBusinessDay(kst('2026-12-05T11:00:00'), six, KST)).toEqual(kst('2026-12-05T19:30:00'));
    expect(endOfBusinessDay(kst('2026-12-02T12:00:00'), hours, 'Europe/Berlin')).toEqual(new Date('2026-12-02T17:00:00Z'));
  });

  it('everything else is due after the target hours; urgent too when same-day is off', () => {
    const at = kst('2026-12-04T19:00:00');
    expect(responseDueAt(at, false, DEFAULT_DEADLINE_SETTINGS, KST)).toEqual(kst('2026-12-05T19:00:00'));
    expect(responseDueAt(at, false, { ...DEFAULT_DEADLINE_SETTINGS, otherTargetHours: 4 }, KST)).toEqual(kst('2026-12-04T23:00:00'));
    expect(responseDueAt(at, true, { ...DEFAULT_DEADLINE_SETTINGS, urgentSameBusinessDay: false }, KST)).toEqual(kst('2026-12-05T19:00:00'));
  });

  it('reads stored business hours leniently', () => {
    expect(businessHoursOf({ days: [5, 1, 1, 9], start: '8:00', end: '17:00' })).toEqual({ days: [1, 5], start: '09:00', end: '17:00' });
    expect(businessHoursOf(null)).toEqual(hours);
  });
});
