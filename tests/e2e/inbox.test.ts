/**
 * The inbox in Chromium against the real app (real-time attached, the ingestion and outbound workers
 * running) and the Graph emulator: a community manager (Korean) sees a new Facebook comment arrive live,
 * assigns it to herself, answers with a saved reply, and the reply reaches the emulator as a reply to that
 * comment; an admin (English) in a second session sees her presence and typing, and gets the collision
 * warning when sending after her. Then the same inbox on a 390×844 phone: list and thread as separate
 * panes. axe on every screen; screenshots in test-results/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPost } from '../../prisma/seed/builders';
import { DEMO_PASSWORD } from '../../prisma/seed/demo';
import { encryptCredentials } from '../../server/src/channels/credentials';
import { providerFor } from '../../server/src/channels/providers/registry';
import { startInboxOutboundWorker } from '../../server/src/modules/inbox/outbound-worker';
import { startInboxIngestWorker } from '../../server/src/modules/inbox-ingest/inbox-worker';
import { type GraphEmulator, startGraphEmulator } from '../emulators/graph';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, selectedRightAfterChoosing, startBrowserHarness } from '../support/browser';
import { buildConversation } from '../support/inbox-factory';
import { META_SECRET, webhookEnv } from '../support/inbox-fixtures';

const PAGE_ID = '100200300400500';
const PAGE_TOKEN = 'demo-page-token';
const HOUR = 3_600_000;

let h: BrowserHarness;
let graph: GraphEmulator;
let workspaceId: string;
let postRemoteId: string;
let cmName: string;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!hasChromium) return;
  graph = await startGraphEmulator({ pages: [{ id: PAGE_ID, name: '소통 커피', accessTokens: [PAGE_TOKEN] }], audience: { enabled: false } });
  h = await startBrowserHarness({ realtime: true, env: { ...webhookEnv, META_GRAPH_URL: graph.url } });
  const db = h.ctx.deps.prisma;
  workspaceId = (await db.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } })).id;
  const channels = await db.channelAccount.findMany({ where: { workspaceId }, select: { id: true, provider: true, name: true } });
  const fb = channels.find((c) => c.provider === 'facebook_page');
  const ig = channels.find((c) => c.provider === 'instagram');
  const x = channels.find((c) => c.provider === 'x');
  if (!fb || !ig || !x) throw new Error('demo channels missing');
  await db.channelAccount.update({
    where: { id: fb.id },
    data: { remoteId: PAGE_ID, status: 'active', ...encryptCredentials(h.ctx.deps.config.encryptionKey, { accessToken: PAGE_TOKEN }) },
  });
  const people = await db.user.findMany({ where: { email: { endsWith: '@demo.sotong.dev' } }, select: { id: true, email: true, name: true } });
  const person = (email: string) => {
    const p = people.find((u) => u.email === email);
    if (!p) throw new Error(`no ${email}`);
    return p;
  };
  const cm = person('cm@demo.sotong.dev');
  cmName = cm.name;
  const planner = person('planner@demo.sotong.dev');

  // Our published post on the Page (on the emulator, and as a published variant in Sotong).
  const text = '딸기 라떼가 돌아왔어요 🍓 이번 주말까지 전 매장에서 만나 보세요.';
  const published = await providerFor(h.ctx.deps.config, 'facebook_page').publish(
    { remoteId: PAGE_ID, accessToken: PAGE_TOKEN },
    { text, media: [], fingerprint: 'inbox-e2e' },
  );
  postRemoteId = published.remoteId;
  const segment = await db.segment.findFirst({ where: { workspaceId }, select: { id: true } });
  const post = await buildPost(db, workspaceId, planner, {
    title: '딸기 라떼 시즌 오픈',
    variants: [{ channelAccountId: fb.id, segmentId: segment?.id ?? null, text, scheduledAt: new Date(Date.now() - 2 * HOUR) }],
  });
  await db.post.update({ where: { id: post.id }, data: { state: 'published' } });
  await db.variant.update({
    where: { id: post.variantIds[0] },
    data: { state: 'published', remoteId: postRemoteId, remoteUrl: published.url, publishedAt: new Date(Date.now() - 2 * HOUR) },
  });

  await db.savedReply.createMany({
    data: [
      {
        workspaceId,
        title: '배송 지연 사과',
        locale: 'ko',
        body: '{{name}}님, 기다리게 해서 죄송합니다. 주문 번호를 메시지로 보내 주시면 바로 확인해 드릴게요. — {{agent}}',
      },
      { workspaceId, title: 'Thanks for the kind words', locale: 'en', body: 'Thank you, {{name}}! We are glad you liked it.' },
    ],
  });
  await db.department.create({ data: { workspaceId, name: '물류팀', email: 'logistics@demo.sotong.dev' } });

  // Some conversations already in the inbox, as ingestion leaves them.
  const now = Date.now();
  const seeds = [
    {
      channel: ig.id,
      name: 'jiwoo.lee',
      handle: 'jiwoo.lee',
      text: '오늘 받은 케이크 상자가 찌그러져 있었어요. 교환 가능한가요?',
      category: 'complaint',
      sentiment: 'negative',
      due: now - HOUR,
    },
    {
      channel: x.id,
      name: 'Minseo Park',
      handle: 'minseo_p',
      text: '@sotong_kr 강남점 몇 시까지 하나요?',
      category: 'question',
      sentiment: 'neutral',
      due: now + HOUR,
      assignee: cm.id,
    },
    { channel: fb.id, name: '정다은', text: '새로 나온 딸기 라떼 진짜 맛있어요! 또 갈게요 😊', category: 'praise', sentiment: 'positive' },
    {
      channel: x.id,
      name: 'Chris Yoon',
      handle: 'chrisyoon',
      text: 'Do you ship beans to Busan? Asking for a friend.',
      category: 'question',
      sentiment: 'neutral',
      due: now + 20 * HOUR,
    },
    {
      channel: ig.id,
      name: 'hana_coffee',
      handle: 'hana_coffee',
      text: '앱 쿠폰이 결제할 때 적용이 안 돼요',
      category: 'complaint',
      sentiment: 'negative',
      due: now + 3 * HOUR,
    },
  ] as const;
  for (const [i, s] of seeds.entries()) {
    await buildConversation(db, {
      workspaceId,
      channelAccountId: s.channel,
      kind: s.channel === x.id ? 'mention' : 'comment_thread',
      customerName: s.name,
      customerHandle: 'handle' in s ? s.handle : null,
      category: s.category,
      sentiment: s.sentiment,
      responseDueAt: 'due' in s ? new Date(s.due) : null,
      assigneeId: 'assignee' in s ? s.assignee : null,
      messages: [{ text: s.text, sentAt: new Date(now - (seeds.length - i) * 17 * 60_000) }],
    });
  }

  graph.control.setWebhook({ url: `${h.url}/webhooks/meta`, appSecret: META_SECRET });
  const ingest = await startInboxIngestWorker(h.ctx.deps);
  const outbound = await startInboxOutboundWorker(h.ctx.deps);
  stops.push(
    () => ingest.close(),
    async () => {
      await outbound.worker.close();
      await outbound.queue.close();
    },
  );
}, 120_000);

afterAll(async () => {
  for (const stop of stops) await stop();
  await h?.close();
  await graph?.close();
});

async function open(browser: Browser, lang: 'ko' | 'en', viewport = { width: 1440, height: 1000 }) {
  const context = await browser.newContext({ locale: lang === 'ko' ? 'ko-KR' : 'en-US', viewport, timezoneId: 'Asia/Seoul' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function logIn(page: Page, email: string, lang: 'ko' | 'en') {
  await page.goto(`${h.url}/login`);
  await page.getByLabel(lang === 'ko' ? '이메일' : 'Email').fill(email);
  await page.getByLabel(lang === 'ko' ? '비밀번호' : 'Password').fill(DEMO_PASSWORD);
  await page.getByLabel(lang === 'ko' ? '비밀번호' : 'Password').press('Enter');
  await page
    .getByRole('navigation')
    .getByRole('link', { name: lang === 'ko' ? /받은 메시지함/ : /Inbox/ })
    .waitFor();
}

const row = (page: Page, text: string) => page.getByTestId('conversation-list').getByRole('listitem').filter({ hasText: text });

describe.skipIf(!hasChromium)('inbox in the browser', () => {
  it('a new comment appears live, is assigned, answered with a saved reply that reaches the network, and a second session is warned', async () => {
    const cm = await open(h.browser, 'ko');
    await logIn(cm.page, 'cm@demo.sotong.dev', 'ko');
    // The navigation counts unread conversations.
    await cm.page.getByTestId('inbox-unread').waitFor();
    await cm.page
      .getByRole('navigation')
      .getByRole('link', { name: /받은 메시지함/ })
      .click();
    await row(cm.page, '케이크 상자').waitFor();
    await cm.page.getByRole('status').filter({ hasText: '실시간 연결됨' }).waitFor();
    await expectAccessible(cm.page, 'inbox list (ko)');
    await screenshot(cm.page, 'inbox-list-desktop-ko');

    // A customer comments on our post: the webhook brings it in, the list shows it without a reload.
    const comment = '주문한 원두가 일주일째 안 와요. 언제 받을 수 있나요?';
    const commentId = graph.control.addComment(postRemoteId, { message: comment, from: { id: '7700123', name: '김하늘' } });
    const fresh = row(cm.page, comment);
    await fresh.waitFor({ timeout: 30_000 });
    await fresh.locator('.inbox-row-name').filter({ hasText: '김하늘' }).waitFor();
    await fresh.getByRole('button').click();
    const thread = cm.page.getByTestId('thread');
    await thread.getByRole('heading', { name: '김하늘' }).waitFor();
    await thread.getByText('딸기 라떼 시즌 오픈').waitFor();
    const conversationId = new URL(cm.page.url()).searchParams.get('c');
    expect(conversationId).toBeTruthy();

    // Assign it to myself.
    await thread.getByRole('button', { name: '내가 맡기' }).click();
    await cm.page.getByText('내 담당으로 가져왔습니다').waitFor();
    await expect.poll(() => thread.getByLabel('담당자', { exact: true }).inputValue()).not.toBe('');
    // A manual category shows at once, not when the save comes back, and is kept.
    const category = thread.getByLabel('분류', { exact: true });
    const manual = (await category.inputValue()) === 'praise' ? 'question' : 'praise';
    expect(await selectedRightAfterChoosing(category, manual)).toBe(manual);
    await expect
      .poll(async () => (await h.ctx.deps.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId as string } })).category)
      .toBe(manual);
    expect(await category.inputValue()).toBe(manual);

    // A second person (admin, English) opens the same conversation: each sees the other.
    const admin = await open(h.browser, 'en');
    await logIn(admin.page, 'admin@demo.sotong.dev', 'en');
    await admin.page.goto(`${h.url}/w/${workspaceId}/inbox?c=${conversationId}`);
    const adminThread = admin.page.getByTestId('thread');
    await adminThread.getByRole('heading', { name: '김하늘' }).waitFor();
    await thread
      .getByTestId('presence')
      .getByText(/보는 중/)
      .waitFor({ timeout: 15_000 });
    await adminThread.getByTestId('presence').getByText(`${cmName} is viewing`).waitFor({ timeout: 15_000 });
    // The admin starts a reply; the community manager sees it being typed.
    await adminThread.getByTestId('reply-box').fill('We are looking into your order right now.');
    await thread
      .getByTestId('presence')
      .getByText(/답글 쓰는 중/)
      .waitFor({ timeout: 15_000 });
    await thread.getByRole('status').filter({ hasText: '지금 이 대화에 답글을 쓰고 있어요' }).waitFor();

    // The community manager answers with a saved reply; it goes out through the Graph API as a reply to the comment.
    await thread.getByRole('button', { name: '저장된 답글' }).click();
    await cm.page
      .getByRole('region', { name: '저장된 답글' })
      .getByRole('button', { name: /배송 지연 사과/ })
      .click();
    const box = thread.getByTestId('reply-box');
    const expected = `김하늘님, 기다리게 해서 죄송합니다. 주문 번호를 메시지로 보내 주시면 바로 확인해 드릴게요. — ${cmName}`;
    await expect.poll(() => box.inputValue()).toBe(expected);
    await expectAccessible(cm.page, 'thread with a saved reply (ko)');
    await thread.getByRole('button', { name: '답글 보내기' }).click();
    await thread.locator('[data-delivery="sent"]').waitFor({ timeout: 30_000 });
    const replies = graph.control.posts().filter((p) => p.kind === 'reply' && p.text === expected);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.endpoint).toBe('POST /{comment}/comments');
    expect(graph.state.nodes.get(replies[0]?.remoteId ?? '')?.parent?.id).toBe(commentId);
    await screenshot(cm.page, 'inbox-thread-desktop-ko');

    // The admin sends after her without having seen it: warned, with her reply shown.
    await adminThread.getByRole('button', { name: 'Send reply' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'Someone else already replied' });
    await dialog.waitFor();
    await dialog.getByText(expected).waitFor();
    await expectAccessible(admin.page, 'collision warning (en)');
    await screenshot(admin.page, 'inbox-collision-warning-en');
    await dialog.getByRole('button', { name: 'Go back and check' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(graph.control.posts().filter((p) => p.kind === 'reply')).toHaveLength(1);
    await screenshot(admin.page, 'inbox-thread-desktop-en');

    // Keyboard: ? shows the shortcuts; j moves to the next conversation; e closes it.
    await cm.page.locator('body').click({ position: { x: 5, y: 5 } });
    await cm.page.keyboard.press('?');
    const help = cm.page.getByRole('region', { name: '키보드 단축키' });
    await help.waitFor();
    await screenshot(cm.page, 'inbox-shortcuts-ko');
    await cm.page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await cm.page.keyboard.press('j');
    await expect.poll(() => new URL(cm.page.url()).searchParams.get('c')).not.toBe(conversationId);
    const next = new URL(cm.page.url()).searchParams.get('c') ?? '';
    await cm.page.getByTestId('thread').getByRole('button', { name: '종료' }).waitFor();
    await cm.page.keyboard.press('e');
    await cm.page.getByText('대화를 종료했습니다').waitFor();
    await expect.poll(async () => (await h.ctx.deps.prisma.conversation.findUniqueOrThrow({ where: { id: next } })).status).toBe('closed');

    expect(cm.errors).toEqual([]);
    expect(admin.errors).toEqual([]);
    await admin.context.close();
    await cm.context.close();
  }, 120_000);

  it('a reply can answer an earlier commenter in a busy thread, not only the latest one', async () => {
    const cm = await open(h.browser, 'ko');
    await logIn(cm.page, 'cm@demo.sotong.dev', 'ko');
    const first = '라떼 가격이 얼마인가요?';
    const firstId = graph.control.addComment(postRemoteId, { message: first, from: { id: '7700201', name: '박서준' } });
    const latest = '저도 궁금해요!';
    const latestId = graph.control.addComment(postRemoteId, { message: latest, from: { id: '7700202', name: '한지민' } });
    await cm.page.goto(`${h.url}/w/${workspaceId}/inbox`);
    // Both land in the post's comment thread within the same second: the row shows one of them.
    const fresh = cm.page
      .getByTestId('conversation-list')
      .getByRole('listitem')
      .filter({ hasText: /라떼 가격이 얼마인가요\?|저도 궁금해요!/ });
    await fresh.waitFor({ timeout: 30_000 });
    await fresh.getByRole('button').click();
    const thread = cm.page.getByTestId('thread');
    await thread.getByText(first).waitFor();
    await thread.getByText(latest).waitFor();
    await thread.getByRole('button', { name: '이 메시지에 답글 (박서준)' }).click();
    const target = thread.locator('.composer-reply-to');
    await target.getByText('박서준님에게 답글').waitFor();
    const box = thread.getByTestId('reply-box');
    await expect.poll(() => box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    const text = '박서준님, 라떼는 5,500원입니다.';
    await box.fill(text);
    await expectAccessible(cm.page, 'reply to an earlier comment (ko)');
    await screenshot(cm.page, 'inbox-reply-to-earlier-ko');
    await thread.getByRole('button', { name: '답글 보내기' }).click();
    await target.waitFor({ state: 'hidden' });
    await expect.poll(() => graph.control.posts().filter((p) => p.kind === 'reply' && p.text === text).length, { timeout: 30_000 }).toBe(1);
    const sent = graph.control.posts().find((p) => p.kind === 'reply' && p.text === text);
    expect(graph.state.nodes.get(sent?.remoteId ?? '')?.parent?.id).toBe(firstId);
    expect(graph.state.nodes.get(sent?.remoteId ?? '')?.parent?.id).not.toBe(latestId);
    expect(cm.errors).toEqual([]);
    await cm.context.close();
  }, 120_000);

  it('works on a phone: the list and the thread are separate panes (390×844)', async () => {
    for (const lang of ['ko', 'en'] as const) {
      const phone = await open(h.browser, lang, { width: 390, height: 844 });
      await logIn(phone.page, 'cm@demo.sotong.dev', lang);
      await phone.page.goto(`${h.url}/w/${workspaceId}/inbox`);
      const first = row(phone.page, '케이크 상자');
      await first.waitFor();
      if (lang === 'ko') await expectAccessible(phone.page, 'phone list (ko)');
      await screenshot(phone.page, `inbox-phone-list-${lang}`);
      await phone.page.getByRole('button', { name: lang === 'ko' ? /^필터/ : /^Filters/ }).click();
      await phone.page.getByLabel(lang === 'ko' ? '분류' : 'Category').waitFor();
      await screenshot(phone.page, `inbox-phone-filters-${lang}`);
      await first.getByRole('button').click();
      const thread = phone.page.getByTestId('thread');
      await thread.getByRole('heading', { name: 'jiwoo.lee' }).waitFor();
      // The list is out of the way; the thread fills the screen with a way back.
      expect(await phone.page.getByTestId('conversation-list').isVisible()).toBe(false);
      if (lang === 'ko') await expectAccessible(phone.page, 'phone thread (ko)');
      await screenshot(phone.page, `inbox-phone-thread-${lang}`);
      await thread.getByRole('button', { name: lang === 'ko' ? /목록으로/ : /Back to the list/ }).click();
      await row(phone.page, '케이크 상자').waitFor();
      expect(phone.errors).toEqual([]);
      await phone.context.close();
    }
  }, 90_000);

  it('admins set up departments and saved replies in Settings › Inbox', async () => {
    const admin = await open(h.browser, 'ko');
    await logIn(admin.page, 'admin@demo.sotong.dev', 'ko');
    await admin.page.goto(`${h.url}/w/${workspaceId}/settings/inbox`);
    // Classification rules (the starter set) can be tried on a sentence.
    await admin.page.getByRole('heading', { name: '분류 규칙' }).waitFor();
    await admin.page.getByLabel('문장으로 시험해 보기').fill('주문한 게 아직도 안 왔어요. 환불해 주세요');
    await admin.page.getByRole('button', { name: '분류해 보기' }).click();
    await admin.page
      .getByRole('status')
      .filter({ hasText: /^분류: / })
      .waitFor();
    await screenshot(admin.page, 'inbox-settings-rules-ko');
    await admin.page.getByRole('heading', { name: '부서' }).waitFor();
    await admin.page.getByText('logistics@demo.sotong.dev', { exact: true }).waitFor();
    await admin.page.getByLabel('부서 이름').fill('고객센터');
    await admin.page.getByLabel('메일 주소').fill('cs@demo.sotong.dev');
    await admin.page.getByRole('button', { name: '부서 추가' }).click();
    await admin.page.getByText('cs@demo.sotong.dev', { exact: true }).waitFor();
    await admin.page.getByLabel('제목').fill('영업시간 안내');
    await admin.page.getByLabel('내용').fill('{{name}}님, 매장은 매일 오전 8시부터 밤 10시까지 열어요.');
    await admin.page.getByText(/미리 보기: 김민수님, 매장은/).waitFor();
    await admin.page.getByRole('button', { name: '저장된 답글 추가' }).click();
    await admin.page.getByText('영업시간 안내').waitFor();
    await expectAccessible(admin.page, 'inbox settings (ko)');
    await screenshot(admin.page, 'inbox-settings-ko');
    expect(await h.ctx.deps.prisma.department.count({ where: { workspaceId } })).toBe(2);
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  }, 60_000);
});
