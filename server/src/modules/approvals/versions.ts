/**
 * Content versions: what a post said at one version (a snapshot) and a readable diff between two,
 * per variant and field, with a word diff for texts. Pure.
 */
import { diffWordsWithSpace } from 'diff';
import type { FieldChange, PostDiff, TextPart, VariantDiff } from './diff-types';

export interface VariantSnapshot {
  id: string;
  channelAccountId: string;
  segmentId: string | null;
  text: string;
  link: string | null;
  firstComment: string | null;
  utm: unknown;
  mediaIds: string[];
}

export interface PostSnapshot {
  title: string;
  brief: string;
  campaignId: string | null;
  labels: string[];
  variants: VariantSnapshot[];
}

export function snapshotOf(post: PostSnapshot): PostSnapshot {
  return {
    title: post.title,
    brief: post.brief,
    campaignId: post.campaignId,
    labels: [...post.labels],
    variants: post.variants.map((v) => ({
      id: v.id,
      channelAccountId: v.channelAccountId,
      segmentId: v.segmentId,
      text: v.text,
      link: v.link,
      firstComment: v.firstComment,
      utm: v.utm ?? null,
      mediaIds: [...v.mediaIds],
    })),
  };
}

export type { FieldChange, PostDiff, TextPart, VariantDiff } from './diff-types';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const words = (a: string, b: string): TextPart[] =>
  diffWordsWithSpace(a, b).map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) }));

const isText = (x: unknown): x is string | null => typeof x === 'string' || x === null;

function fieldChanges<T extends object>(before: T, after: T, fields: Array<keyof T & string>, textFields: ReadonlySet<string>): FieldChange[] {
  return fields.flatMap((field) => {
    const a = before[field];
    const b = after[field];
    if (same(a, b)) return [];
    const parts = textFields.has(field) && isText(a) && isText(b) ? words(a ?? '', b ?? '') : undefined;
    return [{ field, before: a ?? null, after: b ?? null, ...(parts ? { parts } : {}) }];
  });
}

const VARIANT_FIELDS = ['channelAccountId', 'segmentId', 'text', 'link', 'firstComment', 'utm', 'mediaIds'] as const;
const TEXTS = new Set(['text', 'firstComment', 'title', 'brief']);

/** What changed from `before` to `after` (either may be absent: everything added or removed). */
export function diffSnapshots(before: PostSnapshot | null, after: PostSnapshot): PostDiff {
  const empty: PostSnapshot = { title: '', brief: '', campaignId: null, labels: [], variants: [] };
  const a = before ?? empty;
  const post = fieldChanges(a, after, ['title', 'brief', 'campaignId', 'labels'], TEXTS);
  const old = new Map(a.variants.map((v) => [v.id, v]));
  const variants: VariantDiff[] = after.variants.map((v) => {
    const prev = old.get(v.id);
    old.delete(v.id);
    const base = { variantId: v.id, channelAccountId: v.channelAccountId, segmentId: v.segmentId };
    if (!prev)
      return {
        ...base,
        change: 'added',
        fields: fieldChanges(
          { ...v, text: '', firstComment: null, link: null, utm: null, mediaIds: [] },
          v,
          [...VARIANT_FIELDS].filter((f) => f !== 'channelAccountId' && f !== 'segmentId'),
          TEXTS,
        ),
      };
    const fields = fieldChanges(prev, v, [...VARIANT_FIELDS], TEXTS);
    return { ...base, change: fields.length ? 'changed' : 'unchanged', fields };
  });
  for (const v of old.values()) {
    variants.push({ variantId: v.id, channelAccountId: v.channelAccountId, segmentId: v.segmentId, change: 'removed', fields: [] });
  }
  return { post, variants };
}
