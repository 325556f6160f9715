import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildSegment } from '../../prisma/seed/builders';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

/** Outside reviewers: a step naming emails sends each a one-time link; the link decides like a member would. */
let ctx: TestContext;
let smtp: SMTPServer;
const mails: Array<{ to: string; body: string }> = [];
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
type Client = Awaited<ReturnType<typeof signIn>>;
let planner: Client;
let admin: Client;
let approver: Client;
let viewer: Client;
let ws: string;
let x: { id: string };
let segment: { id: string };

const OUTSIDE = 'agency@example.com';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  ctx = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  planner = await signIn(ctx, team.members.planner.email);
  admin = await signIn(ctx, team.members.admin.email);
  approver = await signIn(ctx, team.members.approver.email);
  viewer = await signIn(ctx, team.members.viewer.email);
  x = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'Brand X', handle: 'brandx' });
  segment = await buildSegment(ctx.deps.prisma, team.workspace.id, { name: 'Seoul', color: '#0a7' });
  const saved = await admin.put(`${ws}/approval-policy`, {
    steps: [
      { name: 'Marketing', role: 'approver' },
      { name: 'Agency', externalEmails: [OUTSIDE] },
    ],
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
});
afterAll(async () => {
  await ctx.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function waitForMail(to: string, count: number) {
  for (let i = 0; i < 100 && mails.filter((m) => m.to === to).length < count; i++) await new Promise((r) => setTimeout(r, 50));
  const mine = mails.filter((m) => m.to === to);
  expect(mine.length).toBeGreaterThanOrEqual(count);
  const raw = mine.at(count - 1)?.body ?? '';
  // The text part is base64 (Korean) or quoted-printable (soft line breaks "=\r\n").
  const [, headers = '', encoded = ''] = /\r?\n\r?\n/.test(raw) ? (/^([\s\S]*?)\r?\n\r?\n([\s\S]*)$/.exec(raw) ?? []) : [];
  const body = /content-transfer-encoding:\s*base64/i.test(headers)
    ? Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8')
    : raw.replace(/=\r?\n/g, '');
  const token = /\/review\/([A-Za-z0-9_-]{40,})/.exec(body)?.[1];
  expect(token).toBeDefined();
  return token as string;
}

/** A post reviewed by the approver, so the round reaches the agency step. */
async function postAtAgencyStep(title: string) {
  const res = await planner.post(`${ws}/posts`, {
    title,
    variants: [{ channelAccountId: x.id, segmentId: segment.id, text: `${title} text`, link: 'https://example.com/a', scheduledAt: inDays(3) }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  expect((await planner.post(`${ws}/posts/${id}/transitions`, { to: 'in_review' })).status).toBe(200);
  expect(await ctx.deps.prisma.reviewLink.count({ where: { postId: id } })).toBe(0);
  const first = await approver.post(`${ws}/posts/${id}/decisions`, { decision: 'approved', version: 1 });
  expect(first.body.state).toBe('in_review');
  return id;
}

describe('outside review links', () => {
  it('reaching the step creates and mails a link; the list never shows the token; the decision approves the step; the link is then gone', async () => {
    const sent = mails.filter((m) => m.to === OUTSIDE).length;
    const id = await postAtAgencyStep('Agency check');
    const rows = await ctx.deps.prisma.reviewLink.findMany({ where: { postId: id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: OUTSIDE, stepId: 'step-2', version: 1, usedAt: null });
    // At most 7 days, and not after the post's first planned time (3 days away).
    expect(rows[0]?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3 * 86_400_000 + 1000);
    expect(rows[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);

    const token = await waitForMail(OUTSIDE, sent + 1);
    expect(rows[0]?.tokenHash).not.toContain(token);

    const list = await planner.get(`${ws}/posts/${id}/review-links`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.links).toHaveLength(1);
    expect(list.body.links[0]).toMatchObject({ email: OUTSIDE, step: { id: 'step-2', name: 'Agency' }, version: 1, status: 'live', usedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(JSON.stringify(list.body)).not.toContain('tokenHash');
    expect((await viewer.get(`${ws}/posts/${id}/review-links`)).status).toBe(403);

    // The public page: no sign-in.
    const view = await request(ctx.app).get(`/api/review/${token}`);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    expect(view.body).toMatchObject({ workspace: { name: 'Test brand' }, post: { title: 'Agency check', version: 1 }, step: { name: 'Agency' } });
    expect(view.body.variants).toEqual([
      expect.objectContaining({
        text: 'Agency check text',
        link: 'https://example.com/a',
        channel: { provider: 'x', name: 'Brand X', handle: 'brandx' },
        segment: { name: 'Seoul' },
      }),
    ]);

    // A request for changes needs a comment.
    const bare = await request(ctx.app).post(`/api/review/${token}/decision`).send({ decision: 'changes_requested' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details[0].field).toBe('body.comment');

    const ok = await request(ctx.app).post(`/api/review/${token}/decision`).send({ decision: 'approved', comment: 'Looks right' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.state).toBe('scheduled');
    const decision = await ctx.deps.prisma.approvalDecision.findFirstOrThrow({ where: { postId: id, stepId: 'step-2' } });
    expect(decision).toMatchObject({ reviewerEmail: OUTSIDE, userId: null, decision: 'approved', comment: 'Looks right', version: 1 });
    const review = (await planner.get(`${ws}/posts/${id}/review`)).body;
    expect(review.decisions).toContainEqual(expect.objectContaining({ reviewerEmail: OUTSIDE, decision: 'approved', stepId: 'step-2', user: null }));

    const again = await request(ctx.app).get(`/api/review/${token}`);
    expect(again.status).toBe(410);
    expect(again.body.error).toMatchObject({ code: 'review_link_gone', details: { reason: 'used' } });
    expect((await request(ctx.app).post(`/api/review/${token}/decision`).send({ decision: 'approved' })).status).toBe(410);
    expect((await planner.get(`${ws}/posts/${id}/review-links`)).body.links[0].status).toBe('used');
  });

  it('an edit of the post kills the link (410); renew gives a new URL once and the old token dies', async () => {
    const before = mails.filter((m) => m.to === OUTSIDE).length;
    const id = await postAtAgencyStep('Edited while out');
    const token = await waitForMail(OUTSIDE, before + 1);
    expect((await request(ctx.app).get(`/api/review/${token}`)).status).toBe(200);

    // Renew: a new URL, returned once; the old token is dead at once.
    const [link] = (await planner.get(`${ws}/posts/${id}/review-links`)).body.links;
    const renewed = await planner.post(`${ws}/posts/${id}/review-links/${link.id}/renew`);
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    expect(renewed.body.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/review\/[A-Za-z0-9_-]{43}$/);
    const fresh = renewed.body.url.split('/review/')[1] as string;
    expect((await request(ctx.app).get(`/api/review/${token}`)).status).toBe(410);
    expect((await request(ctx.app).get(`/api/review/${fresh}`)).status).toBe(200);
    const links = (await planner.get(`${ws}/posts/${id}/review-links`)).body.links as Array<{ id: string; status: string }>;
    expect(links.map((l) => l.status).sort()).toEqual(['live', 'superseded']);
    expect(JSON.stringify(links)).not.toContain(fresh);
    expect((await planner.post(`${ws}/posts/${id}/review-links/${link.id}/renew`)).status).toBe(409);
    expect(await ctx.deps.prisma.auditEvent.count({ where: { action: 'review_link.renewed', entityId: renewed.body.id } })).toBe(1);

    // An edit of the content: version 2, the round restarts; the link for version 1 is gone.
    const full = (await planner.get(`${ws}/posts/${id}`)).body;
    const edited = await planner.patch(`${ws}/posts/${id}`, {
      variants: full.variants.map((v: Record<string, unknown>) => ({
        id: v.id,
        channelAccountId: v.channelAccountId,
        segmentId: v.segmentId,
        text: 'Edited while out, new words',
        scheduledAt: v.scheduledAt,
      })),
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const gone = await request(ctx.app).get(`/api/review/${fresh}`);
    expect(gone.status).toBe(410);
    expect(gone.body.error.details.reason).toBe('version_changed');
    const decide = await request(ctx.app).post(`/api/review/${fresh}/decision`).send({ decision: 'approved' });
    expect(decide.status).toBe(410);
    expect(await ctx.deps.prisma.approvalDecision.count({ where: { postId: id, reviewerEmail: OUTSIDE } })).toBe(0);
  });

  it('answers 404 for an unknown token and 410 for an expired link; changes requested through a link go back to the author', async () => {
    expect((await request(ctx.app).get(`/api/review/${'a'.repeat(43)}`)).status).toBe(404);
    expect((await request(ctx.app).get('/api/review/short')).status).toBe(400);

    const id = await postAtAgencyStep('Expiring');
    const [link] = (await planner.get(`${ws}/posts/${id}/review-links`)).body.links;
    const renewed = await planner.post(`${ws}/posts/${id}/review-links/${link.id}/renew`);
    const token = renewed.body.url.split('/review/')[1] as string;
    await ctx.deps.prisma.reviewLink.update({ where: { id: renewed.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await request(ctx.app).get(`/api/review/${token}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.details.reason).toBe('expired');
    expect((await planner.get(`${ws}/posts/${id}/review-links`)).body.links[0].status).toBe('expired');

    await ctx.deps.prisma.reviewLink.update({ where: { id: renewed.body.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
    const changes = await request(ctx.app).post(`/api/review/${token}/decision`).send({ decision: 'changes_requested', comment: 'Wrong price' });
    expect(changes.status, JSON.stringify(changes.body)).toBe(200);
    expect(changes.body.state).toBe('changes_requested');
    const note = await ctx.deps.prisma.notification.findFirstOrThrow({ where: { postId: id, kind: 'changes_requested' } });
    expect(note.userId).toBe(team.members.planner.id);
    expect(note.data).toMatchObject({ by: OUTSIDE, comment: 'Wrong price' });
  });
});
