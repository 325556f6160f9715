/**
 * Engagement against the marks (pure; the browser imports it too, through the `@reports` alias).
 *
 *   engagement rate = (reactions + comments + shares) ÷ followers at publication
 *   per-impression rate = (reactions + comments + shares) ÷ impressions   (where the network gives impressions)
 *
 * Marks (shared/DESIGN.md): 0.3 % working, 0.5 % stable, 1 % excellent.
 */

export const MARKS = { working: 0.003, stable: 0.005, excellent: 0.01 } as const;
export type Mark = 'below' | 'working' | 'stable' | 'excellent';
export const MARK_ORDER: Mark[] = ['below', 'working', 'stable', 'excellent'];

export interface Interactions {
  reactions: number;
  comments: number;
  shares: number;
}

export const interactionsOf = (m: Interactions) => m.reactions + m.comments + m.shares;

/** (reactions + comments + shares) ÷ followers at publication; null without a follower count. */
export function engagementRate(m: Interactions, followersAtPublish: number | null | undefined): number | null {
  if (!followersAtPublish || followersAtPublish <= 0 || !Number.isFinite(followersAtPublish)) return null;
  return interactionsOf(m) / followersAtPublish;
}

/** (reactions + comments + shares) ÷ impressions; null where the network gives no impressions. */
export function impressionRate(m: Interactions, impressions: number | null | undefined): number | null {
  if (!impressions || impressions <= 0 || !Number.isFinite(impressions)) return null;
  return interactionsOf(m) / impressions;
}

/** Which mark a rate reaches: below 0.3 %, working from 0.3 %, stable from 0.5 %, excellent from 1 %. */
export function markOf(rate: number | null | undefined): Mark | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null;
  if (rate >= MARKS.excellent) return 'excellent';
  if (rate >= MARKS.stable) return 'stable';
  if (rate >= MARKS.working) return 'working';
  return 'below';
}

/** A rate as a percentage with two decimals ("0.42 %" style numbers, without the sign). */
export const percent = (rate: number, digits = 2) => (rate * 100).toFixed(digits);

/** The value at quantile q (0…1) of the numbers, linear between neighbours; null when there are none. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}
export const median = (values: number[]) => quantile(values, 0.5);
export const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);

/** Buckets of the engagement-rate distribution (upper bounds, exclusive); the marks are bucket edges. */
export const DISTRIBUTION_EDGES = [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02] as const;

export interface DistributionBucket {
  /** Lower and upper bound of the bucket (upper null: and above). */
  from: number;
  to: number | null;
  count: number;
  mark: Mark;
}

export function distributionOf(rates: number[]): DistributionBucket[] {
  const edges = [0, ...DISTRIBUTION_EDGES];
  const buckets: DistributionBucket[] = edges.map((from, i) => ({
    from,
    to: DISTRIBUTION_EDGES[i] ?? null,
    count: 0,
    mark: markOf(from) ?? 'below',
  }));
  for (const rate of rates) {
    let i = DISTRIBUTION_EDGES.findIndex((edge) => rate < edge);
    if (i === -1) i = buckets.length - 1;
    const bucket = buckets[i];
    if (bucket) bucket.count += 1;
  }
  return buckets;
}
