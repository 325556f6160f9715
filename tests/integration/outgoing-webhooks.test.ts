/**
 * Outgoing webhooks on real parts: PostgreSQL, Redis (BullMQ), the real publish worker and X adapter
 * against the X emulator, and a real HTTP receiver on 127.0.0.1 (allowed by WEBHOOKS_ALLOW_PRIVATE, as
 * only tests do). Deliveries are signed and verify, retried after a 500, sent once by two workers, and
 * private addresses are refused without the flag — at registration and at delivery time.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { createApp } from '../../server/src/app';
import { encryptCredentials, keyIdOf } from '../../server/src/channels/credentials';
import type { Deps } from '../../server/src/deps';
import { startWorkers, type Workers } from '../../server/src/jobs/workers';
import { updateEscalation } from '../../server/src/modules/inbox/escalations';
import { ingest } from '../../server/src/modules/inbox-ingest/ingest-messages';
import { markOverdue } from '../../server/src/modules/inbox-ingest/mark-overdue';
import { deliverWebhook } from '../../server/src/modules/outgoing-webhooks/deliver-webhook';
import { emitEvent } from '../../server/src/modules/outgoing-webhooks/emit-event';
import { relayDeliveries } from '../../server/src/modules/outgoing-webhooks/relay-deliveries';
import { rotateWebhookSecretKeys } from '../../server/src/modules/outgoing-webhooks/rotate-secret-keys';
import { verifySignature } from '../../server/src/modules/outgoing-webhooks/signature';
import { createSealedSecret } from '../../server/src/modules/outgoing-webhooks/signing-secret';
import { webhookQueue } from '../../server/src/modules/outgoing-webhooks/webhook-jobs';
import { startWebhookWorker } from '../../server/src/modules/outgoing-webhooks/webhook-worker';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';
import { type Received, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const X_USER = '1500000000000000888';
const X_TOKEN = 'x-token-webhooks-never-in-a-payload';

let x: XEmulator;
let ctx: TestContext;
let workers: Workers;
let receiver: WebhookReceiver;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
type Client = Awaited<ReturnType<typeof signIn>>;
let admin: Client;
let planner: Client;
let approver: Client;
let ws: string;
let channelId: string;
/** The same app and database, as a deployment without WEBHOOKS_ALLOW_PRIVATE sees them. */
let strictDeps: Deps;

beforeAll(async () => {
  x = await startXEmulator({ users: [{ id: X_USER, username: 'sotong_hooks', name: '소통', accessTokens: [X_TOKEN] }] });
  receiver = await startWebhookReceiver();
  ctx = await startTestApp({ env: { X_API_URL: x.url, WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOKS_RETRY_BASE_SECONDS: '0.4' } });
  strictDeps = { ...ctx.deps, config: { ...ctx.deps.config, webhooks: { ...ctx.deps.config.webhooks, allowPrivate: false } } };
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  admin = await signIn(ctx, team.members.admin.email);
  planner = await signIn(ctx, team.members.planner.email);
  approver = await signIn(ctx, team.members.approver.email);
  const channel = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'x', name: 'X', handle: 'sotong_hooks' });
  channelId = channel.id;
  await ctx.deps.prisma.channelAccount.update({
    where: { id: channelId },
    data: { remoteId: X_USER, ...encryptCredentials(ctx.deps.config.encryptionKey, { accessToken: X_TOKEN, refreshToken: `${X_TOKEN}-refresh` }) },
  });
  workers = await startWorkers(ctx.deps);
}, 60_000);
afterAll(async () => {
  await workers?.close();
  await ctx?.close();
  await receiver?.close();
  await x?.close();
});
beforeEach(() => {
  receiver.reset();
  x.control.reset();
  x.control.seedUser({ id: X_USER, username: 'sotong_hooks', name: '소통', accessTokens: [X_TOKEN] });
});

