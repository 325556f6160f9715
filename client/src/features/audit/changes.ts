/** What an audit event's before/after changed, key by key (pure; the page renders it). */
export interface KeyChange {
  /** Dotted path into the recorded object (`name`, `steps.1.externalEmails`); '' when the value itself is not an object. */
  key: string;
  /** `undefined`: the key is absent on that side. */
  before: unknown;
  after: unknown;
}

const MAX_DEPTH = 3;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isObjectArray = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The keys whose values differ between `before` and `after`. Objects on both sides are compared key
 * by key, and so are lists of objects (by position), down to a few levels; anything else counts as
 * one value. Keys keep the order they first appear in (before, then after).
 */
export function changedKeys(before: unknown, after: unknown): KeyChange[] {
  const out: KeyChange[] = [];
  const walk = (a: unknown, b: unknown, path: string, depth: number) => {
    if (same(a, b)) return;
    if (depth < MAX_DEPTH && isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path ? `${path}.${key}` : key, depth + 1);
      return;
    }
    if (depth < MAX_DEPTH && isObjectArray(a) && isObjectArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i += 1) walk(a[i], b[i], `${path}.${i}`, depth + 1);
      return;
    }
    out.push({ key: path, before: a, after: b });
  };
  // null before (created) or after (deleted): list the keys of the side that exists.
  walk(before === null && isRecord(after) ? {} : before, after === null && isRecord(before) ? {} : after, '', 0);
  return out;
}

/** A value as one line of text: strings as they are, anything else as compact JSON. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Longer than this, a value is folded behind its first characters. */
export const FOLD_AT = 80;
