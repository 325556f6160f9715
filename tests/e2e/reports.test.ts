import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { logIn, newPage } from '../support/planner-browser';

/**
 * The Reports page in Chromium on the demo workspace's five weeks of seeded history: the Content report's
 * figures (with the formula beside them), charts, sortable tables and CSV export; the Cadence report per
 * channel against its target; best times as a heatmap — in Korean and English, axe clean, screenshots kept
 * in test-results/.
 */
let h: BrowserHarness;
let workspaceId: string;

beforeAll(async () => {
  if (!hasChromium) return;
  h = await startBrowserHarness();
  workspaceId = (await h.ctx.deps.prisma.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } })).id;
});
afterAll(async () => h?.close());

describe.skipIf(!hasChromium)('reports in Chromium', () => {
  it('an executive reads the Content report in Korean: figures against the marks, charts, sortable table, CSV', async () => {
    const { page, context, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'exec@demo.sotong.dev', 'ko', { events: false });
      await page.getByRole('navigation').getByRole('link', { name: '리포트' }).click();
      await page.getByRole('heading', { name: '리포트', level: 1 }).waitFor();
      await expect.poll(() => page.getByRole('tab', { name: '콘텐츠' }).getAttribute('aria-selected')).toBe('true');
      await page.getByText('참여율 중앙값', { exact: true }).first().waitFor();
      // Charts drew their bars (SVG), and the formula sits beside the figures.
      await page.locator('.chart svg.recharts-surface').first().waitFor();
      expect(await page.locator('.chart svg.recharts-surface').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(10);
      expect(await page.getByText('참여율 = (반응 + 댓글 + 공유) ÷ 게시 당시 팔로워 수').count()).toBeGreaterThanOrEqual(4);
      const posts = await page.locator('.kpi').first().locator('.kpi-value').textContent();
      expect(Number((posts ?? '').replace(/[^\d]/g, ''))).toBeGreaterThan(100);
      await page.getByRole('heading', { name: '성과가 좋은 게시물' }).waitFor();
      expect(await page.locator('.post-preview').count()).toBeGreaterThanOrEqual(6);
      await page.getByText('우수').first().waitFor();

      // The table sorts by a header (aria-sort follows) and exports what it shows.
      const table = page.locator('.report-table').first();
      const medianHeader = table.getByRole('columnheader', { name: /참여율 중앙값/ });
      await medianHeader.getByRole('button').click();
      await expect.poll(() => medianHeader.getAttribute('aria-sort')).toBe('descending');
      await medianHeader.getByRole('button').click();
      await expect.poll(() => medianHeader.getAttribute('aria-sort')).toBe('ascending');
      const download = page.waitForEvent('download');
      await table.getByRole('button', { name: /CSV 내보내기/ }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^sotong-content-by-channel-.*\.csv$/);
      await page.getByRole('button', { name: '세그먼트', exact: true }).first().click();
      await table.getByRole('cell', { name: '서울 20대' }).waitFor();

      await expectAccessible(page, 'reports content (ko)');
      await page.locator('.report-kpis').scrollIntoViewIfNeeded();
      await screenshot(page, 'reports-content-ko');
      await page.getByRole('heading', { name: '세그먼트별로 반응이 좋은 콘텐츠' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'reports-content-lower-ko');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('a planner reads Cadence and Best times in English; the date range is in the workspace zone', async () => {
    const { page, context, errors } = await newPage(h, 'en');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'en', { events: false });
      await page.goto(`${h.url}/w/${workspaceId}/reports?tab=cadence`);
      await page.getByRole('tab', { name: 'Cadence', selected: true }).waitFor();
      await page.getByText('Days are in Asia/Seoul').waitFor();
      await page
        .getByRole('heading', { name: 'Posts per day against each channel’s target' })
        .or(page.getByText('Posts per day against each channel'))
        .first()
        .waitFor();
      await page.locator('.chart svg.recharts-surface').first().waitFor();
      expect(await page.locator('.chart-card').count()).toBe(4);
      await page.getByText('Target: 6 posts a day').first().waitFor();
      const row = page.getByRole('row', { name: /소통 커피 X/ });
      await expect.poll(async () => (await row.getByRole('cell').nth(1).textContent())?.trim()).toBe('6');
      await page.getByRole('button', { name: 'Last 7 days' }).click();
      await expect.poll(() => page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: 'Last 28 days' }).click();
      await expectAccessible(page, 'reports cadence (en)');
      await screenshot(page, 'reports-cadence-en');

      // Keyboard: arrow keys move between the tabs.
      await page.getByRole('tab', { name: 'Cadence' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.getByRole('tab', { name: 'Best times', selected: true }).waitFor();
      await page.getByRole('heading', { name: 'Suggested times' }).waitFor();
      await page.locator('.best-times-list li').first().waitFor();
      await page
        .getByText(/from \d+ posts/)
        .first()
        .waitFor();
      expect(await page.locator('.heatmap td.heat').count()).toBeGreaterThan(10);
      await expectAccessible(page, 'reports best times (en)');
      await screenshot(page, 'reports-best-times-en');

      await page.getByRole('tab', { name: 'Content' }).click();
      await page.locator('.chart svg.recharts-surface').first().waitFor();
      await page.getByText('Engagement rate = (reactions + comments + shares) ÷ followers at publication').first().waitFor();
      await page.getByText('per-impression rate = (reactions + comments + shares) ÷ impressions').first().waitFor();
      await expectAccessible(page, 'reports content (en)');
      await screenshot(page, 'reports-content-en');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('the composer offers best times from history (ko) and the slot editor adopts one (en)', async () => {
    const ko = await newPage(h, 'ko');
    try {
      await logIn(h, ko.page, 'planner@demo.sotong.dev', 'ko');
      await ko.page.getByRole('button', { name: '새 게시물' }).click();
      const dialog = ko.page.getByRole('dialog', { name: '새 게시물' });
      await dialog.getByRole('checkbox', { name: /소통 커피 X/ }).check();
      await dialog.getByText('게시 기록으로 본 추천 시간').click();
      const first = dialog.locator('.composer-best-times .best-times-list li').first();
      await first.waitFor();
      await first.getByText(/게시물 \d+건 기준/).waitFor();
      const suggested = ((await first.locator('.best-time').textContent()) ?? '').trim();
      const hour = suggested.slice(-5, -3);
      await first.getByRole('button', { name: /이 시간으로/ }).click();
      await expect.poll(() => dialog.getByLabel('게시 시간').inputValue()).toMatch(new RegExp(`T${hour}:00$`));
      expect(Date.parse(`${await dialog.getByLabel('게시 시간').inputValue()}:00+09:00`)).toBeGreaterThan(Date.now());
      await expectAccessible(ko.page, 'composer best times (ko)');
      await dialog.locator('.composer-best-times').scrollIntoViewIfNeeded();
      await screenshot(ko.page, 'reports-composer-best-times-ko');
      expect(ko.errors).toEqual([]);
    } finally {
      await ko.context.close();
    }

    const en = await newPage(h, 'en');
    try {
      const channel = await h.ctx.deps.prisma.channelAccount.findFirstOrThrow({ where: { workspaceId, name: '소통 커피 X' }, select: { id: true } });
      await h.ctx.deps.prisma.postingSlot.deleteMany({ where: { channelAccountId: channel.id } });
      await logIn(h, en.page, 'admin@demo.sotong.dev', 'en', { events: false });
      await en.page.goto(`${h.url}/w/${workspaceId}/settings/channels`);
      await en.page.getByRole('button', { name: 'Posting times 소통 커피 X' }).click();
      const dialog = en.page.getByRole('dialog', { name: 'Posting times for “소통 커피 X”' });
      const suggested = dialog.getByRole('region', { name: 'Suggested from your history' });
      const first = suggested.locator('.best-times-list li').first();
      await first.waitFor();
      const text = ((await first.locator('.best-time').textContent()) ?? '').trim();
      await first.getByRole('button', { name: /Add as a slot/ }).click();
      await dialog.getByRole('button', { name: new RegExp(`Remove ${text.slice(-5)} on`) }).waitFor();
      await expectAccessible(en.page, 'slot editor with suggestions (en)');
      await screenshot(en.page, 'reports-slot-suggestions-en');
      await dialog.getByRole('button', { name: 'Save posting times' }).click();
      await expect.poll(() => h.ctx.deps.prisma.postingSlot.count({ where: { channelAccountId: channel.id } })).toBe(1);
      const slot = await h.ctx.deps.prisma.postingSlot.findFirstOrThrow({ where: { channelAccountId: channel.id } });
      expect(slot.minuteOfDay).toBe(Number(text.slice(-5, -3)) * 60);
      expect(en.errors).toEqual([]);
    } finally {
      await en.context.close();
    }
  }, 90_000);
});
