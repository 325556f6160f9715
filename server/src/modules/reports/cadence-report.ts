/**
 * The Cadence report (pure): posts published per workspace-zone day and channel against the channel's
 * daily target, the days on target, streaks (consecutive days on target) and gaps (days without a post).
 * Days after `today` are not counted; today counts once it is on target, and is never a gap while it lasts.
 */

export interface CadenceChannel {
  id: string;
  name: string;
  provider: string;
  dailyTarget: number;
}

export interface Gap {
  from: string;
  to: string;
  days: number;
}

export interface ChannelCadence extends CadenceChannel {
  days: Array<{ day: string; published: number }>;
  total: number;
  /** Posts per counted day. */
  average: number;
  countedDays: number;
  daysOnTarget: number;
  daysBelowTarget: number;
  daysWithout: number;
  /** Days on target in a row, up to the last counted day. */
  currentStreak: number;
  longestStreak: number;
  gaps: Gap[];
  longestGap: number;
}

export function cadenceReport(
  days: string[],
  channels: CadenceChannel[],
  counts: Array<{ day: string; channelAccountId: string; published: number }>,
  today: string,
): ChannelCadence[] {
  const byKey = new Map(counts.map((c) => [`${c.channelAccountId}|${c.day}`, c.published]));
  return channels.map((channel) => {
    const series = days.map((day) => ({ day, published: byKey.get(`${channel.id}|${day}`) ?? 0 }));
    const counted = series.filter((d) => d.day < today || (d.day === today && d.published >= channel.dailyTarget));
    const past = series.filter((d) => d.day < today);
    const onTarget = (d: { published: number }) => d.published >= channel.dailyTarget;
    let run = 0;
    let longestStreak = 0;
    for (const d of counted) {
      run = onTarget(d) ? run + 1 : 0;
      longestStreak = Math.max(longestStreak, run);
    }
    const gaps: Gap[] = [];
    let open: Gap | null = null;
    for (const d of past) {
      if (d.published === 0) {
        if (open) {
          open.to = d.day;
          open.days += 1;
        } else {
          open = { from: d.day, to: d.day, days: 1 };
          gaps.push(open);
        }
      } else open = null;
    }
    const total = series.reduce((s, d) => s + d.published, 0);
    const countedDays = Math.max(1, past.length + (series.some((d) => d.day === today) ? 1 : 0));
    return {
      ...channel,
      days: series,
      total,
      average: series.length ? total / countedDays : 0,
      countedDays: counted.length,
      daysOnTarget: counted.filter(onTarget).length,
      daysBelowTarget: past.filter((d) => !onTarget(d)).length,
      daysWithout: past.filter((d) => d.published === 0).length,
      currentStreak: run,
      longestStreak,
      gaps,
      longestGap: Math.max(0, ...gaps.map((g) => g.days)),
    };
  });
}
