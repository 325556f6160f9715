/** Which digest this is, seen from the workspace's today (days are `YYYY-MM-DD` in the workspace's zone). */
export type DigestRelation = 'today' | 'past' | 'upcoming';

export function digestRelation(day: string, today: string | undefined): DigestRelation {
  if (!today || day === today) return 'today';
  // A digest composed ahead (tomorrow morning's, made tonight) is not a past one.
  return day < today ? 'past' : 'upcoming';
}

export const digestEyebrowKey = { today: 'digest.todays', past: 'digest.pastDigest', upcoming: 'digest.upcomingDigest' } as const;
