import { z } from '../../lib/http/zod';

const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset, e.g. 2026-12-01T09:00:00+09:00' });
const label = z.string().trim().min(1).max(40);
export const utmSchema = z.strictObject({
  source: z.string().max(100).optional(),
  medium: z.string().max(100).optional(),
  campaign: z.string().max(100).optional(),
  content: z.string().max(100).optional(),
  term: z.string().max(100).optional(),
});

export const variantInput = z.strictObject({
  /** Present when editing an existing variant. */
  id: z.uuid().optional(),
  channelAccountId: z.uuid(),
  segmentId: z.uuid().nullable().optional(),
  text: z.string().max(70_000).default(''),
  link: z.string().max(2000).nullable().optional(),
  firstComment: z.string().max(10_000).nullable().optional(),
  utm: utmSchema.nullable().optional(),
  mediaIds: z.array(z.uuid()).max(10).default([]),
  scheduledAt: isoInstant.nullable().optional(),
});
export type VariantInput = z.infer<typeof variantInput>;

const postFields = {
  title: z.string().trim().min(1, 'is required').max(200),
  brief: z.string().max(10_000).optional(),
  campaignId: z.uuid().nullable().optional(),
  labels: z.array(label).max(20).optional(),
};
export const createPostBody = z.strictObject({ ...postFields, variants: z.array(variantInput).max(50).default([]) });
export const updatePostBody = z
  .strictObject({ ...postFields, variants: z.array(variantInput).max(50) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');
export const scheduleBody = z.strictObject({ scheduledAt: isoInstant.nullable() });

export const problemSchema = z
  .object({
    code: z.string(),
    field: z.string(),
    severity: z.enum(['error', 'warning']),
    params: z.record(z.string(), z.unknown()),
    message: z.string(),
  })
  .openapi('ValidationProblem');

export const variantSchema = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    channelAccountId: z.uuid(),
    segmentId: z.uuid().nullable(),
    text: z.string(),
    link: z.string().nullable(),
    firstComment: z.string().nullable(),
    utm: z.unknown(),
    mediaIds: z.array(z.uuid()),
    scheduledAt: z.date().nullable(),
    scheduleVersion: z.number(),
    state: z.string(),
    /** The published post on the network. */
    remoteUrl: z.string().nullable(),
    /** Why the last attempt failed, in the network's words, and its class (`rejected`, `auth_expired`, `transient`, `unknown_outcome`). */
    failureReason: z.string().nullable(),
    failureKind: z.string().nullable(),
    warnings: z.array(problemSchema).optional(),
  })
  .openapi('Variant');

export const postSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    brief: z.string(),
    campaignId: z.uuid().nullable(),
    labels: z.array(z.string()),
    state: z.string(),
    version: z.number(),
    /** The content version the approval policy signed off; approval holds while it equals `version`. */
    approvedVersion: z.number().nullable(),
    submittedAt: z.date().nullable(),
    /** The series (its first post's id) this post is an occurrence of, if any. */
    seriesId: z.uuid().nullable(),
    author: z.object({ id: z.uuid(), name: z.string() }),
    createdAt: z.date(),
    updatedAt: z.date(),
    variants: z.array(variantSchema),
  })
  .openapi('Post');
