/**
 * Tenant isolation: every workspace route, called by an admin of workspace A with the ids of workspace
 * B's things (in the path, and for the key mutations in the body too), is refused — 404 or 403, or a
 * 4xx before any lookup — never a 2xx or a 5xx; no answer carries B's names or ids; and nothing of B
 * changes. And every route with B's workspace id answers 404 to A's admin.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCampaign, buildChannel, buildPost, buildSegment } from '../../prisma/seed/builders';
import { allRoutes } from '../../server/src/app';
import { signIn, workspaceWithTeam } from '../support/factories';
import { buildConversation } from '../support/inbox-factory';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let a: Awaited<ReturnType<typeof workspaceWithTeam>>;
let b: Awaited<ReturnType<typeof workspaceWithTeam>>;
let admin: Awaited<ReturnType<typeof signIn>>;
const ids: Record<string, string> = {};
const SECRET_NAME = 'B-only-секрет-비밀';

beforeAll(async () => {
  ctx = await startTestApp();
  a = await workspaceWithTeam(ctx.deps.prisma, 'Workspace A');
  b = await workspaceWithTeam(ctx.deps.prisma, `Workspace ${SECRET_NAME}`);
  admin = await signIn(ctx, a.members.admin.email);
  const db = ctx.deps.prisma;
  const w = b.workspace.id;
  const channel = await buildChannel(db, w, { provider: 'x', name: `X ${SECRET_NAME}`, handle: 'b_only' });
  const segment = await buildSegment(db, w, { name: `Seg ${SECRET_NAME}`, color: '#112233' });
  const campaign = await buildCampaign(db, w, { name: `Camp ${SECRET_NAME}`, color: '#445566' });
  const post = await buildPost(db, w, b.members.planner, {
    title: `Post ${SECRET_NAME}`,
    campaignId: campaign.id,
    variants: [{ channelAccountId: channel.id, segmentId: segment.id, text: `Text ${SECRET_NAME}`, scheduledAt: new Date(Date.now() + 86_400_000) }],
  });
  const conversation = await buildConversation(db, {
    workspaceId: w,
    channelAccountId: channel.id,
    customerName: `Customer ${SECRET_NAME}`,
    messages: [{ text: `Complaint ${SECRET_NAME}` }],
  });
  const message = await db.inboxMessage.findFirstOrThrow({ where: { conversationId: conversation.id }, select: { id: true } });
  const department = await db.department.create({ data: { workspaceId: w, name: `Dept ${SECRET_NAME}`, email: 'b@b.test' }, select: { id: true } });
  const escalation = await db.escalation.create({
    data: { workspaceId: w, conversationId: conversation.id, departmentId: department.id, note: SECRET_NAME, createdById: b.members.admin.id },
    select: { id: true },
  });
  const savedReply = await db.savedReply.create({ data: { workspaceId: w, title: SECRET_NAME, body: SECRET_NAME }, select: { id: true } });
  const rule = await db.classificationRule.create({ data: { workspaceId: w, phrase: SECRET_NAME, category: 'complaint' }, select: { id: true } });
  const comment = await db.postComment.create({
    data: { postId: post.id, workspaceId: w, authorId: b.members.planner.id, body: SECRET_NAME, version: 1 },
    select: { id: true },
  });
  const invite = await db.invite.create({
    data: {
      workspaceId: w,
      email: 'invitee@b.test',
      roles: ['viewer'],
      tokenHash: randomUUID(),
      invitedById: b.members.admin.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    select: { id: true },
  });
  Object.assign(ids, {
    channelId: channel.id,
    segmentId: segment.id,
    campaignId: campaign.id,
    postId: post.id,
    variantId: post.variantIds[0],
    conversationId: conversation.id,
    messageId: message.id,
    departmentId: department.id,
    escalationId: escalation.id,
    savedReplyId: savedReply.id,
    ruleId: rule.id,
    commentId: comment.id,
    inviteId: invite.id,
    userId: b.members.planner.id,
  });
}, 90_000);
afterAll(async () => ctx?.close());

/** Everything of B that a refused request could have changed. */
async function stateOfB(): Promise<string> {
  const db = ctx.deps.prisma;
  const workspaceId = b.workspace.id;
  const rows = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId } }),
    db.membership.findMany({ where: { workspaceId }, orderBy: { userId: 'asc' } }),
    db.invite.findMany({ where: { workspaceId } }),
    db.channelAccount.findMany({ where: { workspaceId } }),
    db.segment.findMany({ where: { workspaceId } }),
    db.campaign.findMany({ where: { workspaceId } }),
    db.post.findMany({ where: { workspaceId } }),
    db.variant.findMany({ where: { workspaceId } }),
    db.postComment.findMany({ where: { workspaceId } }),
    db.conversation.findMany({ where: { workspaceId } }),
    db.inboxMessage.findMany({ where: { workspaceId } }),
    db.department.findMany({ where: { workspaceId } }),
    db.escalation.findMany({ where: { workspaceId } }),
    db.savedReply.findMany({ where: { workspaceId } }),
    db.classificationRule.findMany({ where: { workspaceId } }),
    db.approvalDecision.count({ where: { post: { workspaceId } } }),
  ]);
  return JSON.stringify(rows);
}

