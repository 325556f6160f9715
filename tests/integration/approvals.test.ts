import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCampaign, buildChannel, buildMember, buildUser } from '../../prisma/seed/builders';
import { signIn, TEST_PASSWORD, uniqueEmail, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
type Client = Awaited<ReturnType<typeof signIn>>;
let planner: Client;
let approver: Client;
let admin: Client;
let viewer: Client;
let ws: string;
let x: { id: string };
let fb: { id: string };

const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  planner = await signIn(ctx, team.members.planner.email);
  approver = await signIn(ctx, team.members.approver.email);
  admin = await signIn(ctx, team.members.admin.email);
  viewer = await signIn(ctx, team.members.viewer.email);
  x = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'X', handle: 'x' });
  fb = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'facebook_page', name: 'FB', handle: 'fb' });
});
afterAll(async () => ctx.close());

async function newPost(title: string, times: Array<string | null> = [inDays(3), inDays(3, 10)]) {
  const res = await planner.post(`${ws}/posts`, {
    title,
    variants: [
      { channelAccountId: x.id, text: `${title} on X`, scheduledAt: times[0] },
      { channelAccountId: fb.id, text: `${title} on Facebook`, scheduledAt: times[1] },
    ],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number; variants: Array<{ id: string }> };
}

const stateOf = async (id: string) => {
  const post = await ctx.deps.prisma.post.findUniqueOrThrow({
    where: { id },
    select: { state: true, version: true, approvedVersion: true, variants: { select: { state: true }, where: { deletedAt: null } } },
  });
  return { ...post, variants: post.variants.map((v) => v.state).sort() };
};

describe('approvals', () => {
  it('draft → review → changes requested (comment required) → edit → review → approved and queued', async () => {
    const post = await newPost('Spring menu');
    const submit = await planner.post(`${ws}/posts/${post.id}/transitions`, { to: 'in_review' });
    expect(submit.status, JSON.stringify(submit.body)).toBe(200);
    expect(submit.body.state).toBe('in_review');
    // The approver was asked.
    expect(await ctx.deps.prisma.notification.count({ where: { userId: team.members.approver.id, postId: post.id, kind: 'review_requested' } })).toBe(
      1,
    );

    const review = await approver.get(`${ws}/posts/${post.id}/review`);
    expect(review.body.canDecide).toBe(true);
    expect(review.body.waitingOn.members.map((m: { userId: string }) => m.userId)).toEqual([team.members.approver.id]);
    expect((await planner.get(`${ws}/posts/${post.id}/review`)).body.canDecide).toBe(false);

    // A planner cannot approve; a request for changes needs a comment.
    expect((await planner.post(`${ws}/posts/${post.id}/decisions`, { decision: 'approved', version: 1 })).status).toBe(403);
    const bare = await approver.post(`${ws}/posts/${post.id}/decisions`, { decision: 'changes_requested', version: 1 });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details[0].field).toBe('body.comment');
    const changes = await approver.post(`${ws}/posts/${post.id}/decisions`, { decision: 'changes_requested', version: 1, comment: 'Say the price' });
    expect(changes.status, JSON.stringify(changes.body)).toBe(200);
    expect((await stateOf(post.id)).state).toBe('changes_requested');
    expect(await ctx.deps.prisma.notification.count({ where: { userId: team.members.planner.id, kind: 'changes_requested' } })).toBe(1);

    // An edit makes it a draft again (version 2); resubmitted, approved, it is scheduled with its variants queued.
    const full = (await planner.get(`${ws}/posts/${post.id}`)).body;
    const edited = await planner.patch(`${ws}/posts/${post.id}`, {
      variants: full.variants.map((v: Record<string, unknown>, i: number) => ({
        id: v.id,
        channelAccountId: v.channelAccountId,
        text: i === 0 ? 'Spring menu on X: 5,900 won' : v.text,
        scheduledAt: v.scheduledAt,
      })),
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(await stateOf(post.id)).toMatchObject({ state: 'draft', version: 2 });
    // Stale version refused.
    expect((await planner.post(`${ws}/posts/${post.id}/transitions`, { to: 'in_review' })).status).toBe(200);
    const stale = await approver.post(`${ws}/posts/${post.id}/decisions`, { decision: 'approved', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.reason).toBe('version_changed');

    const diff = await approver.get(`${ws}/posts/${post.id}/diff?from=1&to=2`);
    expect(diff.status, JSON.stringify(diff.body)).toBe(200);
    const changed = diff.body.diff.variants.find((v: { change: string }) => v.change === 'changed');
    expect(changed.fields[0].field).toBe('text');
    expect(changed.fields[0].parts.some((p: { added?: boolean; value: string }) => p.added && p.value.includes('5,900'))).toBe(true);

    const ok = await approver.post(`${ws}/posts/${post.id}/decisions`, { decision: 'approved', version: 2 });
    expect(ok.body.state).toBe('scheduled');
    expect(await stateOf(post.id)).toMatchObject({ state: 'scheduled', version: 2, approvedVersion: 2, variants: ['scheduled', 'scheduled'] });
    const again = await approver.post(`${ws}/posts/${post.id}/decisions`, { decision: 'approved', version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.details.allowed).toContain('canceled');
  });

  it('moving a time keeps the approval; editing content sends it back to review and off the queue', async () => {
    const post = await newPost('Weekend brunch');
    await planner.post(`${ws}/posts/${post.id}/transitions`, { to: 'in_review' });
    await approver.post(`${ws}/posts/${post.id}/decisions`, { decision: 'approved', version: 1 });
    expect((await stateOf(post.id)).state).toBe('scheduled');

    const moved = await planner.patch(`${ws}/variants/${post.variants[0]?.id}/schedule`, { scheduledAt: inDays(4) });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await stateOf(post.id)).toMatchObject({ state: 'scheduled', version: 1, approvedVersion: 1, variants: ['scheduled', 'scheduled'] });
    expect(await ctx.deps.prisma.auditEvent.count({ where: { entityId: post.variants[0]?.id, action: 'variant.rescheduled' } })).toBe(1);

    const full = (await planner.get(`${ws}/posts/${post.id}`)).body;
    await planner.patch(`${ws}/posts/${post.id}`, {
      variants: full.variants.map((v: Record<string, unknown>) => ({
        id: v.id,
        channelAccountId: v.channelAccountId,
        text: `${v.text}!`,
        scheduledAt: v.scheduledAt,
      })),
    });
    expect(await stateOf(post.id)).toMatchObject({ state: 'in_review', version: 2, approvedVersion: 1, variants: ['draft', 'draft'] });
    expect((await approver.get(`${ws}/approvals/queue`)).body.items.map((i: { post: { id: string } }) => i.post.id)).toContain(post.id);
  });

  it('refuses illegal moves with the current state and the allowed ones', async () => {
    const post = await newPost('Illegal');
    const res = await planner.post(`${ws}/posts/${post.id}/transitions`, { to: 'scheduled' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ state: 'draft', allowed: ['in_review', 'canceled'] });
    expect((await viewer.post(`${ws}/posts/${post.id}/transitions`, { to: 'in_review' })).status).toBe(403);
    expect((await planner.post(`${ws}/posts/${post.id}/transitions`, { to: 'canceled' })).body.state).toBe('canceled');
    expect((await stateOf(post.id)).variants).toEqual(['canceled', 'canceled']);
    expect((await planner.post(`${ws}/posts/${post.id}/transitions`, { to: 'draft' })).body.state).toBe('draft');
    expect((await stateOf(post.id)).variants).toEqual(['draft', 'draft']);
  });

  it('multi-step policy: an approver, then two named members for a crisis campaign; one person counts once', async () => {
    const crisis = await buildCampaign(ctx.deps.prisma, team.workspace.id, { name: 'Recall', color: '#d00' });
    const legal = await buildUser(ctx.deps.prisma, { email: uniqueEmail('legal'), name: 'Legal', password: TEST_PASSWORD });
    await buildMember(ctx.deps.prisma, team.workspace.id, legal, ['viewer']);
    const policy = {
      steps: [
        { name: 'Marketing', role: 'approver' },
        { name: 'Crisis desk', memberIds: [team.members.approver.id, legal.id], required: 2, campaignIds: [crisis.id] },
      ],
    };
    expect((await planner.put(`${ws}/approval-policy`, policy)).status).toBe(403);
    const saved = await admin.put(`${ws}/approval-policy`, policy);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.steps.map((s: { id: string }) => s.id)).toEqual(['step-1', 'step-2']);
    expect((await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Nobody' }] })).status).toBe(400);
    expect((await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Ghost', memberIds: [crypto.randomUUID()] }] })).status).toBe(422);

    // Outside the campaign only the first step applies.
    const plain = await newPost('Plain');
    await planner.post(`${ws}/posts/${plain.id}/transitions`, { to: 'in_review' });
    expect((await approver.post(`${ws}/posts/${plain.id}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('scheduled');

    const res = await planner.post(`${ws}/posts`, {
      title: 'Recall notice',
      campaignId: crisis.id,
      variants: [{ channelAccountId: fb.id, text: 'Recall notice', scheduledAt: inDays(2) }],
    });
    const id = res.body.id as string;
    await planner.post(`${ws}/posts/${id}/transitions`, { to: 'in_review' });
    expect((await approver.post(`${ws}/posts/${id}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('in_review');
    // The approver satisfied step 1 and may not count again for step 2; legal is asked now.
    const review = (await approver.get(`${ws}/posts/${id}/review`)).body;
    expect(review.waitingOn.step.name).toBe('Crisis desk');
    expect(review.canDecide).toBe(false);
    expect(review.waitingOn.members.map((m: { userId: string }) => m.userId)).toEqual([legal.id]);
    expect(await ctx.deps.prisma.notification.count({ where: { userId: legal.id, postId: id, kind: 'review_requested' } })).toBe(1);
    expect((await approver.post(`${ws}/posts/${id}/decisions`, { decision: 'approved', version: 1 })).status).toBe(409);
    const legalClient = await signIn(ctx, legal.email);
    expect((await legalClient.post(`${ws}/posts/${id}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('in_review');
    expect((await stateOf(id)).state).toBe('in_review');

    await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Review', role: 'approver' }] });
  });

  it('late approval holds by default and asks the author; publish_now moves the time to now', async () => {
    const post = await newPost('Late');
    await planner.post(`${ws}/posts/${post.id}/transitions`, { to: 'in_review' });
    await ctx.deps.prisma.variant.updateMany({ where: { postId: post.id }, data: { scheduledAt: new Date(Date.now() - 60_000) } });
    expect((await approver.post(`${ws}/posts/${post.id}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('approved');
    expect(await ctx.deps.prisma.notification.count({ where: { postId: post.id, kind: 'late_approval', userId: team.members.planner.id } })).toBe(1);
    // Picking a new time for every variant schedules it.
    for (const v of post.variants) await planner.patch(`${ws}/variants/${v.id}/schedule`, { scheduledAt: inDays(1) });
    expect(await stateOf(post.id)).toMatchObject({ state: 'scheduled', variants: ['scheduled', 'scheduled'] });

    await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Review', role: 'approver' }], lateApproval: 'publish_now' });
    const now = await newPost('Late, publish now');
    await planner.post(`${ws}/posts/${now.id}/transitions`, { to: 'in_review' });
    await ctx.deps.prisma.variant.updateMany({ where: { postId: now.id }, data: { scheduledAt: new Date(Date.now() - 60_000) } });
    expect((await approver.post(`${ws}/posts/${now.id}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('scheduled');
    const times = await ctx.deps.prisma.variant.findMany({ where: { postId: now.id }, select: { scheduledAt: true } });
    for (const t of times) expect(Math.abs((t.scheduledAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Review', role: 'approver' }] });
  });

  it('the author never approves their own post unless the admin allows it; bulk approve reports each post', async () => {
    const self = await buildUser(ctx.deps.prisma, { email: uniqueEmail('both'), name: 'Both', password: TEST_PASSWORD });
    await buildMember(ctx.deps.prisma, team.workspace.id, self, ['planner', 'approver']);
    const both = await signIn(ctx, self.email);
    const res = await both.post(`${ws}/posts`, { title: 'Mine', variants: [{ channelAccountId: x.id, text: 'Mine', scheduledAt: inDays(5) }] });
    await both.post(`${ws}/posts/${res.body.id}/transitions`, { to: 'in_review' });
    const refused = await both.post(`${ws}/posts/${res.body.id}/decisions`, { decision: 'approved', version: 1 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/own post/);

    const a = await newPost('Bulk A');
    const b = await newPost('Bulk B');
    for (const p of [a, b]) await planner.post(`${ws}/posts/${p.id}/transitions`, { to: 'in_review' });
    const bulk = await approver.post(`${ws}/approvals/bulk-approve`, {
      items: [
        { postId: a.id, version: 1 },
        { postId: b.id, version: 7 },
        { postId: res.body.id, version: 1 },
      ],
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expect(bulk.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, true]);
    expect(bulk.body.results[1].error.code).toBe('conflict');

    await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Review', role: 'approver' }], allowSelfApproval: true });
    const mine2 = await both.post(`${ws}/posts`, { title: 'Mine 2', variants: [{ channelAccountId: x.id, text: 'Mine 2', scheduledAt: inDays(5) }] });
    await both.post(`${ws}/posts/${mine2.body.id}/transitions`, { to: 'in_review' });
    expect((await both.post(`${ws}/posts/${mine2.body.id}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('scheduled');
    await admin.put(`${ws}/approval-policy`, { steps: [{ name: 'Review', role: 'approver' }] });
  });
});
