/**
 * Property: whatever random members do through the API — edit, submit, decide (on the current or a
 * stale version), move, reschedule — and whenever the publisher runs, no variant is queued or
 * published unless the policy's steps approved exactly that content version in its current round,
 * and the author's own approval never counts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildMember, buildUser } from '../../prisma/seed/builders';
import { approvalProgress, normalisePolicy, type Policy, type PolicyInput, policyBody } from '../../server/src/modules/approvals/policy';
import { isPublishable } from '../../server/src/modules/approvals/publishable';
import { signIn, TEST_PASSWORD, uniqueEmail, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let ws: string;
let workspaceId: string;
type Client = Awaited<ReturnType<typeof signIn>>;
const actors: Record<string, { id: string; client: Client; roles: string[] }> = {};
let channels: string[] = [];

const ACTORS = ['author', 'planner2', 'approver1', 'approver2', 'admin', 'viewer', 'cm', 'approverPlanner'] as const;
type Actor = (typeof ACTORS)[number];

beforeAll(async () => {
  ctx = await startTestApp();
  const team = await workspaceWithTeam(ctx.deps.prisma);
  workspaceId = team.workspace.id;
  ws = `/api/workspaces/${workspaceId}`;
  const extra = async (roles: Array<'planner' | 'approver'>) => {
    const user = await buildUser(ctx.deps.prisma, { email: uniqueEmail('p'), name: roles.join('+'), password: TEST_PASSWORD });
    await buildMember(ctx.deps.prisma, workspaceId, user, roles);
    return user;
  };
  const people: Record<Actor, { id: string; email: string; roles: string[] }> = {
    author: { ...team.members.planner, roles: ['planner'] },
    planner2: { ...(await extra(['planner'])), roles: ['planner'] },
    approver1: { ...team.members.approver, roles: ['approver'] },
    approver2: { ...(await extra(['approver'])), roles: ['approver'] },
    admin: { ...team.members.admin, roles: ['admin'] },
    viewer: { ...team.members.viewer, roles: ['viewer'] },
    cm: { ...team.members.community_manager, roles: ['community_manager'] },
    approverPlanner: { ...(await extra(['planner', 'approver'])), roles: ['planner', 'approver'] },
  };
  for (const [name, p] of Object.entries(people)) actors[name] = { id: p.id, roles: p.roles, client: await signIn(ctx, p.email) };
  channels = [
    (await buildChannel(ctx.deps.prisma, workspaceId, { provider: 'x', name: 'X', handle: 'x' })).id,
    (await buildChannel(ctx.deps.prisma, workspaceId, { provider: 'facebook_page', name: 'FB', handle: 'fb' })).id,
  ];
}, 60_000);
afterAll(async () => ctx.close());

const policies = (): PolicyInput[] => [
  { steps: [{ name: 'Review', role: 'approver' }] },
  { steps: [{ name: 'Two approvers', role: 'approver', required: 2 }] },
  {
    steps: [
      { name: 'Marketing', role: 'approver' },
      { name: 'Named', memberIds: [actors.approver2?.id ?? '', actors.approverPlanner?.id ?? ''] },
    ],
  },
  { steps: [{ name: 'Review', role: 'approver' }], allowSelfApproval: true, lateApproval: 'publish_now' },
];

type Command =
  | { kind: 'edit'; by: Actor; variant: number }
  | { kind: 'move'; by: Actor; to: 'in_review' | 'draft' | 'canceled' | 'scheduled' | 'approved' }
  | { kind: 'decide'; by: Actor; decision: 'approved' | 'changes_requested'; stale: boolean }
  | { kind: 'reschedule'; by: Actor; variant: number; hours: number | null }
  | { kind: 'publish' };

const actor = fc.constantFrom(...ACTORS);
/** Reviewers decide more often than others try to, so runs get past review often enough to test the queue. */
const decider = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Actor>('approver1', 'approver2', 'approverPlanner') },
  { weight: 1, arbitrary: actor },
);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), by: actor, variant: fc.nat(1) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      by: actor,
      to: fc.constantFrom('in_review', 'draft', 'canceled', 'scheduled', 'approved'),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      by: decider,
      decision: fc.constantFrom('approved', 'approved', 'changes_requested'),
      stale: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reschedule' as const),
      by: actor,
      variant: fc.nat(1),
      hours: fc.option(fc.integer({ min: -3, max: 72 }), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'publish' as const }) },
);

