import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPost } from '../../prisma/seed/builders';
import { type BrowserHarness, checkedRightAfterClick, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { logIn, newPage } from '../support/planner-browser';

/**
 * The publishing screens in Chromium: the admin's crisis pause and held list, the paused banner
 * every member sees, and a failed variant's reason and retry in the calendar drawer. The harness
 * runs no workers, so a worker's "held" is simulated by setting `heldAt` as the worker would.
 */
let h: BrowserHarness;
let workspaceId: string;
let xChannelId: string;
let plannerId: string;

beforeAll(async () => {
  if (!hasChromium) return;
  h = await startBrowserHarness();
  const db = h.ctx.deps.prisma;
  const ws = await db.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } });
  workspaceId = ws.id;
  xChannelId = (await db.channelAccount.findFirstOrThrow({ where: { workspaceId, name: '소통 커피 X' }, select: { id: true } })).id;
  plannerId = (await db.user.findUniqueOrThrow({ where: { email: 'planner@demo.sotong.dev' }, select: { id: true } })).id;
});
afterAll(async () => h?.close());

/** An approved post on the demo X channel whose one variant is in `state`, due at `at`. */
async function approvedPost(title: string, at: Date, extra: Record<string, unknown> = {}) {
  const db = h.ctx.deps.prisma;
  const post = await buildPost(
    db,
    workspaceId,
    { id: plannerId },
    { title, variants: [{ channelAccountId: xChannelId, text: `${title} 본문`, scheduledAt: at }] },
  );
  const { version } = await db.post.findUniqueOrThrow({ where: { id: post.id }, select: { version: true } });
  const state = (extra.state as 'scheduled' | 'failed' | 'published' | undefined) ?? 'scheduled';
  const postState = state === 'scheduled' ? 'scheduled' : state;
  await db.post.update({ where: { id: post.id }, data: { state: postState, approvedVersion: version } });
  const variantId = post.variantIds[0] ?? '';
  await db.variant.update({ where: { id: variantId }, data: { state, ...extra } });
  return variantId;
}

const variantRow = (id: string) =>
  h.ctx.deps.prisma.variant.findUniqueOrThrow({ where: { id }, select: { state: true, scheduledAt: true, heldAt: true, failureKind: true } });

