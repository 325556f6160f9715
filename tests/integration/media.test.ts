import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let planner: Awaited<ReturnType<typeof signIn>>;
let viewer: Awaited<ReturnType<typeof signIn>>;
let base: string;

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  planner = await signIn(ctx, team.members.planner.email);
  viewer = await signIn(ctx, team.members.viewer.email);
  base = `/api/workspaces/${team.workspace.id}/media`;
});
afterAll(async () => ctx.close());

type Client = Awaited<ReturnType<typeof signIn>>;
const upload = (client: Client, url: string, bytes: Buffer, filename: string, contentType: string) =>
  client.agent.post(url).set('x-csrf-token', client.csrf).attach('file', bytes, { filename, contentType });

/** Every file under DATA_DIR (media, temporary uploads), relative paths. */
function filesUnderDataDir(): string[] {
  const root = ctx.deps.config.dataDir;
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(root, f)).isFile())
    .filter((f) => f.startsWith('media') || f.startsWith('tmp'))
    .sort();
}
const mediaPath = (key: string) => path.join(ctx.deps.config.dataDir, 'media', key);

const png = (width: number, height: number, color = { r: 200, g: 30, b: 30 }) =>
  sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** A minimal MP4: `ftyp`, an `mdat` of noise, then `moov` (at the end, as unoptimised files have it). */
function tinyMp4(width: number, height: number, durationMs: number): Buffer {
  const brands = Buffer.alloc(16);
  brands.write('isom', 0, 'latin1');
  brands.writeUInt32BE(0x200, 4);
  brands.write('isommp41', 8, 'latin1');
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(durationMs, 16);
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE(0x00000003, 0); // version 0, enabled + in movie
  tkhd.writeUInt32BE(1, 12); // track id
  tkhd.writeUInt32BE(0x00010000, 40); // identity matrix: a
  tkhd.writeUInt32BE(0x00010000, 56); // d
  tkhd.writeUInt32BE(0x40000000, 72); // w
  tkhd.writeUInt32BE(width << 16, 76);
  tkhd.writeUInt32BE(height << 16, 80);
  return Buffer.concat([box('ftyp', brands), box('mdat', randomBytes(4000)), box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd)))]);
}

describe('uploading', () => {
  it('stores an image with its dimensions and a WebP thumbnail, audited', async () => {
    const bytes = await png(1200, 800);
    const res = await upload(planner, base, bytes, 'Launch \u202egpj.exe banner.png', 'application/octet-stream');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const media = res.body.media;
    expect(res.body.deduplicated).toBe(false);
    expect(media).toMatchObject({ kind: 'image', mimeType: 'image/png', bytes: bytes.length, width: 1200, height: 800, durationMs: null });
    expect(media.originalName).toBe('Launch gpj.exe banner.png');
    expect(media.url).toBe(`${base}/${media.id}/file`);
    expect(media.thumbUrl).toBe(`${base}/${media.id}/thumb`);
    expect(media).not.toHaveProperty('storageKey');

    const file = await viewer.get(media.url).buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-length']).toBe(String(bytes.length));
    expect(file.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^inline/);
    expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);

    const thumb = await viewer.get(media.thumbUrl).buffer(true);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ format: 'webp', width: 400, height: 267 });

    const row = await ctx.deps.prisma.media.findUniqueOrThrow({ where: { id: media.id } });
    expect(row).toMatchObject({
      workspaceId: team.workspace.id,
      storageKey: `${team.workspace.id}/${row.sha256}.png`,
      thumbKey: `${team.workspace.id}/${row.sha256}.thumb.webp`,
      uploadedById: team.members.planner.id,
    });
    expect(existsSync(mediaPath(row.storageKey))).toBe(true);
    const audit = await ctx.deps.prisma.auditEvent.findFirst({ where: { entityId: media.id, action: 'media.uploaded' } });
    expect(audit?.actorUserId).toBe(team.members.planner.id);
  });

  it('returns the existing media for the same bytes (de-duplicated by sha256)', async () => {
    const bytes = await png(300, 300, { r: 1, g: 2, b: 3 });
    const first = await upload(planner, base, bytes, 'a.png', 'image/png');
    expect(first.status).toBe(201);
    const again = await upload(planner, base, bytes, 'b-renamed.png', 'image/png');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ deduplicated: true, media: { id: first.body.media.id, originalName: 'a.png' } });
    expect(await ctx.deps.prisma.media.count({ where: { sha256: first.body.media.sha256 } })).toBe(1);
    expect(filesUnderDataDir().filter((f) => f.startsWith('tmp'))).toEqual([]);
  });

  it('reads the size of an EXIF-rotated JPEG as displayed', async () => {
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3366cc' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const res = await upload(planner, base, jpeg, 'portrait.jpg', 'image/jpeg');
    expect(res.status).toBe(201);
    expect(res.body.media).toMatchObject({ mimeType: 'image/jpeg', width: 480, height: 640 });
  });

  it('stores a video with its size and duration from the moov box, and no thumbnail', async () => {
    const bytes = tinyMp4(1280, 720, 2500);
    const res = await upload(planner, base, bytes, 'clip.bin', 'application/octet-stream');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.media).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: 1280, height: 720, durationMs: 2500, thumbUrl: null });
    const file = await viewer.get(res.body.media.url).buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('video/mp4');
    expect(file.headers['content-disposition']).toMatch(/^inline/);
    expect((await viewer.get(`${base}/${res.body.media.id}/thumb`)).status).toBe(404);
  });
});

