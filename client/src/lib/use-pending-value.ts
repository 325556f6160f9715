import { useState } from 'react';

/**
 * The value a control shows while its save is in flight: the one just chosen, then the saved one again once the
 * save settles (the cache holds the server's answer, or the old value after a refusal).
 *
 * A controlled checkbox must get its new value from component state in the same event. An optimistic write to the
 * query cache reaches the component a tick later, so React first puts the box back as it was and it flickers —
 * and a browser test that reads the box right after its click can see the old state.
 */
export function usePendingValue<T>(saved: T): readonly [shown: T, choose: (value: T) => void, settle: () => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  return [pending ? pending.value : saved, (value: T) => setPending({ value }), () => setPending(null)] as const;
}