describe.skipIf(!hasChromium)('publishing screens in Chromium', () => {
  it('an admin pauses the workspace (every member sees the banner), resumes, and publishes a held post now', async () => {
    const admin = await newPage(h, 'ko');
    const planner = await newPage(h, 'en');
    try {
      await logIn(h, admin.page, 'admin@demo.sotong.dev', 'ko', { events: false });
      await admin.page.getByRole('navigation').getByRole('link', { name: '설정' }).click();
      await admin.page.getByRole('link', { name: '게시', exact: true }).click();
      await admin.page.getByRole('heading', { name: '긴급 일시 중지' }).waitFor();
      await admin.page.getByText('게시가 진행 중이에요').waitFor();
      await admin.page.getByText('대기열 점검이 아직 실행되지 않았어요').or(admin.page.getByText('마지막 점검')).waitFor();
      await expectAccessible(admin.page, 'publishing panel (ko)');

      // The crisis pause, behind a confirmation.
      await admin.page.getByRole('button', { name: '모든 게시 일시 중지' }).click();
      const confirm = admin.page.getByRole('dialog', { name: '모든 게시를 일시 중지할까요?' });
      await confirm.getByRole('button', { name: '모든 게시 일시 중지' }).click();
      await admin.page.getByText('모든 게시가 일시 중지됐어요').waitFor();
      await admin.page.getByText(/부터 중지됨\. 다시 시작할 때까지/).waitFor();
      const ws = await h.ctx.deps.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { publishingPausedAt: true } });
      expect(ws.publishingPausedAt).not.toBeNull();
      // The admin's own shell shows the banner too.
      await admin.page.getByRole('status').filter({ hasText: '게시가 일시 중지됐어요.' }).waitFor();

      // A planner in another browser sees the banner, without a link to the admin panel.
      await logIn(h, planner.page, 'planner@demo.sotong.dev', 'en', { events: false });
      const banner = planner.page.getByRole('status').filter({ hasText: 'Publishing is paused.' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Nothing goes out until an admin resumes it.');
      expect(await banner.getByRole('link').count()).toBe(0);
      await planner.page.locator('[data-variant-id]').first().waitFor();
      await screenshot(planner.page, 'publishing-banner-en');

      // A post falls due while paused: the worker (not running here) would mark it held.
      const title = `E2E 보류 ${Date.now().toString(36)}`;
      const due = new Date(Date.now() + 1_000);
      const heldId = await approvedPost(title, due);
      await new Promise((r) => setTimeout(r, 1_200));
      await h.ctx.deps.prisma.variant.update({ where: { id: heldId }, data: { heldAt: new Date() } });
      await admin.page.reload();
      const row = admin.page.locator(`tr[data-variant-id="${heldId}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('소통 커피 X');
      expect(await row.getByRole('cell').nth(2).textContent()).toContain('게시가 일시 중지됐어요');
      expect(await row.getByRole('button', { name: '지금 게시' }).isDisabled()).toBe(true);
      await row.getByText('지금 게시하려면 먼저 게시를 다시 시작해 주세요.').waitFor();

      // Resume: the answer's held list shows at once, with word that none goes out on its own.
      await admin.page.getByRole('button', { name: '게시 다시 시작' }).click();
      await admin.page.getByRole('dialog', { name: '게시를 다시 시작할까요?' }).getByRole('button', { name: '게시 다시 시작' }).click();
      await admin.page.getByText(/보류된 게시물 \d+개는 (하나도 )?저절로 나가지 않아요/).waitFor();
      await admin.page.getByText('게시가 진행 중이에요').waitFor();
      await expect.poll(() => row.getByRole('cell').nth(2).textContent()).toContain('게시 중지 중에 예약 시간이 됐어요');
      // The planner's banner is gone once the shell asks again.
      await Promise.all([planner.page.waitForResponse((r) => r.url().endsWith('/publishing/status') && r.ok()), planner.page.reload()]);
      await expect.poll(() => planner.page.getByText('Publishing is paused.').count()).toBe(0);
      await screenshot(admin.page, 'publishing-after-resume-ko');

      // Publish now: the variant's due time becomes now and it is no longer held.
      const before = (await variantRow(heldId)).scheduledAt?.getTime() ?? 0;
      await row.getByRole('button', { name: '지금 게시' }).click();
      await admin.page.getByText(`“${title}”을(를) 지금 게시하고 있어요.`).waitFor();
      await expect.poll(async () => (await variantRow(heldId)).heldAt).toBeNull();
      const after = await variantRow(heldId);
      expect(after.state).toBe('scheduled');
      expect(after.scheduledAt?.getTime()).toBeGreaterThan(before);
      expect(Math.abs((after.scheduledAt?.getTime() ?? 0) - Date.now())).toBeLessThan(30_000);

      // Reschedule a second held post through the date-time field (Seoul wall time).
      const other = await approvedPost(`E2E 재예약 ${Date.now().toString(36)}`, new Date(Date.now() - 60 * 60_000), { heldAt: new Date() });
      await admin.page.reload();
      const otherRow = admin.page.locator(`tr[data-variant-id="${other}"]`);
      await otherRow.waitFor();
      expect(await otherRow.getByRole('cell').nth(2).textContent()).toContain('15분 넘게 지나');
      const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date(Date.now() + 86_400_000));
      await otherRow.getByLabel(/의 새 시간/).fill(`${tomorrow}T09:30`);
      await otherRow.getByRole('button', { name: '시간 변경' }).click();
      await expect.poll(async () => (await variantRow(other)).scheduledAt?.toISOString()).toBe(new Date(`${tomorrow}T09:30:00+09:00`).toISOString());
      await expect.poll(() => otherRow.count()).toBe(0);
      await expectAccessible(admin.page, 'publishing panel after resume (ko)');
      await admin.page.getByRole('heading', { name: '긴급 일시 중지' }).scrollIntoViewIfNeeded();
      await screenshot(admin.page, 'publishing-panel-ko');

      // A channel pause from the list of channels: the switch turns at once, not when the answer comes.
      const toggle = admin.page.getByRole('switch', { name: '소통 커피 X 일시 중지' });
      expect(await checkedRightAfterClick(toggle)).toBe(true);
      await expect
        .poll(
          async () => (await h.ctx.deps.prisma.channelAccount.findUniqueOrThrow({ where: { id: xChannelId }, select: { pausedAt: true } })).pausedAt,
        )
        .not.toBeNull();
      await admin.page
        .getByText(/부터 중지됨$/)
        .first()
        .waitFor();
      await expect.poll(() => toggle.isChecked()).toBe(true);
      await toggle.click();
      await expect
        .poll(
          async () => (await h.ctx.deps.prisma.channelAccount.findUniqueOrThrow({ where: { id: xChannelId }, select: { pausedAt: true } })).pausedAt,
        )
        .toBeNull();
      expect(admin.errors).toEqual([]);
      expect(planner.errors).toEqual([]);
    } finally {
      await admin.context.close();
      await planner.context.close();
    }
  }, 150_000);

  it('the panel is accessible in English; a planner has no Publishing tab', async () => {
    const admin = await newPage(h, 'en');
    const planner = await newPage(h, 'en');
    try {
      await logIn(h, admin.page, 'admin@demo.sotong.dev', 'en', { events: false });
      await admin.page.goto(`${h.url}/w/${workspaceId}/settings/publishing`);
      await admin.page.getByRole('heading', { name: 'Crisis pause' }).waitFor();
      await admin.page.getByRole('heading', { name: 'Queue health' }).waitFor();
      await admin.page.getByText('Failed jobs').waitFor();
      await expectAccessible(admin.page, 'publishing panel (en)');
      await screenshot(admin.page, 'publishing-panel-en');

      await logIn(h, planner.page, 'planner@demo.sotong.dev', 'en', { events: false });
      await planner.page.goto(`${h.url}/w/${workspaceId}/settings/general`);
      await planner.page.getByRole('navigation', { name: /settings/i }).waitFor();
      expect(await planner.page.getByRole('link', { name: 'Publishing', exact: true }).count()).toBe(0);
    } finally {
      await admin.context.close();
      await planner.context.close();
    }
  }, 90_000);

  it('a failed variant’s drawer says why in plain words, and Retry now moves it back to scheduled; a published one links to the post', async () => {
    const { context, page, errors } = await newPage(h, 'ko');
    try {
      const title = `E2E 실패 ${Date.now().toString(36)}`;
      const failedId = await approvedPost(title, new Date(Date.now() + 10 * 60_000), {
        state: 'failed',
        failureKind: 'rejected',
        failureReason: 'Status is a duplicate.',
      });
      const pubTitle = `E2E 게시됨 ${Date.now().toString(36)}`;
      const publishedId = await approvedPost(pubTitle, new Date(Date.now() - 5 * 60_000), {
        state: 'published',
        remoteId: '1800000000000000001',
        remoteUrl: 'https://x.com/sotong_kr/status/1800000000000000001',
        publishedAt: new Date(),
      });

      await logIn(h, page, 'planner@demo.sotong.dev', 'ko', { events: false });
      await page.getByRole('tab', { name: '일정 보기' }).click();
      const open = async (id: string) => {
        const event = page.locator(`[data-variant-id="${id}"]`);
        await event.waitFor();
        await event.locator('xpath=ancestor-or-self::*[@role="button"][1]').focus();
        await page.keyboard.press('Enter');
        return page.getByRole('dialog');
      };
      const drawer = await open(failedId);
      const failure = drawer.getByRole('region', { name: '이 게시물은 게시되지 않았어요' });
      await failure.waitFor();
      expect(await failure.textContent()).toContain('X에서 게시물을 거부했어요: Status is a duplicate.');
      await expectAccessible(page, 'event drawer of a failed variant (ko)');
      await screenshot(page, 'publishing-failed-drawer-ko');

      await failure.getByRole('button', { name: '지금 다시 시도' }).click();
      await expect.poll(async () => (await variantRow(failedId)).state).toBe('scheduled');
      expect((await variantRow(failedId)).failureKind).toBeNull();
      await drawer.getByText('다시 예약했어요. 예약 시간에 게시되고').waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

      const published = await open(publishedId);
      const link = published.getByRole('link', { name: /X에서 게시물 보기/ });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe('https://x.com/sotong_kr/status/1800000000000000001');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