async function run(postId: string, c: Command, step: number) {
  const post = await ctx.deps.prisma.post.findUniqueOrThrow({
    where: { id: postId },
    select: {
      version: true,
      variants: {
        where: { deletedAt: null },
        orderBy: { createdAt: 'asc' },
        select: { id: true, channelAccountId: true, text: true, scheduledAt: true },
      },
    },
  });
  if (c.kind === 'publish') {
    // What the publisher does inside its claim: only a publishable variant goes out.
    const rows = await ctx.deps.prisma.variant.findMany({
      where: { postId, state: 'scheduled', deletedAt: null },
      select: { id: true, state: true, post: { select: { state: true, version: true, approvedVersion: true } } },
    });
    for (const v of rows) if (isPublishable(v.post, v)) await ctx.deps.prisma.variant.update({ where: { id: v.id }, data: { state: 'published' } });
    return;
  }
  const who = actors[c.by]?.client as Client;
  switch (c.kind) {
    case 'edit': {
      const variants = post.variants.map((v, i) => ({
        id: v.id,
        channelAccountId: v.channelAccountId,
        text: i === c.variant ? `${v.text} e${step}` : v.text,
        scheduledAt: v.scheduledAt && v.scheduledAt > new Date() ? v.scheduledAt.toISOString() : null,
      }));
      await who.patch(`${ws}/posts/${postId}`, { variants });
      return;
    }
    case 'move':
      await who.post(`${ws}/posts/${postId}/transitions`, { to: c.to });
      return;
    case 'decide':
      await who.post(`${ws}/posts/${postId}/decisions`, {
        decision: c.decision,
        comment: 'ok',
        version: c.stale ? Math.max(1, post.version - 1) : post.version,
      });
      return;
    case 'reschedule': {
      const v = post.variants[c.variant];
      if (!v) return;
      await who.patch(`${ws}/variants/${v.id}/schedule`, {
        scheduledAt: c.hours === null ? null : new Date(Date.now() + c.hours * 3_600_000).toISOString(),
      });
      return;
    }
  }
}

/** How often the runs got somewhere worth checking (a property that never queues anything proves nothing). */
const reached = { live: 0, published: 0 };

/** The invariant, checked from the database alone. */
async function check(postId: string, policy: Policy, published: Set<string>) {
  const post = await ctx.deps.prisma.post.findUniqueOrThrow({
    where: { id: postId },
    select: {
      authorId: true,
      campaignId: true,
      version: true,
      approvedVersion: true,
      state: true,
      submittedAt: true,
      variants: { where: { deletedAt: null }, select: { id: true, state: true, channelAccountId: true, segmentId: true } },
    },
  });
  // Queued variants, and those the publisher sent since the last check (checked as they went out:
  // later edits of the rest of the post start a new version that they are not part of).
  const live = post.variants.filter((v) => v.state === 'scheduled' || (v.state === 'published' && !published.has(v.id)));
  for (const v of post.variants) if (v.state === 'published') published.add(v.id);
  if (!live.length) return;
  reached.live += 1;
  if (live.some((v) => v.state === 'published')) reached.published += 1;
  expect(post.approvedVersion, 'a queued or published variant belongs to the approved version').toBe(post.version);
  expect(post.state).toBe('scheduled');
  // The approvals of the version that went out (or is queued) satisfy the policy without the author's.
  const version = post.approvedVersion ?? -1;
  expect(version).toBeGreaterThan(0);
  // The round that approved it: the decisions on that version since the post was last submitted.
  const round = await ctx.deps.prisma.approvalDecision.findMany({
    where: { postId, version, createdAt: { gte: post.submittedAt ?? new Date(0) } },
    orderBy: { createdAt: 'asc' },
  });
  expect(round.some((d) => d.decision === 'changes_requested')).toBe(false);
  const rolesOf = (id: string) => Object.values(actors).find((a) => a.id === id)?.roles ?? [];
  const progress = approvalProgress(policy, { authorId: post.authorId, campaignId: post.campaignId, variants: post.variants }, round, rolesOf);
  expect(progress.approved, 'the policy’s steps approved this version').toBe(true);
  if (!policy.allowSelfApproval) {
    expect(round.filter((d) => d.decision === 'approved' && d.userId === post.authorId)).toEqual([]);
    expect(round.some((d) => d.decision === 'approved' && d.userId !== post.authorId)).toBe(true);
  }
}

describe('approvals cannot be bypassed (property)', () => {
  it('no random sequence of edits, moves, decisions, reschedules and publisher runs queues or publishes unapproved content', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(3), fc.boolean(), fc.array(command, { minLength: 4, maxLength: 14 }), async (policyIndex, submitFirst, rest) => {
        const commands: Command[] = submitFirst ? [{ kind: 'move', by: 'author', to: 'in_review' }, ...rest] : rest;
        const input = policies()[policyIndex] as PolicyInput;
        const saved = await actors.admin?.client.put(`${ws}/approval-policy`, input);
        expect(saved?.status).toBe(200);
        const policy = normalisePolicy(policyBody.parse(input));
        const created = await actors.author?.client.post(`${ws}/posts`, {
          title: 'Property',
          variants: channels.map((id, i) => ({
            channelAccountId: id,
            text: `v${i}`,
            scheduledAt: new Date(Date.now() + (24 + i) * 3_600_000).toISOString(),
          })),
        });
        expect(created?.status).toBe(201);
        const postId = created?.body.id as string;
        const published = new Set<string>();
        for (const [i, c] of commands.entries()) {
          await run(postId, c, i);
          await check(postId, policy, published);
        }
      }),
      {
        numRuns: 60,
        interruptAfterTimeLimit: 120_000,
        // One known path through review to the publisher, besides the random ones.
        examples: [
          [
            0,
            true,
            [
              { kind: 'decide', by: 'approver1', decision: 'approved', stale: false },
              { kind: 'publish' },
              { kind: 'edit', by: 'author', variant: 0 },
              { kind: 'move', by: 'author', to: 'in_review' },
              { kind: 'decide', by: 'author', decision: 'approved', stale: false },
            ],
          ],
        ],
      },
    );
    console.log('reached', JSON.stringify(reached));
    expect(reached.live).toBeGreaterThan(0);
    expect(reached.published).toBeGreaterThan(0);
  }, 180_000);
});
