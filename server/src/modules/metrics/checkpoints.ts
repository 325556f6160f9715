/**
 * When a published variant's numbers are read: at rising intervals after publication. Pure.
 * A reading missed (the worker was down) is not made up later under its own name: the next reading
 * due takes its place, so every snapshot's checkpoint says truthfully how old the post was.
 */

export const CHECKPOINTS = [
  { key: '1h', afterMs: 3_600_000 },
  { key: '6h', afterMs: 6 * 3_600_000 },
  { key: '24h', afterMs: 24 * 3_600_000 },
  { key: '72h', afterMs: 72 * 3_600_000 },
  { key: '7d', afterMs: 7 * 86_400_000 },
] as const;

export type Checkpoint = (typeof CHECKPOINTS)[number]['key'];
export const CHECKPOINT_KEYS: Checkpoint[] = CHECKPOINTS.map((c) => c.key);
/** The last reading: after it a variant is read no more. */
export const LAST_CHECKPOINT_MS = CHECKPOINTS[CHECKPOINTS.length - 1]?.afterMs ?? 0;

export const isCheckpoint = (value: string): value is Checkpoint => (CHECKPOINT_KEYS as string[]).includes(value);

export function checkpointAt(publishedAt: Date, checkpoint: Checkpoint): Date {
  const c = CHECKPOINTS.find((x) => x.key === checkpoint);
  return new Date(publishedAt.getTime() + (c?.afterMs ?? 0));
}

/** The reading due now: the latest checkpoint whose time has come, unless it was taken already. */
export function dueCheckpoint(publishedAt: Date, now: Date, have: ReadonlySet<string>): Checkpoint | null {
  const age = now.getTime() - publishedAt.getTime();
  let due: Checkpoint | null = null;
  for (const c of CHECKPOINTS) if (c.afterMs <= age) due = c.key;
  return due && !have.has(due) ? due : null;
}

/** The next reading to wait for: the first checkpoint still ahead. */
export function nextCheckpoint(publishedAt: Date, now: Date): { checkpoint: Checkpoint; at: Date } | null {
  const age = now.getTime() - publishedAt.getTime();
  const next = CHECKPOINTS.find((c) => c.afterMs > age);
  return next ? { checkpoint: next.key, at: new Date(publishedAt.getTime() + next.afterMs) } : null;
}
