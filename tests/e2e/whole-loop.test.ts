/**
 * The whole loop (issue 8) in Chromium, in Korean, on real parts: the built client and the API with
 * real-time, PostgreSQL and Redis; the publish, inbox-ingest, inbox-outbound, metrics and digest workers
 * started in this process; the Graph and X emulators (sign-in, publishing, the audience, signed
 * webhooks); an SMTP sink for the e-mails. A fresh workspace, one person per role:
 *
 *   1. the admin connects a Facebook Page (Facebook Login and the Page picker) and an X account (X sign-in)
 *      and adds a department;
 *   2. the planner writes one post for both channels and two segments (Korean and English: four variants)
 *      and drags each variant from the unscheduled panel onto tomorrow 09:00 KST;
 *   3. the approver asks for changes, the planner edits and resubmits, the approver approves;
 *   4. the clock advance (there is no injectable clock): the variants are moved to a few seconds from now
 *      through the API the calendar's drag uses; the publish worker posts them — Facebook with the
 *      segment's targeting — exactly once each;
 *   5. the emulated audience answers — a complaint under the Korean Page post, a question on the Korean X
 *      post, praise under the English Page post (webhooks signed as Meta and X sign them) — and the
 *      conversations appear in the inbox without a reload, linked to the post and its segment;
 *   6. the community manager answers the question (a real reply on X) and escalates the complaint to a
 *      department (which is e-mailed);
 *   7. an hour passes for the metrics (the emulator's posts and the variants' publication times are made
 *      an hour older, and the 1 h readings are run now); the executive reads the post's engagement in
 *      Reports, and the next morning's digest (its job run now) leads with the messages and is e-mailed.
 *
 * Every step checks what the person sees (Korean, by roles and names) and what the system did (rows,
 * emulator state, e-mails). Screenshots of each step in test-results/whole-loop/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildSegment, buildUser, buildWorkspace } from '../../prisma/seed/builders';
import type { Role } from '../../server/src/lib/http/zod';
import { Temporal } from '../../server/src/lib/local-time';
import { enqueueSendDigest } from '../../server/src/modules/digest/digest-jobs';
import { findDigestOfDay } from '../../server/src/modules/digest/digest-repository';
import { sendInstant } from '../../server/src/modules/digest/digest-schedule';
import { startDigestWorker } from '../../server/src/modules/digest/digest-worker';
import { startInboxOutboundWorker } from '../../server/src/modules/inbox/outbound-worker';
import { startInboxIngestWorker } from '../../server/src/modules/inbox-ingest/inbox-worker';
import { metricsJobId } from '../../server/src/modules/metrics/metrics-jobs';
import { startMetricsWorker } from '../../server/src/modules/metrics/metrics-worker';
import { startPublishWorker } from '../../server/src/modules/publishing/publish-worker';
import { PEOPLE } from '../emulators/audience';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { artifacts, type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { signIn } from '../support/factories';
import { META_SECRET, webhookEnv, X_SECRET } from '../support/inbox-fixtures';
import { newPage, seoulDay, seoulWall, TZ } from '../support/planner-browser';
import { startSmtpSink } from '../support/smtp-sink';

const PASSWORD = 'whole-loop-password-2026';
const META_APP_ID = 'sotong-loop-app';
const X_CLIENT_ID = 'sotong-loop-x-client';
const X_CLIENT_SECRET = 'sotong-loop-x-client-secret';
const PAGE_ID = '100000000000801';
const PAGE_TOKEN = 'page-token-whole-loop-801';
const META_USER = '200000000000801';
const X_USER = '1500000000000000801';
const PAGE_NAME = '소통 베이커리';
const X_NAME = '소통 베이커리 공식';
const HOUR = 3_600_000;

const people: Record<Role, { email: string; name: string }> = {
  admin: { email: 'admin@loop.sotong.dev', name: '한지민' },
  planner: { email: 'planner@loop.sotong.dev', name: '오세훈' },
  approver: { email: 'approver@loop.sotong.dev', name: '윤가은' },
  community_manager: { email: 'cm@loop.sotong.dev', name: '장하늘' },
  viewer: { email: 'exec@loop.sotong.dev', name: '배도현' },
};
const LOGISTICS = { name: '물류팀', email: 'logistics@loop.sotong.dev' };

const TITLE = '봄 딸기 케이크 출시';
const KO_TEXT = '봄 한정 딸기 생크림 케이크가 나왔어요 내일부터 전 매장에서 만나요.';
const KO_TEXT_EDITED = '봄 한정 딸기 생크림 케이크가 6,500원에 나왔어요 내일부터 전 매장에서 만나요.';
const EN_TEXT = 'Our spring strawberry cream cake is here. In every store from tomorrow.';
// X gets a shorter English line: one text shared by two variants, so the composer reopens with the Korean one as the shared text.
const EN_X_TEXT = 'Spring strawberry cream cake is here! In every store from tomorrow. #SotongBakery';
const SEOUL = '서울 20대 여성';
const US = 'US 영어권';

// What the audience says (the emulators' made-up people, their words from tests/emulators/audience.ts).
const complaint = { person: PEOPLE[1] as (typeof PEOPLE)[number], text: '주문한 지 일주일이 넘었는데 아직 배송이 안 왔어요. 확인 부탁드립니다.' };
const question = { person: PEOPLE[2] as (typeof PEOPLE)[number], text: '매장에서도 살 수 있나요? 언제부터인지 궁금해요.' };
const praise = { person: PEOPLE[4] as (typeof PEOPLE)[number], text: 'Love this! Been waiting for it all month.' };

let h: BrowserHarness;
let graph: GraphEmulator;
let x: XEmulator;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let workspaceId: string;
let publisher: Awaited<ReturnType<typeof startPublishWorker>>;
let metrics: Awaited<ReturnType<typeof startMetricsWorker>>;
let digests: Awaited<ReturnType<typeof startDigestWorker>>;
const stops: Array<() => Promise<void>> = [];
const shotsDir = path.join(artifacts, 'whole-loop');

beforeAll(async () => {
  if (!hasChromium) return;
  mkdirSync(shotsDir, { recursive: true });
  sink = await startSmtpSink();
  graph = await startGraphEmulator({
    appId: META_APP_ID,
    appSecret: META_SECRET,
    pages: [{ id: PAGE_ID, name: PAGE_NAME, accessTokens: [PAGE_TOKEN], followers: 8_000 }],
    users: [{ id: META_USER, name: people.admin.name, accessTokens: [], pageIds: [PAGE_ID] }],
    audience: { enabled: false },
  });
  x = await startXEmulator({
    users: [{ id: X_USER, username: 'sotong_bakery', name: X_NAME, followers: 5_000 }],
    clients: [{ clientId: X_CLIENT_ID, clientSecret: X_CLIENT_SECRET }],
  });
  h = await startBrowserHarness({
    realtime: true,
    env: {
      ...webhookEnv,
      META_GRAPH_URL: graph.url,
      META_APP_ID,
      X_API_URL: x.url,
      X_CLIENT_ID,
      X_CLIENT_SECRET,
      SMTP_URL: sink.url,
    },
  });
  // A new brand on Sotong: its people and its two audiences (the segments are the brand's setup, not the loop).
  const db = h.ctx.deps.prisma;
  const admin = await buildUser(db, { ...people.admin, password: PASSWORD, locale: 'ko' });
  const workspace = await buildWorkspace(db, admin, { name: PAGE_NAME, timeZone: TZ, locale: 'ko' });
  workspaceId = workspace.id;
  for (const role of ['planner', 'approver', 'community_manager', 'viewer'] as const) {
    const user = await buildUser(db, { ...people[role], password: PASSWORD, locale: 'ko' });
    await buildMember(db, workspaceId, user, [role]);
  }
  await buildSegment(db, workspaceId, {
    name: SEOUL,
    color: '#DB2777',
    regions: [{ country: 'KR', region: '서울' }],
    ageMin: 20,
    ageMax: 29,
    genders: ['female'],
    locales: ['ko-KR'],
  });
  await buildSegment(db, workspaceId, { name: US, color: '#059669', regions: [{ country: 'US' }], ageMin: 25, ageMax: 44, locales: ['en-US'] });

  // The networks call Sotong's webhooks, signed with the app secrets.
  graph.control.setWebhook({ url: `${h.url}/webhooks/meta`, appSecret: META_SECRET });
  x.control.setWebhook({ url: `${h.url}/webhooks/x`, consumerSecret: X_SECRET });

  publisher = await startPublishWorker(h.ctx.deps, { concurrency: 50 });
  const ingest = await startInboxIngestWorker(h.ctx.deps);
  const outbound = await startInboxOutboundWorker(h.ctx.deps);
  metrics = await startMetricsWorker(h.ctx.deps);
  digests = await startDigestWorker(h.ctx.deps);
  for (const w of [publisher, outbound, metrics, digests]) {
    stops.push(async () => {
      await w.worker.close();
      await w.queue.close();
    });
  }
  stops.push(() => ingest.close());
}, 180_000);

afterAll(async () => {
  for (const stop of stops) await stop().catch(() => undefined);
  await h?.close();
  await Promise.all([graph?.close(), x?.close(), sink?.close()]);
});

const shot = (page: Page, name: string) => screenshot(page, `whole-loop/${name}`);

/** A person's own browser (Korean, in Berlin: the calendar must still speak Seoul time), signed in. */
async function open(role: keyof typeof people) {
  const opened = await newPage(h, 'ko');
  const { page } = opened;
  await page.goto(`${h.url}/login`);
  await page.getByLabel('이메일').fill(people[role].email);
  await page.getByLabel('비밀번호').fill(PASSWORD);
  await page.getByLabel('비밀번호').press('Enter');
  await page.waitForURL(/\/w\/[0-9a-f-]+\//);
  await page.getByRole('navigation').getByRole('link', { name: '설정' }).waitFor();
  return opened;
}

const nav = (page: Page, name: string | RegExp) => page.getByRole('navigation').getByRole('link', { name }).click();

const db = () => h.ctx.deps.prisma;
const postRow = () =>
  db().post.findFirstOrThrow({
    where: { workspaceId, title: TITLE },
    select: {
      id: true,
      state: true,
      version: true,
      approvedVersion: true,
      variants: {
        select: {
          id: true,
          state: true,
          text: true,
          scheduledAt: true,
          publishedAt: true,
          remoteId: true,
          channelAccount: { select: { provider: true } },
          segment: { select: { name: true } },
        },
      },
    },
  });
type Variants = Awaited<ReturnType<typeof postRow>>['variants'];
const variantOf = (variants: Variants, provider: 'facebook_page' | 'x', segment: string) => {
  const found = variants.find((v) => v.channelAccount.provider === provider && v.segment?.name === segment);
  if (!found) throw new Error(`no ${provider} variant for ${segment}`);
  return found;
};

/** The composer for the post, the way a planner opens it: its event in the week of tomorrow, then the drawer. */
async function openComposer(page: Page, variantId: string) {
  await nav(page, '캘린더');
  await page.getByRole('tab', { name: '주 보기' }).click();
  await showWeekOf(page, seoulDay(1));
  await page.locator(`[data-variant-id="${variantId}"]`).first().click();
  await page.getByRole('dialog').getByRole('button', { name: '게시물 편집' }).click();
  const composer = page.getByRole('dialog', { name: '게시물 편집' });
  await composer.getByLabel('본문 (모든 변형에 공통)').waitFor();
  return composer;
}

/** Week view: moves forward until the column of `day` is shown. */
async function showWeekOf(page: Page, day: string) {
  await page.locator('[data-time="08:00:00"]').first().waitFor();
  for (let i = 0; i < 2 && (await page.locator(`[data-date="${day}"]`).count()) === 0; i++) {
    await page.getByRole('button', { name: '다음 주' }).click();
  }
  await page.locator(`[data-date="${day}"]`).last().waitFor();
}

async function openQueue(page: Page) {
  await nav(page, '승인');
  await page.getByRole('tab', { name: '내 검토 차례', selected: true }).waitFor();
  await page.locator('.queue-card, .empty-state').first().waitFor();
}

const inboxRow = (page: Page, text: string) => page.getByTestId('conversation-list').getByRole('listitem').filter({ hasText: text });

describe.skipIf(!hasChromium)('the whole loop in Chromium, in Korean', () => {
  it('connect → plan → review → publish with targeting → live replies → answer and escalate → reports and the morning digest', async () => {
    const started = Date.now();
    const base = `${h.url}/w/${workspaceId}`;
    const tomorrow = seoulDay(1);
    const nineTomorrow = new Date(`${tomorrow}T09:00:00+09:00`);

    // ---- 1. The admin connects the Facebook Page and the X account, and adds a department ----
    const admin = await open('admin');
    {
      const { page } = admin;
      await page.goto(`${base}/settings/channels`);
      await page.getByRole('heading', { name: '계정 연결' }).waitFor();
      // Facebook Login: the emulator's dialog consents and sends the browser back with a code; the Pages wait on the server.
      await page.getByRole('button', { name: 'Facebook·Instagram 연결' }).click();
      const picker = page.getByRole('dialog', { name: '연결할 페이지 선택' });
      await picker.getByRole('checkbox', { name: new RegExp(`Facebook 페이지 ‘${PAGE_NAME}’ · 팔로워 8,000명`) }).check();
      await expectAccessible(page, 'Facebook Page picker');
      await shot(page, '01-admin-page-picker');
      await picker.getByRole('button', { name: '1개 연결' }).click();
      await page.getByText('채널 1개를 연결했습니다').waitFor();
      await picker.waitFor({ state: 'hidden' });
      // X sign-in (OAuth 2.0 with PKCE): the emulator's consent screen sends the browser back.
      await page.getByRole('button', { name: 'X 연결' }).click();
      await page.getByText('X 계정을 연결했습니다').waitFor();
      const fbRow = page.getByRole('row').filter({ hasText: PAGE_NAME }).filter({ hasNotText: X_NAME });
      const xRow = page.getByRole('row').filter({ hasText: X_NAME });
      await fbRow.getByText('연결됨', { exact: true }).waitFor();
      await xRow.getByText('연결됨', { exact: true }).waitFor();
      await expectAccessible(page, 'channels settings after connecting');
      await shot(page, '02-admin-channels-connected');

      const channels = await db().channelAccount.findMany({
        where: { workspaceId },
        select: { provider: true, remoteId: true, status: true, name: true, credentials: true, followerCount: true },
        orderBy: { provider: 'asc' },
      });
      expect(
        channels.map((c) => ({ provider: c.provider, remoteId: c.remoteId, status: c.status, name: c.name, followers: c.followerCount })),
      ).toEqual([
        { provider: 'facebook_page', remoteId: PAGE_ID, status: 'active', name: PAGE_NAME, followers: 8_000 },
        { provider: 'x', remoteId: X_USER, status: 'active', name: X_NAME, followers: 5_000 },
      ]);
      // Tokens are stored sealed: the Page token the emulator handed out is nowhere in the row.
      expect(JSON.stringify(channels)).not.toContain(PAGE_TOKEN);
      expect(channels.every((c) => c.credentials !== null)).toBe(true);

      // A department to escalate to (Settings › Inbox).
      await page.goto(`${base}/settings/inbox`);
      await page.getByRole('heading', { name: '부서' }).waitFor();
      await page.getByLabel('부서 이름').fill(LOGISTICS.name);
      await page.getByLabel('메일 주소').fill(LOGISTICS.email);
      await page.getByRole('button', { name: '부서 추가' }).click();
      await page.getByText(LOGISTICS.email, { exact: true }).waitFor();
      expect(await db().department.count({ where: { workspaceId, name: LOGISTICS.name } })).toBe(1);
      await admin.context.close();
    }

    // ---- 2. The planner writes the post (two channels × two segments) and drags it onto tomorrow 09:00 KST ----
    const planner = await open('planner');
    const p = planner.page;
    {
      await p.getByRole('button', { name: '새 게시물' }).click();
      const composer = p.getByRole('dialog', { name: '새 게시물' });
      await composer.getByLabel('제목 (내부용)').fill(TITLE);
      await composer.getByRole('checkbox', { name: new RegExp(`^${PAGE_NAME} \\(Facebook\\)`) }).check();
      await composer.getByRole('checkbox', { name: new RegExp(`^${X_NAME} \\(X\\)`) }).check();
      await composer.getByRole('checkbox', { name: SEOUL }).check();
      await composer.getByRole('checkbox', { name: US }).check();
      await composer.getByLabel('본문 (모든 변형에 공통)').fill(KO_TEXT);
      await expect.poll(() => composer.locator('.variant-card').count()).toBe(4);
      // The English audience gets its own words on both networks.
      for (const [channel, text] of [
        [PAGE_NAME, EN_TEXT],
        [X_NAME, EN_X_TEXT],
      ] as const) {
        const name = `${channel} · ${US}`;
        await composer.getByRole('button', { name: `따로 쓰기 ${name}`, exact: true }).click();
        await composer.getByLabel(`${name} 본문`, { exact: true }).fill(text);
      }
      // X has no organic targeting: said on its two variants; saving is still allowed.
      await expect.poll(() => composer.getByText('이 채널은 게시물 타기팅을 지원하지 않아요', { exact: false }).count()).toBe(2);
      await expectAccessible(p, 'composer with four variants');
      await shot(p, '03-planner-composer');
      await composer.getByRole('button', { name: '초안 저장' }).click();
      await p.getByRole('status').getByText('변형 4개로 저장했어요', { exact: false }).waitFor();
      await composer.waitFor({ state: 'hidden' });

      const saved = await postRow();
      expect(saved.state).toBe('draft');
      expect(saved.variants.map((v) => [v.channelAccount.provider, v.segment?.name, v.text, v.scheduledAt]).sort()).toEqual(
        [
          ['facebook_page', SEOUL, KO_TEXT, null],
          ['facebook_page', US, EN_TEXT, null],
          ['x', SEOUL, KO_TEXT, null],
          ['x', US, EN_X_TEXT, null],
        ].sort(),
      );

      // Each variant from the unscheduled panel onto tomorrow's 09:00 row in week view.
      await p.getByRole('tab', { name: '주 보기' }).click();
      await showWeekOf(p, tomorrow);
      const panel = p.getByRole('complementary', { name: /미예약/ });
      for (const v of saved.variants) {
        const item = panel.locator(`[data-unscheduled-id="${v.id}"]`);
        await item.waitFor();
        await item.scrollIntoViewIfNeeded();
        const box = await item.boundingBox();
        const column = await p.locator(`[data-date="${tomorrow}"]`).last().boundingBox();
        const row = await p.locator('[data-time="09:00:00"]').last().boundingBox();
        if (!box || !column || !row) throw new Error('drag source or target not visible');
        await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await p.mouse.down();
        await p.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2, { steps: 5 });
        await p.mouse.move(column.x + column.width / 2, row.y + row.height / 2, { steps: 20 });
        await p.mouse.up();
        await expect
          .poll(
            async () => (await db().variant.findUniqueOrThrow({ where: { id: v.id }, select: { scheduledAt: true } })).scheduledAt?.toISOString(),
            {
              timeout: 15_000,
            },
          )
          .toBe(nineTomorrow.toISOString());
        await expect.poll(() => item.count()).toBe(0);
      }
      await p.getByRole('status').getByText('예약했어요', { exact: false }).first().waitFor();
      for (const v of saved.variants) await p.locator(`[data-variant-id="${v.id}"]`).first().waitFor();
      await expectAccessible(p, 'calendar week with the post');
      await p.locator('[data-time="09:00:00"]').last().scrollIntoViewIfNeeded();
      await p.mouse.move(5, 5);
      await shot(p, '04-planner-calendar-tomorrow-0900');
    }

    // ---- 3. Review: changes requested, edited, approved ----
    const approver = await open('approver');
    const a = approver.page;
    {
      const { variants } = await postRow();
      const fbSeoulId = variantOf(variants, 'facebook_page', SEOUL).id;
      let composer = await openComposer(p, fbSeoulId);
      await composer.getByRole('button', { name: '검토 요청', exact: true }).click();
      await p.getByRole('status').getByText('검토를 요청했어요', { exact: false }).waitFor();
      expect((await postRow()).state).toBe('in_review');
      await composer.getByRole('button', { name: '취소', exact: true }).click();

      await openQueue(a);
      const card = a.getByRole('article', { name: TITLE });
      await card.waitFor();
      await expectAccessible(a, 'approvals queue');
      await shot(a, '05-approver-queue');
      await card.getByRole('button', { name: `수정 요청 ${TITLE}` }).click();
      const ask = a.getByRole('dialog', { name: '수정 요청' });
      await ask.getByLabel('의견 (필수)').fill('가격을 꼭 넣어 주세요');
      await ask.getByRole('button', { name: '수정 요청 보내기' }).click();
      await a.getByRole('status').getByText('수정을 요청했어요', { exact: false }).waitFor();
      const requested = await postRow();
      expect(requested.state).toBe('changes_requested');
      expect(
        await db().approvalDecision.findMany({ where: { postId: requested.id }, select: { decision: true, comment: true, version: true } }),
      ).toEqual([{ decision: 'changes_requested', comment: '가격을 꼭 넣어 주세요', version: 1 }]);

      // The planner puts the price in and asks again.
      await p.reload();
      composer = await openComposer(p, fbSeoulId);
      // Why: the approver's comment, in the review history beside the text.
      await composer.getByRole('button', { name: '검토 내역 보기' }).click();
      await composer.getByText('가격을 꼭 넣어 주세요').first().waitFor();
      await shot(p, '06-planner-changes-requested');
      await composer.getByLabel('본문 (모든 변형에 공통)').fill(KO_TEXT_EDITED);
      await composer.getByRole('button', { name: '변경 사항 저장' }).click();
      await composer.waitFor({ state: 'hidden' });
      composer = await openComposer(p, fbSeoulId);
      await composer.getByRole('button', { name: '검토 요청', exact: true }).click();
      await p.getByRole('status').getByText('검토를 요청했어요', { exact: false }).waitFor();
      expect(await postRow()).toMatchObject({ state: 'in_review', version: 2 });
      await composer.getByRole('button', { name: '취소', exact: true }).click();

      // The approver sees the new words marked and approves.
      await a.reload();
      await openQueue(a);
      const again = a.getByRole('article', { name: TITLE });
      await again.locator('ins', { hasText: '6,500원에' }).first().waitFor();
      await shot(a, '07-approver-diff');
      await again.getByRole('button', { name: `승인 ${TITLE}`, exact: true }).click();
      await a.getByRole('status').getByText('승인했어요', { exact: false }).waitFor();
      const approved = await postRow();
      expect(approved).toMatchObject({ state: 'scheduled', version: 2, approvedVersion: 2 });
      expect(approved.variants.every((v) => v.state === 'scheduled' && v.scheduledAt?.getTime() === nineTomorrow.getTime())).toBe(true);
      expect(approved.variants.filter((v) => v.segment?.name === SEOUL).map((v) => v.text)).toEqual([KO_TEXT_EDITED, KO_TEXT_EDITED]);
      // Each variant waits in the publish queue for its second.
      const delayed = await publisher.queue.getJobs(['delayed']);
      const queuedFor = new Set(delayed.map((j) => (j.data as { variantId?: string }).variantId));
      expect(approved.variants.every((v) => queuedFor.has(v.id))).toBe(true);
      await approver.context.close();
    }

    // ---- 4. The clock advance, then publishing with Facebook targeting ----
    let published: Variants;
    {
      // No injectable clock: instead of waiting for tomorrow 09:00, the variants are moved to a few seconds
      // from now with the call the calendar makes when a variant is dragged (the approval stands: only the time changes).
      const api = await signIn(h.ctx, people.planner.email, PASSWORD);
      const due = new Date(Date.now() + 15_000);
      const { variants } = await postRow();
      for (const v of variants) {
        const res = await api.patch(`/api/workspaces/${workspaceId}/variants/${v.id}/schedule`, { scheduledAt: due.toISOString() });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      expect((await postRow()).state).toBe('scheduled');
      await expect
        .poll(async () => (await postRow()).variants.map((v) => v.state), { timeout: 90_000, interval: 500 })
        .toEqual(['published', 'published', 'published', 'published']);
      const done = await postRow();
      published = done.variants;
      expect(done.state).toBe('published');
      // Not a moment early.
      for (const v of published) expect(v.publishedAt?.getTime()).toBeGreaterThanOrEqual(due.getTime());

      // At the Graph emulator: two Page posts, each once, each with its segment's audience.
      const pagePosts = graph.control.posts().filter((r) => r.kind === 'post');
      expect(pagePosts.map((r) => r.text).sort()).toEqual([EN_TEXT, KO_TEXT_EDITED].sort());
      const seoulPost = pagePosts.find((r) => r.text === KO_TEXT_EDITED);
      const usPost = pagePosts.find((r) => r.text === EN_TEXT);
      expect(seoulPost?.endpoint).toBe('POST /{page}/feed');
      // Region and languages as Graph's keys, found with its targeting search ("서울" → region 3854; ko-KR → 25, en-US → 6).
      const seoulAudience = { geo_locations: { regions: [{ key: '3854' }] }, age_min: 20, genders: [2], locales: [25] };
      expect(seoulPost?.body.targeting).toEqual(seoulAudience);
      expect(seoulPost?.body.feed_targeting).toEqual({ ...seoulAudience, age_max: 29 });
      expect(usPost?.body.targeting).toEqual({ geo_locations: { countries: ['US'] }, age_min: 25, locales: [6] });
      expect(usPost?.body.feed_targeting).toEqual({ geo_locations: { countries: ['US'] }, age_min: 25, age_max: 44, locales: [6] });
      expect(variantOf(published, 'facebook_page', SEOUL).remoteId).toBe(seoulPost?.remoteId);
      expect(variantOf(published, 'facebook_page', US).remoteId).toBe(usPost?.remoteId);
      // At the X emulator: two posts, each once, no targeting (X has none).
      const tweets = x.control.posts().filter((r) => r.kind === 'post');
      expect(tweets.map((r) => r.text).sort()).toEqual([EN_X_TEXT, KO_TEXT_EDITED].sort());
      expect(variantOf(published, 'x', SEOUL).remoteId).toBe(tweets.find((r) => r.text === KO_TEXT_EDITED)?.remoteId);
      // One attempt per variant, and it succeeded.
      const attempts = await db().publishAttempt.findMany({ where: { variantId: { in: published.map((v) => v.id) } }, select: { outcome: true } });
      expect(attempts.map((t) => t.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);

      // The planner's calendar says so.
      await p.reload();
      await p.getByRole('tab', { name: '일정 보기' }).click();
      const shown = async (text?: string) => {
        const events = p.locator('[data-variant-id]', { hasText: TITLE });
        const ids = await (text ? events.filter({ hasText: text }) : events).evaluateAll((els) =>
          els.map((el) => el.getAttribute('data-variant-id')),
        );
        return [...new Set(ids)].sort();
      };
      const ids = published.map((v) => v.id).sort();
      await expect.poll(() => shown()).toEqual(ids);
      await expect.poll(() => shown('게시됨')).toEqual(ids);
      await shot(p, '08-planner-calendar-published');
    }

    // ---- 5. The audience answers; the replies appear live in the inbox, linked to the post ----
    const cm = await open('community_manager');
    const c = cm.page;
    const fbSeoul = variantOf(published, 'facebook_page', SEOUL);
    const xSeoul = variantOf(published, 'x', SEOUL);
    const fbUs = variantOf(published, 'facebook_page', US);
    let complaintId = '';
    let questionTweet = '';
    {
      await nav(c, /받은 메시지함/);
      await c.getByRole('status').filter({ hasText: '실시간 연결됨' }).waitFor();
      await shot(c, '09-cm-inbox-waiting');
      // A mark on this page's window: a reload would lose it.
      await c.evaluate(() => Object.assign(globalThis, { __sameInboxPage: true }));
      // A complaint under the Korean Page post, a question answering the Korean X post, praise under the English Page post.
      complaintId = graph.control.addComment(fbSeoul.remoteId ?? '', {
        message: complaint.text,
        from: { id: complaint.person.id, name: complaint.person.name },
      });
      questionTweet = x.control.addReply(xSeoul.remoteId ?? '', {
        text: `@sotong_bakery ${question.text}`,
        authorId: question.person.id,
        username: question.person.username,
        name: question.person.name,
      }).id;
      graph.control.addComment(fbUs.remoteId ?? '', { message: praise.text, from: { id: praise.person.id, name: praise.person.name } });
      // No reload: the rows arrive over the socket.
      for (const text of [complaint.text, question.text, praise.text]) await inboxRow(c, text).waitFor({ timeout: 45_000 });
      for (const who of [complaint, question, praise]) {
        await inboxRow(c, who.text).locator('.inbox-row-name').filter({ hasText: who.person.name }).waitFor();
      }
      expect(await c.evaluate(() => (globalThis as { __sameInboxPage?: boolean }).__sameInboxPage)).toBe(true);
      await expectAccessible(c, 'inbox with the new replies');
      await shot(c, '10-cm-inbox-live');

      const conversations = await db().conversation.findMany({
        where: { workspaceId },
        select: { customerName: true, variantId: true, postId: true, category: true, sentiment: true, messageCount: true },
      });
      const postId = (await postRow()).id;
      expect(conversations).toHaveLength(3);
      expect(conversations.every((v) => v.postId === postId && v.messageCount === 1)).toBe(true);
      const byName = new Map(conversations.map((v) => [v.customerName, v]));
      expect(byName.get(complaint.person.name)).toMatchObject({ variantId: fbSeoul.id, category: 'complaint', sentiment: 'negative' });
      expect(byName.get(question.person.name)).toMatchObject({ variantId: xSeoul.id, category: 'question' });
      expect(byName.get(praise.person.name)).toMatchObject({ variantId: fbUs.id, category: 'praise' });
    }

    // ---- 6. The community manager answers the question and escalates the complaint ----
    const answer = `${question.person.name}님, 네! 이번 주부터 전 매장에서 살 수 있어요. 방문해 주세요.`;
    {
      await inboxRow(c, question.text).getByRole('button').click();
      const thread = c.getByTestId('thread');
      await thread.getByRole('heading', { name: question.person.name }).waitFor();
      // The conversation knows the post and the segment it answers.
      await thread.getByText(TITLE).waitFor();
      await thread.getByText(SEOUL).first().waitFor();
      await thread.getByTestId('reply-box').fill(answer);
      await thread.getByRole('button', { name: '답글 보내기' }).click();
      await thread.locator('[data-delivery="sent"]').waitFor({ timeout: 45_000 });
      await expectAccessible(c, 'thread after replying');
      await shot(c, '11-cm-replied');
      // A real reply to that post on X, once.
      const replies = x.control.posts().filter((r) => r.kind === 'reply');
      expect(replies.map((r) => r.text)).toEqual([answer]);
      expect(replies[0]?.endpoint).toBe('POST /2/tweets');
      expect(x.state.tweets.get(replies[0]?.remoteId ?? '')?.referenced_tweets).toEqual([{ type: 'replied_to', id: questionTweet }]);
      const sent = await db().inboxMessage.findFirstOrThrow({
        where: { workspaceId, direction: 'outbound' },
        select: { text: true, deliveryState: true, remoteId: true },
      });
      expect(sent).toEqual({ text: answer, deliveryState: 'sent', remoteId: replies[0]?.remoteId });

      // The complaint goes to logistics.
      await inboxRow(c, complaint.text).getByRole('button').click();
      await thread.getByRole('heading', { name: complaint.person.name }).waitFor();
      await thread.getByRole('button', { name: '부서로 전달' }).click();
      const dialog = c.getByRole('dialog', { name: '담당 부서로 전달' });
      await dialog.getByLabel('부서', { exact: true }).selectOption({ label: `${LOGISTICS.name} (${LOGISTICS.email})` });
      await expect.poll(() => dialog.getByLabel('전달 메모').inputValue()).toContain(complaint.text);
      await expectAccessible(c, 'escalation dialog');
      await shot(c, '12-cm-escalate');
      await dialog.getByRole('button', { name: '전달하기' }).click();
      await c.getByText('부서로 전달했습니다. 곧 메일이 갑니다.').waitFor();
      await thread.getByRole('article', { name: `${LOGISTICS.name} 에스컬레이션` }).waitFor();
      const escalation = await db().escalation.findFirstOrThrow({
        where: { workspaceId },
        select: { status: true, note: true, department: { select: { name: true } }, conversation: { select: { customerName: true } } },
      });
      expect(escalation).toMatchObject({
        status: 'open',
        department: { name: LOGISTICS.name },
        conversation: { customerName: complaint.person.name },
      });
      // The department's e-mail, with the customer's words.
      await expect.poll(() => sink.received.filter((m) => m.to.includes(LOGISTICS.email)).length, { timeout: 30_000 }).toBe(1);
      expect(sink.received.find((m) => m.to.includes(LOGISTICS.email))?.text).toContain(complaint.text);
      await shot(c, '13-cm-escalated');
      // Nothing was said on the Page: the complaint waits for the department, the praise for an answer.
      expect(graph.control.posts().filter((r) => r.kind === 'reply')).toHaveLength(0);
      expect(graph.state.nodes.get(complaintId)?.replies).toEqual([]);
      expect(cm.errors).toEqual([]);
      await cm.context.close();
    }

    // ---- 7. Reports and the morning digest ----
    {
      // An hour passes for the metrics: the emulator's posts and the variants' publication times are made an hour
      // older (no injectable clock), and the readings queued for 1 h after publication are run now by the metrics worker.
      for (const v of published) {
        (v.channelAccount.provider === 'x' ? x : graph).control.agePost(v.remoteId ?? '', HOUR);
        await db().variant.update({ where: { id: v.id }, data: { publishedAt: new Date((v.publishedAt as Date).getTime() - HOUR) } });
      }
      for (const v of published) {
        const job = await metrics.queue.getJob(metricsJobId(v.id, '1h'));
        expect(job, `the 1 h reading of ${v.id} is queued`).toBeTruthy();
        await job?.promote();
      }
      await expect
        .poll(() => db().metricSnapshot.count({ where: { variantId: { in: published.map((v) => v.id) }, checkpoint: '1h' } }), { timeout: 45_000 })
        .toBe(4);
      const snapshots = await db().metricSnapshot.findMany({
        where: { variantId: { in: published.map((v) => v.id) } },
        select: { variantId: true, reactions: true, comments: true, shares: true },
      });
      // The readings count the audience's answers: the complaint under the Korean Page post, the question (and our reply) on X.
      expect(snapshots.find((s) => s.variantId === fbSeoul.id)?.comments).toBe(1);
      expect(snapshots.find((s) => s.variantId === xSeoul.id)?.comments).toBeGreaterThanOrEqual(1);

      const exec = await open('viewer');
      const e = exec.page;
      await nav(e, '리포트');
      await e.getByRole('heading', { name: '리포트', level: 1 }).waitFor();
      await expect.poll(() => e.getByRole('tab', { name: '콘텐츠' }).getAttribute('aria-selected')).toBe('true');
      await e.getByText('참여율 중앙값', { exact: true }).first().waitFor();
      const postsKpi = e.locator('.kpi').first().locator('.kpi-value');
      await expect.poll(async () => (await postsKpi.textContent())?.trim()).toBe('4');
      await e.getByRole('heading', { name: '성과가 좋은 게시물' }).waitFor();
      // The Korean Page post's card shows its reading: reactions, comments and shares as the metrics worker stored them.
      const fbSeoulReading = snapshots.find((s) => s.variantId === fbSeoul.id);
      await e
        .locator('.post-preview')
        .filter({ hasText: KO_TEXT_EDITED })
        .filter({ hasText: '게시 당시 팔로워 8,000명' })
        .getByText(`반응 ${fbSeoulReading?.reactions} · 댓글 1 · 공유 ${fbSeoulReading?.shares}`)
        .waitFor();
      await expectAccessible(e, 'reports');
      await e.locator('.report-kpis').scrollIntoViewIfNeeded();
      await shot(e, '14-exec-reports');
      await e.getByRole('heading', { name: '성과가 좋은 게시물' }).scrollIntoViewIfNeeded();
      await shot(e, '15-exec-reports-top-posts');

      // The next morning's digest (08:30 in Seoul): its job is run now, as the 08:30 scheduler would run it.
      let day = seoulDay(0);
      if (sendInstant(day, '08:30', TZ).getTime() <= Date.now()) day = Temporal.PlainDate.from(day).add({ days: 1 }).toString();
      await enqueueSendDigest(digests.queue, { workspaceId, day });
      await expect.poll(async () => (await findDigestOfDay(db(), workspaceId, day))?.data.customers.counts.messages, { timeout: 30_000 }).toBe(3);
      // Every subscriber (admin, approver, planner and executive by default; not the community manager) is mailed once.
      const subscribers = [people.admin, people.planner, people.approver, people.viewer].map((x) => x.email).sort();
      await expect
        .poll(
          () =>
            sink.received
              .filter((m) => m.subject.includes('아침 브리핑'))
              .flatMap((m) => m.to)
              .sort(),
          { timeout: 30_000 },
        )
        .toEqual(subscribers);
      const mail = sink.received.find((m) => m.to.includes(people.viewer.email) && m.subject.includes('아침 브리핑'));
      expect(mail?.text).toContain(complaint.text);
      expect(mail?.text.indexOf(complaint.text)).toBeLessThan(mail?.text.indexOf(question.text) ?? -1);

      await nav(e, '아침 브리핑');
      await e.getByRole('heading', { name: '아침 브리핑', level: 1 }).waitFor();
      const quotes = e.locator('.digest-quote');
      await expect.poll(() => quotes.count()).toBe(3);
      // Unanswered and negative first: the complaint leads; the answered question is marked so.
      expect(await quotes.first().textContent()).toContain(complaint.text);
      await quotes.filter({ hasText: complaint.text }).getByText('미응답').waitFor();
      await quotes.filter({ hasText: question.text }).getByText('응답함').waitFor();
      await quotes.filter({ hasText: praise.text }).waitFor();
      await e.locator('.digest-escalations').getByText(LOGISTICS.name).first().waitFor();
      await expectAccessible(e, 'morning digest');
      await shot(e, '16-exec-digest');
      // Yesterday's posts, from the next morning: the post and its engagement (when it was published on the day before).
      const yesterday = Temporal.PlainDate.from(day).subtract({ days: 1 }).toString();
      const publishedYesterday = (await postRow()).variants.filter((v) => v.publishedAt && seoulWall(v.publishedAt).startsWith(yesterday)).length;
      await e.getByRole('heading', { name: /어제 게시물/ }).scrollIntoViewIfNeeded();
      await (publishedYesterday > 0
        ? e.getByText(new RegExp(`게시물 ${publishedYesterday}건 · 참여율 중앙값`))
        : e.getByText('어제 게시된 게시물이 없습니다.')
      ).waitFor();
      await shot(e, '17-exec-digest-posts');
      expect(exec.errors).toEqual([]);
      await exec.context.close();
    }

    // Still exactly once each, after everything else has run (the publish reconciler included).
    expect(graph.control.posts().filter((r) => r.kind === 'post')).toHaveLength(2);
    expect(x.control.posts().filter((r) => r.kind === 'post')).toHaveLength(2);
    expect(planner.errors).toEqual([]);
    expect(approver.errors).toEqual([]);
    expect(admin.errors).toEqual([]);
    await planner.context.close();
    process.stdout.write(`whole loop: ${Math.round((Date.now() - started) / 1000)} s\n`);
  }, 300_000);
});
