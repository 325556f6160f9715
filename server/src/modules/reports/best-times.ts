/**
 * Best times (pure): from the workspace's own published history, engagement rate by weekday × hour in the
 * workspace zone, with how many posts back each figure. Only readings from 24 h on count (earlier ones
 * understate a post). With too little history it says so instead of guessing.
 */
import type { Measured } from './content-report';
import { type Mark, markOf, median } from './shared/engagement';

export const BEST_TIMES = {
  /** Posts with a mature reading needed before anything is suggested … */
  minPosts: 20,
  /** … spread over at least this many days ("a few weeks"). */
  minDays: 21,
  /** A time is suggested only when at least this many posts went out then. */
  minPerSlot: 3,
  suggestions: 5,
} as const;
const MATURE = new Set(['24h', '72h', '7d']);

export interface TimeStat {
  weekday: number;
  hour: number;
  posts: number;
  medianRate: number | null;
  mark: Mark | null;
}
export interface HourStat {
  hour: number;
  posts: number;
  medianRate: number | null;
  mark: Mark | null;
}

export type NotEnough = 'too_few_posts' | 'too_short_history';

export interface BestTimes {
  posts: number;
  firstDay: string | null;
  lastDay: string | null;
  spanDays: number;
  enough: boolean;
  reason: NotEnough | null;
  needs: { posts: number; days: number; perSlot: number };
  cells: TimeStat[];
  hours: HourStat[];
  /** Weekday × hour, best first (median rate, then more posts); empty when there is too little data. */
  suggestions: TimeStat[];
  /** Hours of the day across weekdays, best first. */
  bestHours: HourStat[];
}

const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

export function bestTimes(items: Measured[]): BestTimes {
  const rated = items.filter((m) => m.rate !== null && m.row.checkpoint !== null && MATURE.has(m.row.checkpoint));
  const days = rated.map((m) => m.row.day).sort();
  const firstDay = days[0] ?? null;
  const lastDay = days.at(-1) ?? null;
  const spanDays = firstDay && lastDay ? dayNumber(lastDay) - dayNumber(firstDay) + 1 : 0;
  const reason: NotEnough | null = rated.length < BEST_TIMES.minPosts ? 'too_few_posts' : spanDays < BEST_TIMES.minDays ? 'too_short_history' : null;

  const cellMap = new Map<string, number[]>();
  const hourMap = new Map<number, number[]>();
  for (const m of rated) {
    const key = `${m.row.weekday}|${m.row.hour}`;
    cellMap.set(key, [...(cellMap.get(key) ?? []), m.rate as number]);
    hourMap.set(m.row.hour, [...(hourMap.get(m.row.hour) ?? []), m.rate as number]);
  }
  const cells: TimeStat[] = [...cellMap].map(([key, rates]) => {
    const [weekday, hour] = key.split('|').map(Number) as [number, number];
    const medianRate = median(rates);
    return { weekday, hour, posts: rates.length, medianRate, mark: markOf(medianRate) };
  });
  cells.sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  const hours: HourStat[] = [...hourMap]
    .map(([hour, rates]) => {
      const medianRate = median(rates);
      return { hour, posts: rates.length, medianRate, mark: markOf(medianRate) };
    })
    .sort((a, b) => a.hour - b.hour);
  const better = <T extends { posts: number; medianRate: number | null }>(a: T, b: T) =>
    (b.medianRate ?? 0) - (a.medianRate ?? 0) || b.posts - a.posts;
  const enough = reason === null;
  return {
    posts: rated.length,
    firstDay,
    lastDay,
    spanDays,
    enough,
    reason,
    needs: { posts: BEST_TIMES.minPosts, days: BEST_TIMES.minDays, perSlot: BEST_TIMES.minPerSlot },
    cells,
    hours,
    suggestions: enough
      ? cells
          .filter((c) => c.posts >= BEST_TIMES.minPerSlot)
          .sort(better)
          .slice(0, BEST_TIMES.suggestions)
      : [],
    bestHours: enough
      ? hours
          .filter((h) => h.posts >= BEST_TIMES.minPerSlot)
          .sort(better)
          .slice(0, 3)
      : [],
  };
}