describe('refusing', () => {
  it('refuses a Windows executable named photo.jpg with 415, leaving nothing behind', async () => {
    const filesBefore = filesUnderDataDir();
    const rows = await ctx.deps.prisma.media.count();
    const exe = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(0x3a),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(0x40),
      Buffer.from('PE\0\0'),
      randomBytes(8000),
    ]);
    const res = await upload(planner, base, exe, 'photo.jpg', 'image/jpeg');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    expect(await ctx.deps.prisma.media.count()).toBe(rows);
    expect(filesUnderDataDir()).toEqual(filesBefore);
  });

  it('refuses a text file with 415', async () => {
    const filesBefore = filesUnderDataDir();
    const res = await upload(planner, base, Buffer.from('hello, this is plain text\n'.repeat(50)), 'notes.png', 'image/png');
    expect(res.status).toBe(415);
    expect(res.body.error.details.accepted).toContain('video/quicktime');
    expect(filesUnderDataDir()).toEqual(filesBefore);
  });

  it('refuses an image over 10 MB with 413 as it streams, leaving nothing behind', async () => {
    const filesBefore = filesUnderDataDir();
    const rows = await ctx.deps.prisma.media.count();
    const big = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
      randomBytes(10 * 1024 * 1024 + 1000),
    ]);
    const res = await upload(planner, base, big, 'huge.jpg', 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', details: { kind: 'image', maxBytes: 10 * 1024 * 1024 } });
    expect(await ctx.deps.prisma.media.count()).toBe(rows);
    expect(filesUnderDataDir()).toEqual(filesBefore);
    // The connection still works after the refused body.
    expect((await planner.get(base)).status).toBe(200);
  });

  it('answers 413 while the body is still arriving: the limit applies as the bytes stream in', async () => {
    const server = http.createServer(ctx.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const filesBefore = filesUnderDataDir();
    try {
      const boundary = 'sotong-boundary';
      const token = await planner.post(`/api/workspaces/${team.workspace.id}/tokens`, { name: 'uploader', roles: ['planner'] });
      expect(token.status).toBe(201);
      const req = http.request({
        host: '127.0.0.1',
        port: (server.address() as AddressInfo).port,
        method: 'POST',
        path: base,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token.body.secret}` },
      });
      const answered = new Promise<http.IncomingMessage>((resolve) => req.once('response', resolve));
      req.on('error', () => {});
      req.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="endless.png"\r\ncontent-type: image/png\r\n\r\n`);
      req.write(await png(16, 16));
      // Eleven megabytes of a PNG that never ends: the request is never finished.
      for (let i = 0; i < 11; i++) req.write(randomBytes(1024 * 1024));
      const res = await answered;
      expect(res.statusCode).toBe(413);
      expect(req.writableEnded).toBe(false);
      req.destroy();
      res.resume();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(filesUnderDataDir()).toEqual(filesBefore);
  });

  it('refuses a request without a file field, an empty file, and a JSON body with 400', async () => {
    const noFile = await planner.agent.post(base).set('x-csrf-token', planner.csrf).field('name', 'no file here');
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.code).toBe('bad_request');
    const wrongField = await planner.agent
      .post(base)
      .set('x-csrf-token', planner.csrf)
      .attach('upload', await png(10, 10), 'x.png');
    expect(wrongField.status).toBe(400);
    const empty = await upload(planner, base, Buffer.alloc(0), 'empty.png', 'image/png');
    expect(empty.status).toBe(400);
    const json = await planner.post(base, { file: 'data:image/png;base64,AAAA' });
    expect(json.status).toBe(400);
    expect(filesUnderDataDir().filter((f) => f.startsWith('tmp'))).toEqual([]);
  });

  it('lets a viewer list but not upload or delete', async () => {
    const res = await upload(viewer, base, await png(20, 20, { r: 9, g: 9, b: 9 }), 'v.png', 'image/png');
    expect(res.status).toBe(403);
    expect((await viewer.get(base)).status).toBe(200);
    const any = await ctx.deps.prisma.media.findFirstOrThrow({ where: { workspaceId: team.workspace.id } });
    expect((await viewer.delete(`${base}/${any.id}`)).status).toBe(403);
  });

  it('hides another workspace’s media (404)', async () => {
    const other = await workspaceWithTeam(ctx.deps.prisma, 'Other brand');
    const otherAdmin = await signIn(ctx, other.members.admin.email);
    const theirs = await upload(
      otherAdmin,
      `/api/workspaces/${other.workspace.id}/media`,
      await png(50, 50, { r: 0, g: 99, b: 0 }),
      'x.png',
      'image/png',
    );
    expect(theirs.status).toBe(201);
    for (const suffix of ['/file', '/thumb', '']) {
      const res = suffix ? await planner.get(`${base}/${theirs.body.media.id}${suffix}`) : await planner.delete(`${base}/${theirs.body.media.id}`);
      expect(res.status).toBe(404);
    }
    const list = await planner.get(base);
    expect(list.body.media.map((m: { id: string }) => m.id)).not.toContain(theirs.body.media.id);
    // The same bytes are a new upload in another workspace, not a de-duplication across workspaces.
    const same = await upload(planner, base, await png(50, 50, { r: 0, g: 99, b: 0 }), 'x.png', 'image/png');
    expect(same.status).toBe(201);
    expect(same.body.media.id).not.toBe(theirs.body.media.id);
  });
});