let endpointN = 0;
/** Registers an endpoint on the receiver through the API; answers it and its one-time secret. */
async function register(events: string[], path = '') {
  endpointN += 1;
  const res = await admin.post(`${ws}/webhooks`, { url: `${receiver.url}/hook${endpointN}${path}`, events, description: `test ${endpointN}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.endpoint.id as string, secret: res.body.secret as string, path: `/hook${endpointN}${path}` };
}
const disable = (id: string) => admin.patch(`${ws}/webhooks/${id}`, { enabled: false });

const to = (path: string) => receiver.received.filter((r) => r.path === path);
const bodyOf = (r: Received) =>
  JSON.parse(r.body) as { id: string; type: string; createdAt: string; workspaceId: string; data: Record<string, unknown> };
function expectSigned(r: Received, secret: string) {
  const header = r.headers['sotong-signature'] as string;
  expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  expect(verifySignature(secret, header, r.body)).toMatchObject({ ok: true });
  expect(verifySignature(`${secret}x`, header, r.body)).toMatchObject({ ok: false });
  const body = bodyOf(r);
  expect(r.headers['sotong-event']).toBe(body.type);
  expect(r.headers['sotong-delivery']).toBe(body.id);
  expect(r.headers['content-type']).toBe('application/json');
  return body;
}
const deliveryRow = (id: string) =>
  ctx.deps.prisma.webhookEventDelivery.findUniqueOrThrow({ where: { id }, include: { tries: { orderBy: { number: 'asc' } } } });

let n = 0;
async function approvedPost(inMs: number) {
  n += 1;
  const text = `Webhook test ${n} ${Date.now().toString(36)}`;
  const res = await planner.post(`${ws}/posts`, {
    title: text,
    variants: [{ channelAccountId: channelId, text, scheduledAt: new Date(Date.now() + inMs).toISOString() }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const postId = res.body.id as string;
  expect((await planner.post(`${ws}/posts/${postId}/transitions`, { to: 'in_review' })).status).toBe(200);
  const decided = await approver.post(`${ws}/posts/${postId}/decisions`, { decision: 'approved', version: 1 });
  expect(decided.body.state).toBe('scheduled');
  return { postId, variantId: res.body.variants[0].id as string, text };
}

describe('outgoing webhooks: the admin API', () => {
  it('registers an endpoint, shows its secret once and stores it encrypted; changes, rotates and deletes it', async () => {
    const res = await admin.post(`${ws}/webhooks`, { url: `${receiver.url}/api-test`, events: ['post.approved', 'variant.failed'] });
    expect(res.status).toBe(201);
    const secret = res.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect(res.body.endpoint).toMatchObject({ events: ['post.approved', 'variant.failed'], enabled: true, secretPrefix: secret.slice(0, 10) });
    const id = res.body.endpoint.id as string;
    const list = await admin.get(`${ws}/webhooks`);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(secret);
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).toContain(id);
    const stored = await ctx.deps.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(stored.secret).toMatch(/^v1\./);
    expect(stored.secret).not.toContain(secret.slice(6));

    const changed = await admin.patch(`${ws}/webhooks/${id}`, { events: ['escalation.resolved'], enabled: false, description: '상담팀 슬랙' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ events: ['escalation.resolved'], enabled: false, description: '상담팀 슬랙' });
    expect((await admin.post(`${ws}/webhooks/${id}/ping`)).status).toBe(409);

    const rotated = await admin.post(`${ws}/webhooks/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.endpoint.secretPrefix).toBe((rotated.body.secret as string).slice(0, 10));

    expect((await admin.post(`${ws}/webhooks`, { url: `${receiver.url}/x`, events: [] })).status).toBe(400);
    expect((await admin.post(`${ws}/webhooks`, { url: `${receiver.url}/x`, events: ['post.deleted'] })).status).toBe(400);
    expect((await planner.get(`${ws}/webhooks`)).status).toBe(403);
    expect((await admin.delete(`${ws}/webhooks/${id}`)).status).toBe(204);
    expect((await admin.get(`${ws}/webhooks/${id}/deliveries`)).status).toBe(404);
    const actions = (await ctx.deps.prisma.auditEvent.findMany({ where: { entityId: id }, orderBy: { createdAt: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.secret_rotated', 'webhook_endpoint.deleted']);
  });

  it('without the test flag, refuses private, loopback and plain-http URLs at registration with a clear 422', async () => {
    const strict = createApp(strictDeps);
    const agent = (await import('supertest')).default.agent(strict);
    const login = await agent.post('/api/auth/login').send({ email: team.members.admin.email, password: 'correct-horse-battery' });
    const csrf = login.body.csrfToken as string;
    const tries: Array<[string, string]> = [
      [`${receiver.url}/hook`, 'not_https'],
      ['https://127.0.0.1/hook', 'private_address'],
      ['https://[::1]/hook', 'private_address'],
      ['https://[::ffff:127.0.0.1]/hook', 'private_address'],
      ['https://[::ffff:a9fe:a9fe]/latest/meta-data', 'private_address'],
      ['https://169.254.169.254/latest/meta-data', 'private_address'],
      ['https://10.0.0.5/hook', 'private_address'],
      ['https://100.64.1.1/hook', 'private_address'],
      ['https://[fd00::1]/hook', 'private_address'],
      ['https://localhost/hook', 'private_address'],
      ['https://user:pw@example.com/hook', 'credentials_in_url'],
    ];
    for (const [url, rule] of tries) {
      const res = await agent
        .post(`${ws}/webhooks`)
        .set('x-csrf-token', csrf)
        .send({ url, events: ['post.approved'] });
      expect(res.status, url).toBe(422);
      expect(res.body.error.code).toBe('unprocessable');
      expect(res.body.error.details[0]).toMatchObject({ field: 'body.url', rule });
      expect(res.body.error.message.length).toBeGreaterThan(10);
    }
    expect(await ctx.deps.prisma.webhookEndpoint.count({ where: { url: { contains: '169.254' } } })).toBe(0);
  });
});

describe('outgoing webhooks: deliveries', () => {
  it('a test ping is signed, verifies, and is logged with the answer', async () => {
    const ep = await register(['post.approved']);
    receiver.answer({ status: 200, body: 'pong '.repeat(1000) });
    const ping = await admin.post(`${ws}/webhooks/${ep.id}/ping`);
    expect(ping.status).toBe(202);
    await expect.poll(() => to(ep.path).length, { timeout: 10_000 }).toBe(1);
    const body = expectSigned(to(ep.path)[0] as Received, ep.secret);
    expect(body).toMatchObject({ id: ping.body.delivery.id, type: 'ping', workspaceId: team.workspace.id, data: { endpointId: ep.id } });
    await expect.poll(async () => (await deliveryRow(ping.body.delivery.id)).status, { timeout: 5_000 }).toBe('delivered');
    const log = await admin.get(`${ws}/webhooks/${ep.id}/deliveries`);
    expect(log.status).toBe(200);
    const row = log.body.deliveries[0];
    expect(row).toMatchObject({ id: ping.body.delivery.id, event: 'ping', status: 'delivered', attempts: 1, lastStatus: 200 });
    expect(row.tries).toHaveLength(1);
    expect(row.tries[0]).toMatchObject({ number: 1, responseStatus: 200, error: null });
    expect(row.tries[0].responseBody).toHaveLength(2048);
    await disable(ep.id);
  });

  it('an approved post and its published variant (publish worker → X emulator) produce signed deliveries that verify, without tokens', async () => {
    const ep = await register(['post.approved', 'variant.published']);
    const v = await approvedPost(1_500);
    await expect
      .poll(() => to(ep.path).map((r) => bodyOf(r).type), { timeout: 30_000, interval: 200 })
      .toEqual(expect.arrayContaining(['post.approved', 'variant.published']));
    const approved = expectSigned(to(ep.path).find((r) => bodyOf(r).type === 'post.approved') as Received, ep.secret);
    expect(approved.data).toMatchObject({ postId: v.postId, state: 'scheduled', approvedVersion: 1, variantIds: [v.variantId], title: v.text });
    expect(approved.data.url).toBe(`${ctx.deps.config.appUrl}/w/${team.workspace.id}/approvals?post=${v.postId}`);
    const published = expectSigned(to(ep.path).find((r) => bodyOf(r).type === 'variant.published') as Received, ep.secret);
    const variant = await ctx.deps.prisma.variant.findUniqueOrThrow({ where: { id: v.variantId } });
    expect(variant.state).toBe('published');
    expect(published.data).toMatchObject({
      variantId: v.variantId,
      postId: v.postId,
      provider: 'x',
      remoteId: variant.remoteId,
      channelAccountId: channelId,
    });
    expect(Date.parse(published.data.publishedAt as string)).not.toBeNaN();
    for (const r of to(ep.path)) {
      expect(r.body).not.toContain(X_TOKEN);
      expect(r.body).not.toContain(ep.secret);
      expect(r.body).not.toContain(ctx.deps.config.encryptionKey.toString('base64'));
    }
    await disable(ep.id);
  });

  it('a variant that fails (expired token) sends variant.failed with the reason, and no token anywhere', async () => {
    const ep = await register(['variant.failed']);
    x.control.expireToken(X_TOKEN);
    const v = await approvedPost(800);
    await expect.poll(() => to(ep.path).length, { timeout: 30_000, interval: 200 }).toBe(1);
    const failed = expectSigned(to(ep.path)[0] as Received, ep.secret);
    expect(failed).toMatchObject({ type: 'variant.failed', data: { variantId: v.variantId, failureKind: 'auth_expired' } });
    const stored = await ctx.deps.prisma.webhookEventDelivery.findMany({ where: { endpointId: ep.id } });
    for (const text of [...to(ep.path).map((r) => r.body), JSON.stringify(stored)]) {
      expect(text).not.toContain(X_TOKEN);
    }
    await ctx.deps.prisma.channelAccount.update({ where: { id: channelId }, data: { status: 'active' } });
    await disable(ep.id);
  });

  it('a receiver answering 500 is retried after the backoff and delivered once', async () => {
    const ep = await register(['post.approved']);
    receiver.answer({ status: 500, body: 'boom' });
    const ping = await admin.post(`${ws}/webhooks/${ep.id}/ping`);
    await expect.poll(async () => (await deliveryRow(ping.body.delivery.id)).status, { timeout: 15_000, interval: 100 }).toBe('delivered');
    const row = await deliveryRow(ping.body.delivery.id);
    expect(row.tries.map((t) => [t.number, t.responseStatus, t.responseBody])).toEqual([
      [1, 500, 'boom'],
      [2, 200, 'ok'],
    ]);
    expect(row.tries[0]?.error).toBe('Answered 500');
    const got = to(ep.path);
    expect(got.map((r) => r.headers['sotong-delivery'])).toEqual([ping.body.delivery.id, ping.body.delivery.id]);
    // The retry waited (base 0.4 s ± 20 %) and was signed afresh; nothing comes after the 200.
    expect((got[1]?.at ?? 0) - (got[0]?.at ?? 0)).toBeGreaterThanOrEqual(300);
    for (const r of got) expectSigned(r, ep.secret);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(to(ep.path)).toHaveLength(2);
    await disable(ep.id);
  });

  it('two workers deliver each of many deliveries exactly once; concurrent tries of one delivery send it once', async () => {
    const ep = await register(['conversation.overdue']);
    const second = await startWebhookWorker(ctx.deps, { concurrency: 8 });
    try {
      await ctx.deps.prisma.$transaction(async (tx) => {
        for (let i = 0; i < 40; i++) {
          await emitEvent(tx, team.workspace.id, 'conversation.overdue', {
            conversationId: crypto.randomUUID(),
            assigneeId: null,
            responseDueAt: new Date().toISOString(),
            overdueAt: new Date().toISOString(),
          });
        }
      });
      await expect.poll(() => to(ep.path).length, { timeout: 20_000, interval: 200 }).toBe(40);
      await new Promise((r) => setTimeout(r, 1_500));
      const ids = to(ep.path).map((r) => r.headers['sotong-delivery']);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      expect(await ctx.deps.prisma.webhookDeliveryAttempt.count({ where: { delivery: { endpointId: ep.id } } })).toBe(40);
    } finally {
      await second.worker.close();
    }

    // Six tries of one delivery at the same moment: one claim wins, one request is sent.
    await disable(ep.id);
    const direct = await register(['conversation.overdue']);
    await disable(direct.id);
    const row = await ctx.deps.prisma.webhookEventDelivery.create({
      data: {
        workspaceId: team.workspace.id,
        endpointId: direct.id,
        event: 'ping',
        payload: { endpointId: direct.id, message: 'race' },
        nextAttemptAt: new Date(),
      },
    });
    await ctx.deps.prisma.webhookEndpoint.update({ where: { id: direct.id }, data: { enabled: true } });
    const queue = webhookQueue(ctx.deps);
    const results = await Promise.all(Array.from({ length: 6 }, () => deliverWebhook({ deps: ctx.deps, queue }, row.id)));
    expect(results.filter((r) => r.outcome === 'delivered')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'skipped')).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(to(direct.path)).toHaveLength(1);
    await disable(direct.id);
  });

  it('at delivery time, without the flag, a private address is refused without a connection and the delivery fails', async () => {
    const ep = await register(['post.approved']);
    await disable(ep.id);
    const row = await ctx.deps.prisma.webhookEventDelivery.create({
      data: {
        workspaceId: team.workspace.id,
        endpointId: ep.id,
        event: 'ping',
        payload: { endpointId: ep.id, message: 'strict' },
        nextAttemptAt: new Date(),
      },
    });
    await ctx.deps.prisma.webhookEndpoint.update({
      where: { id: ep.id },
      data: { enabled: true, url: `https://127.0.0.1:${receiver.port}${ep.path}` },
    });
    const result = await deliverWebhook({ deps: strictDeps, queue: webhookQueue(ctx.deps) }, row.id);
    expect(result).toMatchObject({ outcome: 'failed', status: null });
    const stored = await deliveryRow(row.id);
    expect(stored.status).toBe('failed');
    expect(stored.tries[0]?.error).toMatch(/127\.0\.0\.1.*loopback/);
    expect(to(ep.path)).toHaveLength(0);
    await disable(ep.id);
  });

  it('connects to the address that was checked: a name no DNS knows reaches the receiver through the pinned lookup', async () => {
    const { sealed, plain } = createSealedSecret(ctx.deps.config.encryptionKey);
    const endpoint = await ctx.deps.prisma.webhookEndpoint.create({
      data: {
        workspaceId: team.workspace.id,
        url: `http://rebind.sotong.invalid:${receiver.port}/pinned`,
        events: ['post.approved'],
        enabled: false,
        ...sealed,
      },
    });
    const row = await ctx.deps.prisma.webhookEventDelivery.create({
      data: {
        workspaceId: team.workspace.id,
        endpointId: endpoint.id,
        event: 'ping',
        payload: { endpointId: endpoint.id, message: 'pin' },
        nextAttemptAt: new Date(),
      },
    });
    await ctx.deps.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: true } });
    let asked = 0;
    const resolve = async (host: string) => {
      asked += 1;
      expect(host).toBe('rebind.sotong.invalid');
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const result = await deliverWebhook({ deps: ctx.deps, queue: webhookQueue(ctx.deps), resolve }, row.id);
    expect(result).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(asked).toBe(1);
    const got = to('/pinned');
    expect(got).toHaveLength(1);
    expect(got[0]?.headers.host).toBe(`rebind.sotong.invalid:${receiver.port}`);
    expectSigned(got[0] as Received, plain);
    // The same name answering a private address without the flag is refused before any connection.
    await ctx.deps.prisma.webhookEventDelivery.update({ where: { id: row.id }, data: { status: 'pending', nextAttemptAt: new Date() } });
    const refused = await deliverWebhook({ deps: strictDeps, queue: webhookQueue(ctx.deps), resolve }, row.id);
    expect(refused).toMatchObject({ outcome: 'failed' });
    expect(to('/pinned')).toHaveLength(1);
    await ctx.deps.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
  });

  it('redelivers an earlier event as a new delivery; the relay re-queues lost jobs and releases claims of dead workers', async () => {
    const ep = await register(['post.approved']);
    const ping = await admin.post(`${ws}/webhooks/${ep.id}/ping`);
    await expect.poll(() => to(ep.path).length, { timeout: 10_000 }).toBe(1);
    const again = await admin.post(`${ws}/webhooks/${ep.id}/deliveries/${ping.body.delivery.id}/redeliver`);
    expect(again.status).toBe(202);
    await expect.poll(() => to(ep.path).length, { timeout: 10_000 }).toBe(2);
    const [first, second] = to(ep.path).map(bodyOf);
    expect(second?.id).toBe(again.body.delivery.id);
    expect(second?.data).toEqual(first?.data);
    expect((await deliveryRow(again.body.delivery.id)).redeliveryOfId).toBe(ping.body.delivery.id);

    // A row whose job Redis lost (queued long ago, due long ago) and one claimed by a worker that died.
    const old = new Date(Date.now() - 5 * 60_000);
    const lost = await ctx.deps.prisma.webhookEventDelivery.create({
      data: { workspaceId: team.workspace.id, endpointId: ep.id, event: 'ping', payload: { message: 'lost' }, nextAttemptAt: old, queuedAt: old },
    });
    const stuck = await ctx.deps.prisma.webhookEventDelivery.create({
      data: {
        workspaceId: team.workspace.id,
        endpointId: ep.id,
        event: 'ping',
        payload: { message: 'stuck' },
        status: 'delivering',
        attempts: 1,
        claimedAt: old,
      },
    });
    await relayDeliveries(ctx.deps, webhookQueue(ctx.deps));
    await expect
      .poll(async () => [(await deliveryRow(lost.id)).status, (await deliveryRow(stuck.id)).status], { timeout: 10_000 })
      .toEqual(['delivered', 'delivered']);
    const stuckRow = await deliveryRow(stuck.id);
    expect(stuckRow.tries.map((t) => [t.number, t.responseStatus])).toEqual([
      [1, null],
      [2, 200],
    ]);
    expect(stuckRow.tries[0]?.error).toMatch(/worker stopped/);
    await disable(ep.id);
  });

  it('after an encryption-key rotation, secrets sealed under the old key still sign, and keys:rotate re-seals them unchanged', async () => {
    const oldKey = randomBytes(32);
    const { sealed, plain } = createSealedSecret(oldKey);
    const endpoint = await ctx.deps.prisma.webhookEndpoint.create({
      data: { workspaceId: team.workspace.id, url: `${receiver.url}/rotated`, events: ['post.approved'], enabled: false, ...sealed },
    });
    const rotatedDeps: Deps = { ...ctx.deps, config: { ...ctx.deps.config, decryptionKeys: [ctx.deps.config.encryptionKey, oldKey] } };
    const send = async () => {
      const row = await ctx.deps.prisma.webhookEventDelivery.create({
        data: { workspaceId: team.workspace.id, endpointId: endpoint.id, event: 'ping', payload: { message: 'keys' }, nextAttemptAt: new Date() },
      });
      await ctx.deps.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: true } });
      const result = await deliverWebhook({ deps: rotatedDeps, queue: webhookQueue(ctx.deps) }, row.id);
      await ctx.deps.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
      return result;
    };
    expect(await send()).toMatchObject({ outcome: 'delivered' });
    expect(await rotateWebhookSecretKeys(rotatedDeps)).toMatchObject({ rotated: 1, unreadable: [] });
    const stored = await ctx.deps.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(stored.secretKeyId).toBe(keyIdOf(ctx.deps.config.encryptionKey));
    expect((await rotateWebhookSecretKeys(rotatedDeps)).rotated).toBe(0);
    expect(await send()).toMatchObject({ outcome: 'delivered' });
    const got = to('/rotated');
    expect(got).toHaveLength(2);
    for (const r of got) expectSigned(r, plain);
  });

  it('inbox events: a new conversation, an overdue one and a resolved escalation', async () => {
    const ep = await register(['conversation.created', 'conversation.overdue', 'escalation.resolved']);
    await ingest(ctx.deps, [
      {
        provider: 'x',
        accountRemoteId: X_USER,
        action: 'upsert',
        edited: false,
        remoteId: `m${Date.now()}`,
        parentRemoteId: null,
        threadRemoteId: null,
        author: { remoteId: 'u1', name: 'Customer', handle: 'customer' },
        text: '배송이 너무 늦어요. 환불해 주세요',
        createdAt: new Date(),
      },
    ]);
    await expect.poll(() => to(ep.path).length, { timeout: 10_000 }).toBe(1);
    const created = expectSigned(to(ep.path)[0] as Received, ep.secret);
    const conversationId = created.data.conversationId as string;
    expect(created).toMatchObject({ type: 'conversation.created', data: { channelAccountId: channelId, status: 'open', kind: 'mention' } });
    expect(created.data.url).toBe(`${ctx.deps.config.appUrl}/w/${team.workspace.id}/inbox?c=${conversationId}`);
    expect(to(ep.path)[0]?.body).not.toContain('환불');

    await ctx.deps.prisma.conversation.update({
      where: { id: conversationId },
      data: { responseDueAt: new Date(Date.now() - 60_000), overdueNotifiedAt: null },
    });
    expect(await markOverdue(ctx.deps)).toBeGreaterThanOrEqual(1);
    // Deliveries of different events are independent jobs with no order among them: wait for this one first.
    await expect.poll(() => to(ep.path).length, { timeout: 10_000 }).toBe(2);
    const department = await ctx.deps.prisma.department.create({
      data: { workspaceId: team.workspace.id, name: '물류팀', email: 'logistics@test.sotong.dev' },
    });
    const escalation = await ctx.deps.prisma.escalation.create({
      data: { workspaceId: team.workspace.id, conversationId, departmentId: department.id, note: '배송 지연', createdById: team.members.admin.id },
    });
    await updateEscalation(ctx.deps, { userId: team.members.admin.id }, { name: 'Admin' }, team.workspace.id, escalation.id, {
      status: 'resolved',
      resolutionNote: '재발송 완료',
    });
    await expect
      .poll(() => to(ep.path).map((r) => bodyOf(r).type), { timeout: 10_000 })
      .toEqual(['conversation.created', 'conversation.overdue', 'escalation.resolved']);
    const [, overdue, resolved] = to(ep.path).map((r) => expectSigned(r, ep.secret));
    expect(overdue?.data).toMatchObject({ conversationId });
    expect(resolved?.data).toMatchObject({ escalationId: escalation.id, conversationId, departmentId: department.id });
    await disable(ep.id);
  });
});
