import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCampaign, buildChannel, buildPost, buildSegment } from '../../prisma/seed/builders';
import { signIn, workspaceWithTeam } from '../support/factories';
import { startTestApp, type TestContext } from '../support/test-app';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof workspaceWithTeam>>;
let planner: Awaited<ReturnType<typeof signIn>>;
let viewer: Awaited<ReturnType<typeof signIn>>;
let ws: string;
let channels: { x: { id: string }; fb: { id: string } };

/** Next year, so every planned time is in the future. */
const Y = new Date().getUTCFullYear() + 1;
const BOM = '\ufeff';

type Client = Awaited<ReturnType<typeof signIn>>;
const importFile = (client: Client, mode: 'dry_run' | 'commit', csv: string | Buffer) =>
  client.agent
    .post(`${ws}/plan/import?mode=${mode}`)
    .set('x-csrf-token', client.csrf)
    .attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), { filename: 'plan.csv', contentType: 'text/csv' });
const importRaw = (client: Client, mode: 'dry_run' | 'commit', csv: string | Buffer) =>
  client.agent.post(`${ws}/plan/import?mode=${mode}`).set('x-csrf-token', client.csrf).set('content-type', 'text/csv').send(csv);
const exportPlan = (client: Client, query: string) =>
  client.agent
    .get(`${ws}/plan/export.csv?${query}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
const postCount = () => ctx.deps.prisma.post.count({ where: { workspaceId: team.workspace.id } });
const places = (problems: Array<{ row: number; column: string; code: string }>) => problems.map(({ row, column, code }) => ({ row, column, code }));

beforeAll(async () => {
  ctx = await startTestApp();
  team = await workspaceWithTeam(ctx.deps.prisma);
  ws = `/api/workspaces/${team.workspace.id}`;
  planner = await signIn(ctx, team.members.planner.email);
  viewer = await signIn(ctx, team.members.viewer.email);
  const p = ctx.deps.prisma;
  channels = {
    x: await buildChannel(p, team.workspace.id, { provider: 'x', name: '소통 X', handle: 'sotong_x' }),
    fb: await buildChannel(p, team.workspace.id, { provider: 'facebook_page', name: 'Sotong Facebook', handle: 'sotongfb' }),
  };
  await buildSegment(p, team.workspace.id, { name: '서울 20대', color: '#2563EB', regions: [{ country: 'KR', region: 'Seoul' }] });
  await buildCampaign(p, team.workspace.id, { name: '겨울 캠페인', color: '#7C3AED' });
});
afterAll(async () => ctx.close());

const goodFile = [
  ' 게시물 키 ,제목,채널,세그먼트,캠페인,예약시각,본문,링크,첫댓글,라벨',
  `A,유자 라떼,소통 X,서울 20대,겨울 캠페인,${Y}-12-01 09:00,유자 라떼가 돌아왔어요 #소통,https://sotong.dev/yuja,,겨울;음료`,
  `A,유자 라떼,Sotong Facebook,,겨울 캠페인,${Y}-12-01 18:30,"유자 라떼가 돌아왔어요
두 줄로, 쉼표도",https://sotong.dev/yuja,첫 댓글,겨울;음료`,
  ',,,,,,,,,',
  ',아이디어,@sotongfb,,,,아직 날짜 없음,,,',
].join('\r\n');

