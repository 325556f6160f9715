/**
 * A workspace's approval policy and how far a post has come through it (pure: the server and the
 * property test share it).
 *
 * Steps run in order. A step applies to a post unless it is limited to some channels, segments or
 * campaigns the post does not touch. A step is satisfied by `required` approvals of the post's
 * current content version, given in the current review round, by distinct eligible people (or
 * outside reviewers it names). One person's approval counts for one step only, and the author's
 * counts for none unless the policy allows self-approval.
 */
import { z } from '../../lib/http/zod';

export const roleNames = ['admin', 'planner', 'approver', 'community_manager', 'viewer'] as const;
export type RoleName = (typeof roleNames)[number];

export const policyStepSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'is 1–40 of a-z, 0-9, _ and -')
    .optional(),
  name: z.string().trim().min(1, 'is required').max(80),
  /** Anyone with this role may approve… */
  role: z.enum(roleNames).nullable().default(null),
  /** …and/or these members. */
  memberIds: z.array(z.uuid()).max(50).default([]),
  /** Outside reviewers (no account): they approve through a signed link. */
  externalEmails: z.array(z.email().max(254)).max(10).default([]),
  required: z.number().int().min(1).max(10).default(1),
  channelIds: z.array(z.uuid()).max(100).default([]),
  segmentIds: z.array(z.uuid()).max(100).default([]),
  campaignIds: z.array(z.uuid()).max(100).default([]),
});
export type PolicyStepInput = z.input<typeof policyStepSchema>;
export type PolicyStep = z.output<typeof policyStepSchema> & { id: string };

export const policyBody = z
  .strictObject({
    steps: z.array(policyStepSchema).min(1, 'needs at least one step').max(10),
    allowSelfApproval: z.boolean().default(false),
    lateApproval: z.enum(['publish_now', 'hold']).default('hold'),
    reminderLeadMinutes: z
      .array(
        z
          .number()
          .int()
          .min(5)
          .max(14 * 24 * 60),
      )
      .max(5)
      .default([1440, 120]),
  })
  .superRefine((policy, ctx) => {
    const ids = new Set<string>();
    for (const [i, step] of policy.steps.entries()) {
      if (!step.role && !step.memberIds.length && !step.externalEmails.length) {
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'names nobody: give a role, members or outside reviewers' });
      }
      const eligible = step.memberIds.length + step.externalEmails.length;
      if (!step.role && step.required > eligible) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'required'], message: `needs ${step.required} approvals but names ${eligible} people` });
      }
      if (step.id && ids.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: 'repeats another step’s id' });
      if (step.id) ids.add(step.id);
    }
  });
export type PolicyInput = z.input<typeof policyBody>;

export interface Policy {
  steps: PolicyStep[];
  allowSelfApproval: boolean;
  lateApproval: 'publish_now' | 'hold';
  reminderLeadMinutes: number[];
}

export const DEFAULT_POLICY: Policy = {
  steps: [
    {
      id: 'review',
      name: 'Review',
      role: 'approver',
      memberIds: [],
      externalEmails: [],
      required: 1,
      channelIds: [],
      segmentIds: [],
      campaignIds: [],
    },
  ],
  allowSelfApproval: false,
  lateApproval: 'hold',
  reminderLeadMinutes: [1440, 120],
};

/** A parsed policy with every step given a stable id (`step-1`, … where none was chosen). */
export function normalisePolicy(input: z.output<typeof policyBody>): Policy {
  const taken = new Set(input.steps.flatMap((s) => (s.id ? [s.id] : [])));
  let n = 0;
  const nextId = () => {
    do n += 1;
    while (taken.has(`step-${n}`));
    return `step-${n}`;
  };
  return { ...input, steps: input.steps.map((s) => ({ ...s, id: s.id ?? nextId() })) };
}

/** What the policy needs to know about a post. */
export interface ReviewSubject {
  authorId: string;
  campaignId: string | null;
  variants: Array<{ channelAccountId: string; segmentId: string | null }>;
}

/** One decision of the current round on the current version. */
export interface RoundDecision {
  stepId: string;
  decision: 'approved' | 'changes_requested';
  userId: string | null;
  reviewerEmail: string | null;
}

export interface Reviewer {
  userId: string;
  roles: readonly string[];
}

export function stepApplies(step: PolicyStep, post: ReviewSubject): boolean {
  if (step.channelIds.length && !post.variants.some((v) => step.channelIds.includes(v.channelAccountId))) return false;
  if (step.segmentIds.length && !post.variants.some((v) => v.segmentId && step.segmentIds.includes(v.segmentId))) return false;
  if (step.campaignIds.length && !(post.campaignId && step.campaignIds.includes(post.campaignId))) return false;
  return true;
}

/** May this member approve this step of this post (ignoring what they already decided)? */
export function mayDecide(policy: Policy, step: PolicyStep, post: ReviewSubject, reviewer: Reviewer): boolean {
  if (reviewer.userId === post.authorId && !policy.allowSelfApproval) return false;
  return (step.role !== null && reviewer.roles.includes(step.role)) || step.memberIds.includes(reviewer.userId);
}

export interface StepProgress {
  step: PolicyStep;
  applies: boolean;
  /** Who approved this step in this round (user ids or outside reviewers' emails). */
  approvedBy: string[];
  satisfied: boolean;
}

export interface Progress {
  steps: StepProgress[];
  /** The first applicable step not yet satisfied; null when every one is. */
  current: PolicyStep | null;
  approved: boolean;
}

const who = (d: RoundDecision) => d.userId ?? `email:${d.reviewerEmail ?? ''}`;

/**
 * How far the round has come. Approvals are counted step by step in order, each person once: a
 * decision for a step the person may not decide (or by someone already counted) does not count.
 */
export function approvalProgress(
  policy: Policy,
  post: ReviewSubject,
  decisions: RoundDecision[],
  rolesOf: (userId: string) => readonly string[],
): Progress {
  const counted = new Set<string>();
  const steps: StepProgress[] = [];
  let current: PolicyStep | null = null;
  for (const step of policy.steps) {
    const applies = stepApplies(step, post);
    const approvedBy: string[] = [];
    if (applies && !current) {
      for (const d of decisions) {
        if (d.stepId !== step.id || d.decision !== 'approved' || counted.has(who(d))) continue;
        const valid = d.userId
          ? mayDecide(policy, step, post, { userId: d.userId, roles: rolesOf(d.userId) })
          : step.externalEmails.includes(d.reviewerEmail ?? '');
        if (!valid) continue;
        approvedBy.push(d.userId ?? (d.reviewerEmail as string));
        counted.add(who(d));
      }
    }
    const satisfied = !applies || approvedBy.length >= step.required;
    if (applies && !satisfied && !current) current = step;
    steps.push({ step, applies, approvedBy, satisfied });
  }
  return { steps, current, approved: current === null };
}

/** Has this person (or outside reviewer) already approved any step in this round? */
export function alreadyApproved(decisions: RoundDecision[], reviewer: { userId?: string; email?: string }): boolean {
  return decisions.some((d) => d.decision === 'approved' && (reviewer.userId ? d.userId === reviewer.userId : d.reviewerEmail === reviewer.email));
}
