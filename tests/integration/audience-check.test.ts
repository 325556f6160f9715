/**
 * The audience check ahead of time: when a post is approved, each Facebook variant's segment is looked up
 * with Graph's targeting search (the Graph emulator's catalogue) by the publish worker. A segment naming a
 * place or language Graph does not know tells the author at once — hours before the variant's time, when the
 * post would fail — and a segment Graph knows says nothing. Real PostgreSQL, Redis (BullMQ), the real
 * facebook-nodejs-business-sdk against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildSegment } from '../../prisma/seed/builders';
import { encryptCredentials } from '../../server/src/channels/credentials';
import { startPublishWorker } from '../../server/src/modules/publishing/publish-worker';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

const PAGE = '100000000000931';
const PAGE_TOKEN = 'page-token-audience';

let graph: GraphEmulator;
let ctx: TestContext;
let publisher: Awaited<ReturnType<typeof startPublishWorker>>;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let ws: string;
let channelId: string;
const segments: Record<'known' | 'unknown', string> = { known: '', unknown: '' };

beforeAll(async () => {
  graph = await startGraphEmulator({ pages: [{ id: PAGE, name: '소통 타기팅', accessTokens: [PAGE_TOKEN] }], audience: { enabled: false } });
  ctx = await startTestApp({ env: { META_GRAPH_URL: graph.url } });
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  const channel = await buildChannel(ctx.deps.prisma, team.workspace.id, { provider: 'facebook_page', name: '소통 페이지', handle: 'sotong.page' });
  await ctx.deps.prisma.channelAccount.update({
    where: { id: channel.id },
    data: { remoteId: PAGE, ...encryptCredentials(ctx.deps.config.encryptionKey, { accessToken: PAGE_TOKEN }) },
  });
  channelId = channel.id;
  const p = ctx.deps.prisma;
  const id = team.workspace.id;
  segments.known = (
    await buildSegment(p, id, { name: '부산 20대', color: '#2563EB', regions: [{ country: 'KR', city: '부산' }], locales: ['ko-KR'] })
  ).id;
  segments.unknown = (
    await buildSegment(p, id, {
      name: '아틀란티스',
      color: '#DB2777',
      regions: [
        { country: 'KR', city: 'Atlantis' },
        { country: 'KR', region: '서울' },
      ],
      locales: ['tlh'],
    })
  ).id;
  publisher = await startPublishWorker(ctx.deps);
}, 60_000);
afterAll(async () => {
  await publisher?.worker.close();
  await publisher?.queue.close();
  await ctx?.close();
  await graph?.close();
});

describe('the audience check when a post is approved', () => {
  it('tells the author at once which places and languages Facebook does not know, only for that variant', async () => {
    const planner = await signIn(ctx, team.members.planner.email);
    const approver = await signIn(ctx, team.members.approver.email);
    const at = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const created = await planner.post(`${ws}/posts`, {
      title: '가을 신메뉴',
      variants: [
        { channelAccountId: channelId, segmentId: segments.known, text: '부산 매장 가을 신메뉴', scheduledAt: at },
        { channelAccountId: channelId, segmentId: segments.unknown, text: '어디에도 없는 매장', scheduledAt: at },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const postId = created.body.id as string;
    expect((await planner.post(`${ws}/posts/${postId}/transitions`, { to: 'in_review' })).status).toBe(200);
    expect((await approver.post(`${ws}/posts/${postId}/decisions`, { decision: 'approved', version: 1 })).body.state).toBe('scheduled');

    const atRisk = () => ctx.deps.prisma.notification.findMany({ where: { postId, kind: 'publish_at_risk' }, select: { userId: true, data: true } });
    await expect.poll(async () => (await atRisk()).length, { timeout: 20_000, interval: 200 }).toBe(1);
    const [note] = await atRisk();
    expect(note?.userId).toBe(team.members.planner.id);
    expect(note?.data).toMatchObject({ title: '가을 신메뉴', channel: '소통 페이지', detail: 'Atlantis (KR), tlh', deadline: at });
    // Both segments were looked up (the known one said nothing); nothing was posted, hours ahead of time.
    await expect
      .poll(() => graph.control.searches().map((q) => q.get('q')), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['부산', 'Korean', 'Atlantis', '서울']));
    expect(graph.control.posts()).toHaveLength(0);

    // The author's bell lists it.
    const bell = await planner.get(`${ws}/notifications`);
    expect(bell.status).toBe(200);
    expect(bell.body.notifications.map((n: { kind: string }) => n.kind)).toContain('publish_at_risk');
  });
});
