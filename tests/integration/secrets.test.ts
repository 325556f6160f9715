/**
 * Secrets: a channel token is stored encrypted (read straight from the database: the ciphertext does
 * not contain it and it opens only with the key), never returned and never logged (the request and
 * service logs at debug level are searched); key rotation re-encrypts every credential under the new
 * key while the old one is still accepted, is idempotent, and reports rows no configured key opens.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel } from '../../prisma/seed/builders';
import { createApp } from '../../server/src/app';
import { decryptCredentials, encryptCredentials, keyIdOf } from '../../server/src/channels/credentials';
import { createLogger } from '../../server/src/lib/logger';
import { rotateChannelKeys } from '../../server/src/modules/channels/rotate-keys';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { TEST_PASSWORD, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const X_USER = '1500000000000000444';
const X_TOKEN = 'x-secret-token-that-must-never-leak-444';
const OLD_KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);
let x: XEmulator;
let ctx: TestContext;
const lines: string[] = [];

beforeAll(async () => {
  x = await startXEmulator({ users: [{ id: X_USER, username: 'secret_kr', name: 'secret', accessTokens: [X_TOKEN] }] });
  ctx = await startTestApp({
    env: { X_API_URL: x.url, ENCRYPTION_KEY: NEW_KEY.toString('base64'), ENCRYPTION_KEYS_PREVIOUS: OLD_KEY.toString('base64url') },
  });
});
afterAll(async () => {
  await ctx?.close();
  await x?.close();
});

describe('secrets', () => {
  it('a channel token is encrypted at rest, never returned and never logged', async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const deps = { ...ctx.deps, logger: createLogger('debug', sink) };
    const app = createApp(deps);
    const team = await workspaceWithTeam(ctx.deps.prisma, 'Secrets brand');
    const agent = request.agent(app);
    const login = await agent.post('/api/auth/login').send({ email: team.members.admin.email, password: TEST_PASSWORD });
    const ws = `/api/workspaces/${team.workspace.id}`;
    const connected = await agent
      .post(`${ws}/channels/connect-token`)
      .set('x-csrf-token', login.body.csrfToken)
      .send({ provider: 'x', token: X_TOKEN });
    expect(connected.status, JSON.stringify(connected.body)).toBe(201);
    const refused = await agent
      .post(`${ws}/channels/connect-token`)
      .set('x-csrf-token', login.body.csrfToken)
      .send({ provider: 'x', token: `${X_TOKEN}-wrong` });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const listed = await agent.get(`${ws}/channels`);
    expect(JSON.stringify(listed.body)).not.toContain(X_TOKEN);
    expect(JSON.stringify(connected.body)).not.toContain(X_TOKEN);

    // Straight from the database: ciphertext only, under the current key, and it opens only with that key.
    const [row] = await ctx.deps.prisma.$queryRaw<Array<{ credentials: string; credentialsKeyId: string }>>`
      SELECT credentials, "credentialsKeyId" FROM "ChannelAccount" WHERE "workspaceId" = ${team.workspace.id}::uuid AND "remoteId" = ${X_USER}`;
    expect(row?.credentials).toMatch(/^v1\./);
    expect(row?.credentials).not.toContain(X_TOKEN);
    expect(row?.credentials).not.toContain(Buffer.from(X_TOKEN).toString('base64'));
    expect(row?.credentialsKeyId).toBe(keyIdOf(NEW_KEY));
    expect(decryptCredentials([NEW_KEY], row as { credentials: string; credentialsKeyId: string }).accessToken).toBe(X_TOKEN);
    expect(() => decryptCredentials([OLD_KEY], row as { credentials: string; credentialsKeyId: string })).toThrow();

    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(0);
    expect(all).not.toContain(X_TOKEN);
  });

  it('rotation re-encrypts under the new key what the old key wrote, once, and names rows no key opens', async () => {
    const team = await workspaceWithTeam(ctx.deps.prisma, 'Rotation brand');
    const db = ctx.deps.prisma;
    const made = await Promise.all(
      ['a', 'b', 'c'].map((n) => buildChannel(db, team.workspace.id, { provider: 'x', name: `X ${n}`, handle: `rot_${n}` })),
    );
    const [a, b, c] = made.map((m) => m.id) as [string, string, string];
    await db.channelAccount.update({ where: { id: a }, data: encryptCredentials(OLD_KEY, { accessToken: 'token-a', refreshToken: 'refresh-a' }) });
    await db.channelAccount.update({ where: { id: b }, data: encryptCredentials(NEW_KEY, { accessToken: 'token-b' }) });
    await db.channelAccount.update({ where: { id: c }, data: encryptCredentials(randomBytes(32), { accessToken: 'token-c' }) });
    const before = await db.channelAccount.findMany({ where: { id: { in: [a, b] } }, select: { id: true, credentials: true } });

    // While both keys are configured, the old row is readable (publishing keeps working during the rotation).
    const oldRow = await db.channelAccount.findUniqueOrThrow({ where: { id: a }, select: { credentials: true, credentialsKeyId: true } });
    expect(decryptCredentials(ctx.deps.config.decryptionKeys, oldRow).accessToken).toBe('token-a');

    const first = await rotateChannelKeys(ctx.deps);
    expect(first.rotated).toBeGreaterThanOrEqual(1);
    expect(first.unreadable).toContain(c);
    const after = await db.channelAccount.findUniqueOrThrow({ where: { id: a }, select: { credentials: true, credentialsKeyId: true } });
    expect(after.credentialsKeyId).toBe(keyIdOf(NEW_KEY));
    expect(after.credentials).not.toBe(before.find((r) => r.id === a)?.credentials);
    expect(decryptCredentials([NEW_KEY], after)).toEqual({ accessToken: 'token-a', refreshToken: 'refresh-a' });
    // Already under the new key: untouched.
    expect((await db.channelAccount.findUniqueOrThrow({ where: { id: b }, select: { credentials: true } })).credentials).toBe(
      before.find((r) => r.id === b)?.credentials,
    );
    const second = await rotateChannelKeys(ctx.deps);
    expect(second.rotated).toBe(0);
    expect(second.unreadable).toEqual([c]);
  });
});