describe('listing', () => {
  it('pages newest first and filters by kind', async () => {
    const all = await viewer.get(`${base}?limit=100`);
    expect(all.status).toBe(200);
    const ids = all.body.media.map((m: { id: string }) => m.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const times = all.body.media.map((m: { createdAt: string }) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const pages: string[] = [];
    let before: string | null = null;
    do {
      const page = await viewer.get(`${base}?limit=2${before ? `&before=${before}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(...page.body.media.map((m: { id: string }) => m.id));
      before = page.body.nextBefore;
    } while (before);
    expect(pages).toEqual(ids);

    const videos = await viewer.get(`${base}?kind=video`);
    expect(videos.body.media.length).toBeGreaterThan(0);
    expect(videos.body.media.every((m: { kind: string }) => m.kind === 'video')).toBe(true);
    expect((await viewer.get(`${base}?limit=101`)).status).toBe(400);
    expect((await viewer.get(`${base}?kind=audio`)).status).toBe(400);
  });

  it('asks strangers to sign in', async () => {
    expect((await request(ctx.app).get(base)).status).toBe(401);
  });
});

describe('deleting', () => {
  async function variantUsing(mediaId: string) {
    const prisma = ctx.deps.prisma;
    const channel = await prisma.channelAccount.create({
      data: { workspaceId: team.workspace.id, provider: 'x', name: 'Brand X', handle: `@brand${randomBytes(3).toString('hex')}` },
      select: { id: true },
    });
    const post = await prisma.post.create({
      data: { workspaceId: team.workspace.id, title: 'Launch', authorId: team.members.planner.id },
      select: { id: true },
    });
    const variant = await prisma.variant.create({
      data: { postId: post.id, workspaceId: team.workspace.id, channelAccountId: channel.id, text: 'Look' },
      select: { id: true },
    });
    await prisma.variantMedia.create({ data: { variantId: variant.id, mediaId, position: 0 } });
    return variant.id;
  }

  it('refuses to delete media a variant uses (409 naming it)', async () => {
    const res = await upload(planner, base, await png(64, 64, { r: 5, g: 50, b: 150 }), 'used.png', 'image/png');
    const variantId = await variantUsing(res.body.media.id);
    const del = await planner.delete(`${base}/${res.body.media.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error).toMatchObject({ code: 'conflict', details: { variantIds: [variantId] } });
    expect((await planner.get(res.body.media.url)).status).toBe(200);
  });

  it('deletes unused media with its files, audited', async () => {
    const res = await upload(planner, base, await png(64, 64, { r: 250, g: 250, b: 0 }), 'unused.png', 'image/png');
    const row = await ctx.deps.prisma.media.findUniqueOrThrow({ where: { id: res.body.media.id } });
    expect(row.thumbKey).not.toBeNull();
    expect(existsSync(mediaPath(row.storageKey))).toBe(true);
    const del = await planner.delete(`${base}/${row.id}`);
    expect(del.status).toBe(204);
    expect(await ctx.deps.prisma.media.count({ where: { id: row.id } })).toBe(0);
    expect(existsSync(mediaPath(row.storageKey))).toBe(false);
    expect(existsSync(mediaPath(String(row.thumbKey)))).toBe(false);
    expect((await planner.get(res.body.media.url)).status).toBe(404);
    const audit = await ctx.deps.prisma.auditEvent.findFirst({ where: { entityId: row.id, action: 'media.deleted' } });
    expect(audit?.actorUserId).toBe(team.members.planner.id);
  });
});
