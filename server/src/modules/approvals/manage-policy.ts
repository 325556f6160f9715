import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import type { z } from '../../lib/http/zod';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { findPolicy, listReviewers, savePolicy } from './approval-repository';
import { normalisePolicy, type policyBody } from './policy';

/** Replaces the workspace's approval policy; every member, channel, segment and campaign it names must be of this workspace. */
export async function updatePolicy(deps: Deps, actor: AuditActor, workspaceId: string, input: z.output<typeof policyBody>) {
  const policy = normalisePolicy(input);
  const [members, channels, segments, campaigns] = await Promise.all([
    listReviewers(deps.prisma, workspaceId),
    deps.prisma.channelAccount.findMany({ where: { workspaceId }, select: { id: true } }),
    deps.prisma.segment.findMany({ where: { workspaceId }, select: { id: true } }),
    deps.prisma.campaign.findMany({ where: { workspaceId }, select: { id: true } }),
  ]);
  const known = {
    memberIds: new Set(members.map((m) => m.userId)),
    channelIds: new Set(channels.map((c) => c.id)),
    segmentIds: new Set(segments.map((s) => s.id)),
    campaignIds: new Set(campaigns.map((c) => c.id)),
  };
  const problems = policy.steps.flatMap((step, i) =>
    (['memberIds', 'channelIds', 'segmentIds', 'campaignIds'] as const).flatMap((field) =>
      step[field].filter((id) => !known[field].has(id)).map((id) => ({ field: `steps.${i}.${field}`, code: 'not_in_workspace', id })),
    ),
  );
  if (problems.length) throw new AppError('unprocessable', 'The policy names something that is not in this workspace', problems);
  return deps.prisma.$transaction(async (tx) => {
    const before = await findPolicy(tx, workspaceId);
    await savePolicy(tx, workspaceId, policy);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'approval_policy',
      entityId: workspaceId,
      action: 'approval_policy.updated',
      before,
      after: policy,
    });
    return policy;
  });
}
