/**
 * What every occurrence of a series is made from: one post's fields and variants, each variant at its
 * wall-clock offset from the occurrence's time (09:00 and 09:30 stay 09:00 and 09:30 local).
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { instantOf, localOf, type Temporal } from '../../lib/local-time';
import { checkVariants, type ProblemView } from '../posts/check-variants';
import { insertPost, insertVariant, type References } from '../posts/post-repository';
import type { VariantInput } from '../posts/schemas';

type VariantContent = Omit<VariantInput, 'id' | 'scheduledAt'>;

export interface SeriesTemplate {
  title: string;
  brief: string;
  campaignId: string | null;
  labels: string[];
  /** `offset` from the occurrence's local time; null = the variant is not planned. */
  variants: Array<{ content: VariantContent; offset: Temporal.Duration | null }>;
}

interface StoredVariant {
  channelAccountId: string;
  segmentId?: string | null;
  text: string;
  link?: string | null;
  firstComment?: string | null;
  utm?: unknown;
  mediaIds: string[];
  scheduledAt?: Date | string | null;
}

/** A template from a post (input or stored) whose occurrence time is `base` on the wall clock of `timeZone`. */
export function templateOf(
  post: { title: string; brief?: string; campaignId?: string | null; labels?: string[]; variants: StoredVariant[] },
  base: Temporal.PlainDateTime,
  timeZone: string,
): SeriesTemplate {
  return {
    title: post.title,
    brief: post.brief ?? '',
    campaignId: post.campaignId ?? null,
    labels: post.labels ?? [],
    variants: post.variants.map((v) => ({
      content: {
        channelAccountId: v.channelAccountId,
        segmentId: v.segmentId ?? null,
        text: v.text,
        link: v.link ?? null,
        firstComment: v.firstComment ?? null,
        utm: (v.utm ?? null) as VariantInput['utm'],
        mediaIds: v.mediaIds,
      },
      offset: v.scheduledAt ? base.until(localOf(new Date(v.scheduledAt), timeZone)) : null,
    })),
  };
}

/** The template's variants for an occurrence at `local`. */
export function variantsAt(template: SeriesTemplate, local: Temporal.PlainDateTime, timeZone: string): VariantInput[] {
  return template.variants.map(({ content, offset }) => ({
    ...content,
    scheduledAt: offset ? instantOf(local.add(offset), timeZone).toISOString() : null,
  }));
}

/**
 * The composer's checks (references and network rules) on every occurrence: the first failing one
 * stops everything with 422, its problems tagged with the occurrence's index and time. Returns the
 * warnings of the first occurrence, per variant.
 */
export function checkOccurrences(refs: References, occurrences: VariantInput[][], now: Date): ProblemView[][] {
  let first: ProblemView[][] = [];
  for (const [index, variants] of occurrences.entries()) {
    try {
      const warnings = checkVariants(refs, variants, () => true, now);
      if (index === 0) first = warnings;
    } catch (error) {
      if (!(error instanceof AppError) || index === 0) throw error;
      const at = variants.find((v) => v.scheduledAt)?.scheduledAt ?? null;
      throw new AppError('unprocessable', `Occurrence ${index + 1} (${at}): ${error.message}`, {
        occurrence: index,
        at,
        problems: error.details,
      });
    }
  }
  return first;
}

const toData = (v: VariantInput) => ({
  channelAccountId: v.channelAccountId,
  segmentId: v.segmentId ?? null,
  text: v.text,
  link: v.link ?? null,
  firstComment: v.firstComment ?? null,
  utm: (v.utm ?? undefined) as Prisma.InputJsonValue | undefined,
  scheduledAt: v.scheduledAt ? new Date(v.scheduledAt) : null,
  mediaIds: v.mediaIds,
});

/** Writes one occurrence: a post of the series with its variants. */
export async function insertOccurrence(
  db: Db,
  workspaceId: string,
  authorId: string,
  template: SeriesTemplate,
  variants: VariantInput[],
  series: { seriesId?: string; recurrence?: string },
): Promise<string> {
  const { id } = await insertPost(db, {
    workspaceId,
    title: template.title,
    brief: template.brief,
    campaignId: template.campaignId,
    labels: template.labels,
    authorId,
    seriesId: series.seriesId ?? null,
    recurrence: series.recurrence ?? null,
  });
  for (const v of variants) await insertVariant(db, workspaceId, id, toData(v));
  return id;
}
