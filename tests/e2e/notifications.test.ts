import type { Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_WORKSPACE } from '../../prisma/seed/demo';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

async function apiClient(email: string) {
  const agent = request.agent(h.ctx.app);
  const res = await agent.post('/api/auth/login').send({ email, password: DEMO_PASSWORD });
  expect(res.status).toBe(200);
  const csrf = res.body.csrfToken as string;
  return { get: (url: string) => agent.get(url), post: (url: string, body: object) => agent.post(url).set('x-csrf-token', csrf).send(body) };
}

async function logIn(page: Page, email: string) {
  await page.goto(`${h.url}/login`);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(DEMO_PASSWORD);
  await page.getByLabel('비밀번호').press('Enter');
  await page.getByRole('navigation').getByRole('link', { name: '캘린더' }).waitFor();
}

/** The unread count the bell announces (its accessible name), 0 when it has none. */
async function bellCount(page: Page): Promise<number> {
  const name = (await page.getByRole('button', { name: /^알림/ }).getAttribute('aria-label')) ?? '';
  return Number(/(\d+)개/.exec(name)?.[1] ?? 0);
}

describe.skipIf(!hasChromium)('notifications and comments in the browser', () => {
  it('the approver sees a review request in the bell (Korean), follows it, mentions the planner in the thread', { timeout: 150_000 }, async () => {
    const prisma = h.ctx.deps.prisma;
    const workspace = await prisma.workspace.findFirstOrThrow({ where: { name: DEMO_WORKSPACE }, select: { id: true } });
    const channel = await prisma.channelAccount.findFirstOrThrow({ where: { workspaceId: workspace.id }, select: { id: true, name: true } });
    const plannerUser = await prisma.user.findUniqueOrThrow({ where: { email: 'planner@demo.sotong.dev' }, select: { id: true, name: true } });
    const ws = `/api/workspaces/${workspace.id}`;

    const context = await h.browser.newContext({ locale: 'ko-KR', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, 'approver@demo.sotong.dev');
    await page.getByRole('button', { name: /^알림/ }).waitFor();
    // The demo approver may have unread notifications already (the seeded reviews): wait until the bell shows them.
    const approverUser = await prisma.user.findUniqueOrThrow({ where: { email: 'approver@demo.sotong.dev' }, select: { id: true } });
    const before = await prisma.notification.count({ where: { userId: approverUser.id, workspaceId: workspace.id, readAt: null } });
    await expect.poll(() => bellCount(page), { timeout: 20_000 }).toBe(before);

    // The planner submits a post through the API.
    const planner = await apiClient('planner@demo.sotong.dev');
    const title = '알림 테스트: 주말 라떼 할인';
    const created = await planner.post(`${ws}/posts`, {
      title,
      variants: [
        { channelAccountId: channel.id, text: '주말에는 라떼가 20% 할인됩니다', scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const postId = created.body.id as string;
    expect((await planner.post(`${ws}/posts/${postId}/transitions`, { to: 'in_review' })).status).toBe(200);

    // The bell polls (every 30 s) and counts one more.
    await expect.poll(() => bellCount(page), { timeout: 45_000, interval: 1_000 }).toBe(before + 1);
    const bell = page.getByRole('button', { name: /^알림/ });
    await bell.click();
    await expect.poll(() => bell.getAttribute('aria-expanded')).toBe('true');
    const panel = page.getByRole('region', { name: '알림' });
    const item = panel.getByRole('link', { name: new RegExp(`‘${title}’ 게시물의 검토를 요청받았습니다`) });
    await item.waitFor();
    await expectAccessible(page, 'open notification bell');
    await screenshot(page, 'notifications-bell-open');

    // Escape closes and gives focus back to the bell.
    await page.keyboard.press('Escape');
    await expect.poll(() => bell.getAttribute('aria-expanded')).toBe('false');
    expect(await bell.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    // Following the link opens the post in approvals and marks it read.
    await page.keyboard.press('Enter');
    await item.click();
    await page.waitForURL((url) => url.pathname.endsWith('/approvals') && url.searchParams.get('post') === postId);
    await expect.poll(() => bellCount(page), { timeout: 10_000 }).toBe(before);

    // Comment with an @-mention picked from the list.
    const box = page.getByLabel('댓글 쓰기');
    await box.waitFor({ timeout: 15_000 }).catch(async (error) => {
      await screenshot(page, 'notifications-approvals-page');
      throw error;
    });
    await box.scrollIntoViewIfNeeded();
    await box.fill('가격 표기를 확인해 주세요 ');
    await box.press('End');
    await box.pressSequentially('@이서');
    const option = page.getByRole('option', { name: new RegExp(plannerUser.name.replace(/[()]/g, '\\$&')) });
    await option.waitFor();
    await screenshot(page, 'notifications-mention-picker');
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe(`가격 표기를 확인해 주세요 @${plannerUser.name} `);
    await page.getByRole('button', { name: '댓글 등록' }).click();
    const thread = page.getByRole('region', { name: /^댓글/ });
    const posted = thread.getByRole('listitem').filter({ hasText: '가격 표기를 확인해 주세요' });
    await posted.waitFor();
    expect(await posted.getByText('v1', { exact: true }).count()).toBe(1);
    expect(await posted.locator('mark').textContent()).toBe(`@${plannerUser.name}`);
    await expect.poll(() => box.inputValue()).toBe('');
    await expectAccessible(page, 'comments thread');
    await posted.scrollIntoViewIfNeeded();
    await screenshot(page, 'notifications-comment-thread');

    // The planner is notified of the mention.
    const mine = await planner.get(`${ws}/notifications`);
    const mention = mine.body.notifications.find((n: { kind: string; postId: string }) => n.kind === 'mentioned' && n.postId === postId);
    expect(mention?.data).toMatchObject({ title, comment: `가격 표기를 확인해 주세요 @${plannerUser.name}` });
    // And, as the publish worker's audience check would leave it, a warning that a variant cannot go out as it stands.
    await prisma.notification.create({
      data: {
        workspaceId: workspace.id,
        userId: plannerUser.id,
        kind: 'publish_at_risk',
        postId,
        data: { title, channel: channel.name, detail: 'Atlantis (KR), tlh', deadline: new Date(Date.now() + 3 * 86_400_000).toISOString() },
      },
    });
    const plannerPage = await context.browser()?.newContext({ locale: 'ko-KR', viewport: { width: 1440, height: 900 } });
    const pp = await plannerPage?.newPage();
    if (!pp) throw new Error('no planner page');
    await logIn(pp, 'planner@demo.sotong.dev');
    await pp.getByRole('button', { name: /^알림, 읽지 않은 알림/ }).click();
    await pp
      .getByRole('region', { name: '알림' })
      .getByRole('link', { name: new RegExp(`님이 ‘${title}’ 댓글에서 회원님을 언급했습니다`) })
      .waitFor();
    await pp
      .getByRole('region', { name: '알림' })
      .getByRole('link', {
        name: new RegExp(
          `‘${title}’ 게시물은 지금 그대로는 ${channel.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}에 게시되지 못합니다. 세그먼트의 지역이나 언어를 알 수 없어요: Atlantis \\(KR\\), tlh`,
        ),
      })
      .waitFor();
    await screenshot(pp, 'notifications-planner-mention');
    expect(errors).toEqual([]);
    await plannerPage?.close();
    await context.close();
  });
});
