import { z } from '../../lib/http/zod';
import { postSchema } from '../posts/schemas';
import { manualMoves } from './move-post';
import { policyStepSchema } from './policy';

export { policyBody } from './policy';

export const policySchema = z
  .object({
    steps: z.array(policyStepSchema.extend({ id: z.string() })),
    allowSelfApproval: z.boolean(),
    lateApproval: z.enum(['publish_now', 'hold']),
    reminderLeadMinutes: z.array(z.number()),
  })
  .openapi('ApprovalPolicy');

export const decisionBody = z
  .strictObject({
    decision: z.enum(['approved', 'changes_requested']),
    comment: z.string().trim().max(5000).default(''),
    version: z.number().int().min(1),
  })
  .superRefine((b, ctx) => {
    if (b.decision === 'changes_requested' && !b.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'say what should change' });
  });

export const moveBody = z.strictObject({ to: z.enum(manualMoves) });
export const bulkApproveBody = z.strictObject({
  items: z
    .array(z.strictObject({ postId: z.uuid(), version: z.number().int().min(1) }))
    .min(1)
    .max(100),
  comment: z.string().trim().max(5000).default(''),
});
export const queueQuery = z.strictObject({ scope: z.enum(['mine', 'all']).default('mine') });
export const diffQuery = z.strictObject({ from: z.coerce.number().int().min(0).optional(), to: z.coerce.number().int().min(1).optional() });

const person = z.union([z.object({ userId: z.uuid(), name: z.string() }), z.object({ email: z.string() })]);
export const reviewSummarySchema = z
  .object({
    postId: z.uuid(),
    state: z.string(),
    version: z.number(),
    approvedVersion: z.number().nullable(),
    submittedAt: z.date().nullable(),
    deadline: z.date().nullable(),
    allowed: z.array(z.string()).openapi({ description: 'States this post may move to from here' }),
    steps: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        applies: z.boolean(),
        required: z.number(),
        approvedBy: z.array(person),
        satisfied: z.boolean(),
        current: z.boolean(),
      }),
    ),
    waitingOn: z.object({
      step: z.object({ id: z.string(), name: z.string(), required: z.number(), approvals: z.number() }).nullable(),
      members: z.array(z.object({ userId: z.uuid(), name: z.string() })),
      externalEmails: z.array(z.string()),
    }),
    canDecide: z.boolean(),
  })
  .openapi('ReviewSummary');

export const decisionSchema = z.object({
  id: z.uuid(),
  version: z.number(),
  stepId: z.string(),
  decision: z.enum(['approved', 'changes_requested']),
  comment: z.string(),
  reviewerEmail: z.string().nullable(),
  createdAt: z.date(),
  user: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export const reviewSchema = reviewSummarySchema.extend({ decisions: z.array(decisionSchema) }).openapi('Review');

const textPart = z.object({ value: z.string(), added: z.boolean().optional(), removed: z.boolean().optional() });
const fieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown(), parts: z.array(textPart).optional() });
export const diffSchema = z
  .object({
    from: z.number().nullable(),
    to: z.number(),
    diff: z.object({
      post: z.array(fieldChange),
      variants: z.array(
        z.object({
          variantId: z.uuid(),
          channelAccountId: z.uuid(),
          segmentId: z.uuid().nullable(),
          change: z.enum(['added', 'removed', 'changed', 'unchanged']),
          fields: z.array(fieldChange),
        }),
      ),
    }),
  })
  .openapi('VersionDiff');

export const versionsSchema = z.object({
  versions: z.array(
    z.object({
      version: z.number(),
      createdAt: z.date(),
      createdBy: z.object({ userId: z.uuid(), name: z.string() }).nullable(),
      approved: z.boolean(),
    }),
  ),
});

export const queueSchema = z.object({
  items: z.array(
    z.object({
      post: postSchema.omit({ variants: true }).extend({ variants: z.array(z.unknown()) }),
      review: reviewSummarySchema,
      changes: diffSchema.nullable(),
      comments: z.number(),
      deadline: z.date().nullable(),
    }),
  ),
});

export const stateSchema = z.object({ postId: z.uuid(), state: z.string() });
export const bulkResultSchema = z.object({
  results: z.array(
    z.object({
      postId: z.uuid(),
      ok: z.boolean(),
      state: z.string().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
