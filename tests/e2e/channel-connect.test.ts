/**
 * Settings › Channels in Chromium, in Korean: an admin connects an X account with a token (checked against the
 * X emulator), sees its status chip, is told plainly that sign-in is not configured on this server, and a
 * channel that needs reconnecting is flagged on the calendar before its posts' time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPost } from '../../prisma/seed/builders';
import { DEMO_PASSWORD } from '../../prisma/seed/demo';
import { startXEmulator, type XEmulator } from '../emulators/x';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';

const X_USER = '1500000000000000301';
const X_TOKEN = 'x-browser-token-secret-301';

let h: BrowserHarness;
let x: XEmulator;
beforeAll(async () => {
  if (!hasChromium) return;
  x = await startXEmulator({ users: [{ id: X_USER, username: 'sotong_browser', name: '소통 브라우저', accessTokens: [X_TOKEN] }] });
  h = await startBrowserHarness({ env: { X_API_URL: x.url } });
});
afterAll(async () => {
  await h?.close();
  await x?.close();
});

describe.skipIf(!hasChromium)('connecting channels in Chromium', () => {
  it('an admin connects X with a token in Korean; the chip, the not-configured message and the calendar warning', async () => {
    const context = await h.browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${h.url}/login`);
      await page.getByLabel('이메일').fill('admin@demo.sotong.dev');
      await page.getByLabel('비밀번호').fill(DEMO_PASSWORD);
      await page.getByLabel('비밀번호').press('Enter');
      await page.waitForURL(/\/w\/[0-9a-f-]+\//);
      const base = page.url().match(/^(.*\/w\/[0-9a-f-]+)\//)?.[1] ?? '';
      const workspaceId = base.split('/w/')[1] ?? '';
      await page.goto(`${base}/settings/channels`);
      await page.getByRole('heading', { name: '계정 연결' }).waitFor();
      // Demo channels are planning records: not connected.
      await expect.poll(() => page.getByText('연결 안 됨', { exact: true }).count()).toBeGreaterThan(0);

      // Sign-in is not configured on this server: said plainly.
      await page.getByRole('button', { name: 'X 연결' }).click();
      await page.getByText('이 서버에는 X 로그인이 설정되어 있지 않습니다', { exact: false }).waitFor();

      await page.getByRole('button', { name: '토큰으로 연결' }).click();
      const dialog = page.getByRole('dialog', { name: '토큰으로 연결' });
      await dialog.getByLabel('네트워크').selectOption('x');
      await dialog.getByLabel('액세스 토큰').fill('wrong-token-value');
      await dialog.getByRole('button', { name: '확인하고 연결' }).click();
      await dialog.getByText('네트워크가 이 토큰을 거부했습니다', { exact: false }).first().waitFor();
      await expectAccessible(page, 'token dialog (ko)');
      await dialog.getByLabel('액세스 토큰').fill(X_TOKEN);
      await dialog.getByRole('button', { name: '확인하고 연결' }).click();
      await page.getByText('‘소통 브라우저’ 채널을 연결했습니다').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByRole('row').filter({ hasText: '소통 브라우저' });
      await row.getByText('연결됨', { exact: true }).waitFor();
      expect(await page.content()).not.toContain(X_TOKEN);
      await expectAccessible(page, 'channels settings (ko)');
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'channel-connect-ko');

      // The token is revoked: the channel needs reconnecting, and its queued post is flagged on the calendar.
      const prisma = h.ctx.deps.prisma;
      const channel = await prisma.channelAccount.findFirstOrThrow({ where: { workspaceId, remoteId: X_USER }, select: { id: true } });
      await prisma.channelAccount.update({ where: { id: channel.id }, data: { status: 'needs_reconnect' } });
      const author = await prisma.user.findFirstOrThrow({ where: { email: 'admin@demo.sotong.dev' }, select: { id: true } });
      await buildPost(prisma, workspaceId, author, {
        title: '재연결 확인용 게시물',
        variants: [{ channelAccountId: channel.id, text: '재연결 확인용 게시물입니다', scheduledAt: new Date(Date.now() + 2 * 3600_000) }],
      });
      await page.reload();
      await row.getByText('재연결 필요', { exact: true }).waitFor();
      await row.getByRole('button', { name: /다시 연결/ }).waitFor();

      await page.goto(`${base}/calendar`);
      await page.getByRole('tab', { name: '일정 보기' }).click();
      const event = page.locator('[data-variant-id]').filter({ hasText: '재연결 확인용 게시물' }).first();
      await event.waitFor();
      await expect.poll(() => event.locator('.reconnect-badge').count()).toBe(1);
      await event.click();
      const drawer = page.getByRole('dialog', { name: '재연결 확인용 게시물' });
      await drawer.getByText('‘소통 브라우저’ 채널의 연결이 끊어져', { exact: false }).waitFor();
      await expectAccessible(page, 'calendar drawer with reconnect warning (ko)');
      await screenshot(page, 'channel-connect-calendar-ko');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
