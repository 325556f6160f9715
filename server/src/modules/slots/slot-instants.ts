/**
 * Concrete instants of weekly posting slots, computed on local dates in the channel's zone (pure).
 */
import { localOf, Temporal, zonedInstant } from '../../lib/local-time';

export interface WeeklySlot {
  /** 1 = Monday … 7 = Sunday (ISO) */
  weekday: number;
  minuteOfDay: number;
}

/**
 * Slot instants in [from, to), in order. A slot inside the spring-forward gap moves forward by the
 * gap (02:30 → 03:30 EDT); one in the repeated fall-back hour happens once, at the earlier instant.
 * Two slots that land on the same instant (02:30 and 03:30 on a spring-forward day) count once.
 */
export function slotInstants(slots: WeeklySlot[], timeZone: string, from: Date, to: Date): Date[] {
  if (!slots.length || to <= from) return [];
  const byWeekday = new Map<number, number[]>();
  for (const s of slots) byWeekday.set(s.weekday, [...(byWeekday.get(s.weekday) ?? []), s.minuteOfDay]);
  const last = localOf(to, timeZone).toPlainDate().add({ days: 1 });
  const seen = new Set<number>();
  const out: Date[] = [];
  for (
    let day = localOf(from, timeZone).toPlainDate().subtract({ days: 1 });
    Temporal.PlainDate.compare(day, last) <= 0;
    day = day.add({ days: 1 })
  ) {
    for (const minute of byWeekday.get(day.dayOfWeek) ?? []) {
      const at = zonedInstant(day, minute, timeZone);
      if (at < from || at >= to || seen.has(at.getTime())) continue;
      seen.add(at.getTime());
      out.push(at);
    }
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

/** Whether a sorted list of scheduled times has one within ±1 minute of `at`. */
export function isTaken(sortedTimes: number[], at: Date, toleranceMs = 60_000): boolean {
  let lo = 0;
  let hi = sortedTimes.length;
  const min = at.getTime() - toleranceMs;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sortedTimes[mid] as number) < min) lo = mid + 1;
    else hi = mid;
  }
  const t = sortedTimes[lo];
  return t !== undefined && t <= at.getTime() + toleranceMs;
}