const workspaceRoutes = () => allRoutes({} as never).filter((r) => Array.isArray(r.access));
const fill = (path: string, workspaceId: string) =>
  path.replace(':workspaceId', workspaceId).replace(/:(\w+)/g, (_, name: string) => ids[name] ?? randomUUID());
const call = (method: string, url: string, body: object = {}) =>
  method === 'get' ? admin.get(url) : admin[method as 'post' | 'patch' | 'put' | 'delete'](url, body);

/** Bulk actions answer per item (done / skipped) instead of failing the whole request: B's ids must come back skipped. */
const bulkRoutes = new Set(['post /workspaces/:workspaceId/approvals/bulk-approve', 'post /workspaces/:workspaceId/inbox/conversations/bulk']);

/** Bodies that pass validation, so the request reaches the lookup of B's thing (or carries B's ids inside). */
const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
const validBodies: Record<string, () => object> = {
  'patch /workspaces/:workspaceId/segments/:segmentId': () => ({ name: 'Hijacked' }),
  'patch /workspaces/:workspaceId/campaigns/:campaignId': () => ({ name: 'Hijacked' }),
  'patch /workspaces/:workspaceId/channels/:channelId': () => ({ name: 'Hijacked' }),
  'patch /workspaces/:workspaceId/posts/:postId': () => ({ title: 'Hijacked' }),
  'patch /workspaces/:workspaceId/variants/:variantId/schedule': () => ({ scheduledAt: future }),
  'patch /workspaces/:workspaceId/members/:userId': () => ({ roles: ['viewer'] }),
  'post /workspaces/:workspaceId/posts': () => ({
    title: 'Into B',
    variants: [{ channelAccountId: ids.channelId, text: 'x', segmentId: ids.segmentId }],
  }),
  'post /workspaces/:workspaceId/posts/:postId/transitions': () => ({ to: 'in_review' }),
  'post /workspaces/:workspaceId/posts/:postId/decisions': () => ({ decision: 'approved', version: 1 }),
  'post /workspaces/:workspaceId/posts/:postId/comments': () => ({ body: 'hello' }),
  'post /workspaces/:workspaceId/approvals/bulk-approve': () => ({ items: [{ postId: ids.postId, version: 1 }] }),
  'patch /workspaces/:workspaceId/inbox/conversations/:conversationId': () => ({ status: 'closed' }),
  'post /workspaces/:workspaceId/inbox/conversations/bulk': () => ({ ids: [ids.conversationId], action: { type: 'status', status: 'closed' } }),
  'post /workspaces/:workspaceId/inbox/conversations/:conversationId/replies': () => ({ text: 'hi', idempotencyKey: randomUUID() }),
  'post /workspaces/:workspaceId/inbox/conversations/:conversationId/notes': () => ({ body: 'note' }),
  'patch /workspaces/:workspaceId/inbox/escalations/:escalationId': () => ({ status: 'resolved', resolutionNote: 'done' }),
  'patch /workspaces/:workspaceId/inbox/saved-replies/:savedReplyId': () => ({ title: 'Hijacked' }),
  'patch /workspaces/:workspaceId/inbox/departments/:departmentId': () => ({ name: 'Hijacked' }),
  'patch /workspaces/:workspaceId/inbox/rules/:ruleId': () => ({ phrase: 'hijacked' }),
};

describe('tenant isolation', () => {
  it('every route with B’s ids, as A’s admin: refused, nothing of B in the answer, nothing of B changed', async () => {
    const before = await stateOfB();
    const unexpected: string[] = [];
    for (const route of workspaceRoutes()) {
      const key = `${route.method} ${route.path}`;
      const url = `/api${fill(route.path, a.workspace.id)}`;
      const body = validBodies[key]?.() ?? {};
      const res = await call(route.method, url, body);
      const text = JSON.stringify(res.body ?? '') + (res.text ?? '');
      const usesB = /:(?!workspaceId)\w+/.test(route.path) || key in validBodies;
      if (res.status >= 500) unexpected.push(`${key}: ${res.status} ${text.slice(0, 200)}`);
      if (text.includes(SECRET_NAME) || Object.values(ids).some((id) => text.includes(id) && !url.includes(id) && !JSON.stringify(body).includes(id)))
        unexpected.push(`${key}: the answer carries B's data`);
      if (bulkRoutes.has(key)) {
        if (res.status !== 200 || JSON.stringify(res.body).match(/"(updated|approved)":\s*[1-9]/))
          unexpected.push(`${key}: ${res.status} ${text.slice(0, 200)}`);
        continue;
      }
      if (usesB && res.status < 400) unexpected.push(`${key}: ${res.status} with B's ids`);
      if (key in validBodies && ![403, 404, 409, 422].includes(res.status) && !(res.status === 400 && res.body?.error?.code !== 'validation_failed'))
        unexpected.push(`${key}: expected 404/403, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(unexpected).toEqual([]);
    expect(await stateOfB()).toBe(before);
  }, 120_000);

  it('every route under B’s workspace id answers 404 to A’s admin, and changes nothing', async () => {
    const before = await stateOfB();
    const wrong: string[] = [];
    for (const route of workspaceRoutes()) {
      const res = await call(route.method, `/api${fill(route.path, b.workspace.id)}`, validBodies[`${route.method} ${route.path}`]?.() ?? {});
      if (res.status !== 404) wrong.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(await stateOfB()).toBe(before);
  }, 120_000);
});