describe('plan CSV import', () => {
  it('dry run of a good file (Korean headers, BOM, local Seoul times): no problems, nothing written', async () => {
    const before = await postCount();
    const res = await importFile(planner, 'dry_run', `${BOM}${goodFile}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ mode: 'dry_run', rows: 3, posts: 2, variants: 3, problems: [] });
    // X has no organic targeting: a segment with regions is only a planning label there.
    expect(places(res.body.warnings)).toEqual([{ row: 2, column: 'segment', code: 'targeting_unsupported' }]);
    expect(await postCount()).toBe(before);
  });

  it('commit writes every post and variant with UTC times, in one audited import', async () => {
    const before = await postCount();
    const res = await importFile(planner, 'commit', `${BOM}${goodFile}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ mode: 'commit', variants: 3 });
    expect(res.body.posts).toHaveLength(2);
    expect(await postCount()).toBe(before + 2);

    const posts = await ctx.deps.prisma.post.findMany({
      where: { id: { in: res.body.posts } },
      select: {
        id: true,
        title: true,
        labels: true,
        campaign: { select: { name: true } },
        authorId: true,
        variants: {
          orderBy: { scheduledAt: 'asc' },
          select: { channelAccountId: true, segmentId: true, text: true, link: true, firstComment: true, scheduledAt: true, state: true },
        },
      },
    });
    const yuja = posts.find((p) => p.title === '유자 라떼');
    expect(yuja).toMatchObject({ labels: ['겨울', '음료'], campaign: { name: '겨울 캠페인' }, authorId: team.members.planner.id });
    expect(yuja?.variants.map((v) => [v.channelAccountId, v.scheduledAt?.toISOString()])).toEqual([
      [channels.x.id, `${Y}-12-01T00:00:00.000Z`],
      [channels.fb.id, `${Y}-12-01T09:30:00.000Z`],
    ]);
    expect(yuja?.variants[1]).toMatchObject({
      text: '유자 라떼가 돌아왔어요\n두 줄로, 쉼표도',
      link: 'https://sotong.dev/yuja',
      firstComment: '첫 댓글',
    });
    const idea = posts.find((p) => p.title === '아이디어');
    expect(idea?.variants).toEqual([
      expect.objectContaining({ channelAccountId: channels.fb.id, scheduledAt: null, segmentId: null, text: '아직 날짜 없음' }),
    ]);

    const audit = await ctx.deps.prisma.auditEvent.findFirst({
      where: { entityId: team.workspace.id, action: 'plan.imported' },
      select: { after: true, actorUserId: true },
    });
    expect(audit?.actorUserId).toBe(team.members.planner.id);
    expect(audit?.after).toMatchObject({ rows: 3, posts: 2, variants: 3 });
  });

  const brokenFile = [
    'post_key,Title,CHANNEL,scheduled_at,text',
    `B,Broken,Nowhere,${Y}-12-01 09:00,hello`,
    `B,Broken again,소통 X,${Y}-12-01 10:00,hi`,
    `C,Bad date,소통 X,${Y}-13-45 09:00,hi`,
    `D,Too long,@sotong_x,${Y}-12-02 09:00,${'가'.repeat(141)}`,
    `E,Fine,Sotong Facebook,${Y}-12-02T09:00:00+09:00,ok`,
  ].join('\n');

  it('dry run of a broken file lists each problem with its row and column', async () => {
    const res = await importRaw(planner, 'dry_run', brokenFile);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ rows: 5, posts: 4, variants: 5 });
    expect(places(res.body.problems)).toEqual([
      { row: 2, column: 'channel', code: 'channel_unknown' },
      { row: 3, column: 'title', code: 'title_mismatch' },
      { row: 4, column: 'scheduled_at', code: 'scheduled_at_invalid' },
      { row: 5, column: 'text', code: 'text_too_long' },
    ]);
    expect(res.body.problems[0].message).toContain('Nowhere');
    expect(res.body.problems[3].message).toContain('282');
  });

  it('commit of a broken file is 422 with the same problems, and writes nothing', async () => {
    const before = await postCount();
    const res = await importFile(planner, 'commit', brokenFile);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('unprocessable');
    expect(places(res.body.error.details).map((p) => p.code)).toEqual(['channel_unknown', 'title_mismatch', 'scheduled_at_invalid', 'text_too_long']);
    expect(await postCount()).toBe(before);
  });

  it('reports header problems on row 1', async () => {
    const res = await importRaw(planner, 'dry_run', 'title,chanel,text\nHi,소통 X,hello\n');
    expect(res.status).toBe(200);
    expect(places(res.body.problems)).toEqual([
      { row: 1, column: 'chanel', code: 'column_unknown' },
      { row: 1, column: 'channel', code: 'column_missing' },
    ]);
  });

  it('refuses a malformed CSV (400 with its line), an oversize file (413), too many rows (422) and other types (415)', async () => {
    const malformed = await importRaw(planner, 'dry_run', `title,channel,text\nok,소통 X,fine\nHi,소통 X,"unclosed\n`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/line 3/);
    expect(malformed.body.error.details.line).toBe(3);
    const ragged = await importRaw(planner, 'dry_run', 'title,channel,text\nHi,소통 X\n');
    expect(ragged.status).toBe(400);
    expect(ragged.body.error.details.line).toBe(2);

    const big = `title,channel,text\n${`Hi,소통 X,${'a'.repeat(1000)}\n`.repeat(2200)}`;
    expect((await importFile(planner, 'dry_run', big)).status).toBe(413);
    expect((await importRaw(planner, 'dry_run', big)).status).toBe(413);

    const many = await importRaw(planner, 'dry_run', `title,channel,text\n${'Hi,소통 X,hello\n'.repeat(2001)}`);
    expect(many.status).toBe(422);
    expect(many.body.error.details[0].code).toBe('too_many_rows');

    expect((await planner.post(`${ws}/plan/import?mode=dry_run`, { csv: 'title' })).status).toBe(415);
  });

  it('commits the largest file allowed (2,000 rows) in one transaction', async () => {
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `bulk-${Math.floor(i / 2)},Bulk ${Math.floor(i / 2)},${i % 2 ? 'Sotong Facebook' : '소통 X'},${Y}-11-0${1 + (i % 5)} 09:00,본문 ${i}`,
    );
    const res = await importRaw(planner, 'commit', ['post_key,title,channel,scheduled_at,text', ...rows].join('\n'));
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    expect(res.body.posts).toHaveLength(1000);
  });

  it('is for admins and planners: a viewer gets 403', async () => {
    const res = await importFile(viewer, 'dry_run', goodFile);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('plan CSV export', () => {
  const range = `from=${Y}-11-15T00:00:00%2B09:00&to=${Y}-12-31T00:00:00%2B09:00`;

  beforeAll(async () => {
    await buildPost(ctx.deps.prisma, team.workspace.id, team.members.planner, {
      title: '=HYPERLINK("http://evil.example","click")',
      labels: ['-risky'],
      variants: [{ channelAccountId: channels.x.id, text: '@everyone +1 한글 그대로', scheduledAt: new Date(`${Y}-12-03T01:15:00Z`) }],
    });
  });

  it('streams the filtered plan as CSV: BOM, Korean headers, workspace-zone times, formulas neutralised; viewers may export', async () => {
    const res = await exportPlan(viewer, `${range}&lang=ko`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sotong-plan-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('게시물키,제목,채널,세그먼트,캠페인,예약시각,본문,링크,첫댓글,라벨,미디어');
    expect(text).toContain(`유자 라떼,소통 X,서울 20대,겨울 캠페인,${Y}-12-01 09:00,유자 라떼가 돌아왔어요 #소통,https://sotong.dev/yuja`);
    expect(text).toContain('"유자 라떼가 돌아왔어요\n두 줄로, 쉼표도"');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",소통 X,,,${Y}-12-03 10:15,'@everyone +1 한글 그대로`);
    expect(text).toContain(",'-risky,");
    expect(text).not.toContain('아직 날짜 없음'); // unscheduled: outside any range

    const en = await exportPlan(viewer, `${range}&channelIds=${channels.fb.id}`);
    expect(en.status).toBe(200);
    const enLines = (en.body as Buffer).toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(enLines[0]).toBe('post_key,title,channel,segment,campaign,scheduled_at,text,link,first_comment,labels,media');
    expect(enLines.slice(1).join('\n')).toContain('Sotong Facebook');
    expect(enLines.slice(1).join('\n')).not.toContain('소통 X');
  });

  it('round-trips: importing the export (dry run) reports no problems', async () => {
    for (const lang of ['ko', 'en']) {
      const exported = await exportPlan(planner, `${range}&lang=${lang}`);
      const check = await importFile(planner, 'dry_run', exported.body as Buffer);
      expect(check.status).toBe(200);
      expect(check.body.problems.filter((p: { code: string }) => p.code !== 'scheduled_in_past')).toEqual([]);
      expect(check.body).toMatchObject({ rows: 3, posts: 2, variants: 3 });
    }
  });

  it('validates the range like the calendar', async () => {
    expect((await exportPlan(viewer, `from=${Y}-12-31T00:00:00Z&to=${Y}-12-01T00:00:00Z`)).status).toBe(400);
    expect((await exportPlan(viewer, 'lang=ko')).status).toBe(400);
  });
});
