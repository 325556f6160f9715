/**
 * Pre-staging of credentials: an X token that ends within minutes is refreshed before the due second
 * (the rotated refresh token stored), and the post goes out with the new token, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { decryptCredentials, encryptCredentials } from '../../server/src/channels/credentials';
import { startWorkers, type Workers } from '../../server/src/jobs/workers';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const X_USER = '1500000000000000888';
let x: XEmulator;
let ctx: TestContext;
let workers: Workers;

beforeAll(async () => {
  x = await startXEmulator({
    users: [{ id: X_USER, username: 'sotong_refresh', accessTokens: ['old-access'], refreshTokens: ['old-refresh'] }],
    clients: [{ clientId: 'client-r', clientSecret: 'secret-r' }],
  });
  ctx = await startTestApp({ env: { X_API_URL: x.url, X_CLIENT_ID: 'client-r', X_CLIENT_SECRET: 'secret-r' } });
  workers = await startWorkers(ctx.deps);
}, 60_000);
afterAll(async () => {
  await workers?.close();
  await ctx?.close();
  await x?.close();
});

describe('publishing with an expiring X token', () => {
  it('refreshes it before posting and posts with the new one', async () => {
    const team = await workspaceWithTeam(ctx.deps.prisma);
    const ws = `/api/workspaces/${team.workspace.id}`;
    const channel = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'X', handle: 'sotong_refresh' });
    await ctx.deps.prisma.channelAccount.update({
      where: { id: channel.id },
      data: {
        remoteId: X_USER,
        tokenExpiresAt: new Date(Date.now() + 60_000),
        ...encryptCredentials(ctx.deps.config.encryptionKey, { accessToken: 'old-access', refreshToken: 'old-refresh' }),
      },
    });
    const planner = await signIn(ctx, team.members.planner.email);
    const approver = await signIn(ctx, team.members.approver.email);
    const text = `Refreshed before posting ${Date.now()}`;
    const post = await planner.post(`${ws}/posts`, {
      title: text,
      variants: [{ channelAccountId: channel.id, text, scheduledAt: new Date(Date.now() + 2_000).toISOString() }],
    });
    await planner.post(`${ws}/posts/${post.body.id}/transitions`, { to: 'in_review' });
    expect((await approver.post(`${ws}/posts/${post.body.id}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('scheduled');
    await expect
      .poll(async () => (await ctx.deps.prisma.post.findUniqueOrThrow({ where: { id: post.body.id }, select: { state: true } })).state, {
        timeout: 20_000,
      })
      .toBe('published');
    const row = await ctx.deps.prisma.channelAccount.findUniqueOrThrow({ where: { id: channel.id } });
    const now = decryptCredentials([ctx.deps.config.encryptionKey], row);
    expect(now.accessToken).not.toBe('old-access');
    expect(now.refreshToken).not.toBe('old-refresh');
    expect(row.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(x.control.posts().filter((p) => p.text === text)).toHaveLength(1);
  });
});
