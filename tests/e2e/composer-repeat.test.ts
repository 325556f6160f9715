import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { logIn, newPage, seoulDay } from '../support/planner-browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

/** The Seoul date of the next Monday after today (1 to 7 days ahead), and `n` days after it. */
function nextMonday(plus = 0): string {
  for (let offset = 1; offset <= 7; offset++) {
    const day = seoulDay(offset);
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 1) return seoulDay(offset + plus);
  }
  throw new Error('no Monday in a week');
}

async function openNewPost(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: '새 게시물' }).click();
  const dialog = page.getByRole('dialog', { name: '새 게시물' });
  await dialog.waitFor();
  return dialog;
}

/** The list view (a fresh page starts on this week), moved `weeks` weeks ahead. */
async function listWeeksAhead(page: Page, weeks: number) {
  await page.getByRole('tab', { name: '일정 보기' }).click();
  for (let i = 0; i < weeks; i++) await page.getByRole('button', { name: '다음 주' }).click();
}

describe.skipIf(!hasChromium)('the composer: recurring posts and per-variant overrides', () => {
  it('creates a weekly Mon+Wed post with 4 occurrences in Korean; the series lands at the right KST times and on the calendar', async () => {
    const { context, page, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'ko');
      const dialog = await openNewPost(page);
      const title = `E2E 반복 ${Date.now().toString(36)}`;
      await dialog.getByLabel('제목 (내부용)').fill(title);
      await dialog.getByRole('checkbox', { name: /소통 커피 Facebook/ }).check();
      await dialog.getByLabel('본문 (모든 변형에 공통)').fill(`월·수 아침 커피 소식 ☕ ${title}`);
      const monday = nextMonday();
      await dialog.getByLabel('게시 시간').fill(`${monday}T10:00`);

      await dialog.getByLabel('반복 주기').selectOption('weekly');
      const weekdays = dialog.getByRole('group', { name: '요일' });
      // The weekday of the chosen time is checked by default.
      await expect.poll(() => weekdays.getByRole('checkbox', { name: '월' }).isChecked()).toBe(true);
      await weekdays.getByRole('checkbox', { name: '수' }).check();
      await dialog.getByLabel('반복 횟수').fill('4');
      await dialog.getByText('매주 월·수, 4회').waitFor();
      await expectAccessible(page, 'composer with repeat (ko)');
      await dialog.getByText('매주 월·수, 4회').scrollIntoViewIfNeeded();
      await screenshot(page, 'composer-repeat-ko');

      await dialog.getByRole('button', { name: '초안 저장' }).click();
      await page.getByRole('status').getByText('반복 게시물 4개로 만들었어요', { exact: false }).waitFor();
      await expect.poll(() => dialog.isVisible()).toBe(false);

      const posts = await h.ctx.deps.prisma.post.findMany({
        where: { title, deletedAt: null },
        select: { id: true, seriesId: true, variants: { select: { scheduledAt: true } } },
      });
      expect(posts).toHaveLength(4);
      const seriesIds = new Set(posts.map((p) => p.seriesId));
      expect(seriesIds.size).toBe(1);
      expect([...seriesIds][0]).toBeTruthy();
      const times = posts.flatMap((p) => p.variants.map((v) => v.scheduledAt?.toISOString())).sort();
      const expected = [0, 2, 7, 9].map((plus) => new Date(`${nextMonday(plus)}T10:00:00+09:00`).toISOString());
      expect(times).toEqual(expected);

      // Two in each of the next two weeks (Monday-first weeks); opening one says it is part of a series.
      await listWeeksAhead(page, 1);
      await expect.poll(() => page.locator('[data-variant-id]', { hasText: title }).count()).toBe(2);
      await page.getByRole('button', { name: '다음 주' }).click();
      await expect.poll(() => page.locator('[data-variant-id]', { hasText: title }).count()).toBe(2);
      await page.locator('[data-variant-id]', { hasText: title }).first().click();
      await page.getByRole('dialog').getByRole('button', { name: '게시물 편집' }).click();
      const edit = page.getByRole('dialog', { name: '게시물 편집' });
      await edit.getByText('반복 게시물의 일부예요', { exact: false }).waitFor();
      expect(await edit.getByLabel('반복 주기').count()).toBe(0);

      // A new title for this and the following occurrences goes through the series endpoint.
      await edit.getByLabel('제목 (내부용)').fill(`${title} (후반)`);
      await edit.getByRole('button', { name: '변경 사항 저장' }).click();
      const scope = page.getByRole('dialog', { name: '반복 게시물 수정' });
      await scope.getByRole('radio', { name: '이 게시물과 이후 게시물' }).check();
      await expectAccessible(page, 'series scope dialog (ko)');
      await screenshot(page, 'composer-series-scope-ko');
      await scope.getByRole('button', { name: '저장' }).click();
      await page.getByRole('status').getByText('반복 게시물 2개에 적용했어요', { exact: false }).waitFor();
      const renamed = await h.ctx.deps.prisma.post.count({ where: { title: `${title} (후반)`, seriesId: [...seriesIds][0] } });
      expect(renamed).toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('one of two variants overrides the link; the override is saved per variant and shown again when the post is reopened', async () => {
    const { context, page, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'ko');
      const dialog = await openNewPost(page);
      const title = `E2E 링크 ${Date.now().toString(36)}`;
      await dialog.getByLabel('제목 (내부용)').fill(title);
      await dialog.getByRole('checkbox', { name: /소통 커피 Facebook/ }).check();
      await dialog.getByRole('checkbox', { name: /소통 커피 X/ }).check();
      await dialog.getByLabel('본문 (모든 변형에 공통)').fill(`새 원두가 들어왔어요 ${title}`);
      await dialog.getByLabel('링크', { exact: true }).fill('https://example.com/shared');
      const day = seoulDay(8);
      await dialog.getByLabel('게시 시간').fill(`${day}T11:00`);

      await dialog.getByRole('button', { name: /링크·첫 댓글·미디어 따로 정하기 소통 커피 X/ }).click();
      const xLink = dialog.getByLabel('소통 커피 X 링크');
      await expect.poll(() => xLink.inputValue()).toBe('https://example.com/shared');
      await xLink.fill('https://example.com/x-only');
      // The live preview follows the override (the link carries its UTM parameters).
      await expect.poll(() => page.locator('.composer-preview').getByText('example.com/x-only', { exact: false }).count()).toBeGreaterThan(0);
      await expectAccessible(page, 'composer with a variant override (ko)');
      await screenshot(page, 'composer-variant-override-ko');

      await dialog.getByRole('button', { name: '초안 저장' }).click();
      await page.getByRole('status').getByText('변형 2개로 저장했어요', { exact: false }).waitFor();
      await expect.poll(() => dialog.isVisible()).toBe(false);

      const post = await h.ctx.deps.prisma.post.findFirst({
        where: { title },
        select: { id: true, variants: { select: { link: true, channelAccount: { select: { name: true } } } } },
      });
      const links = Object.fromEntries((post?.variants ?? []).map((v) => [v.channelAccount.name, v.link]));
      expect(links).toEqual({ '소통 커피 Facebook': 'https://example.com/shared', '소통 커피 X': 'https://example.com/x-only' });

      // Reopen from the calendar: the X card shows its own link, Facebook uses the shared one.
      const monday = nextMonday();
      await listWeeksAhead(page, day >= nextMonday(7) ? 2 : day >= monday ? 1 : 0);
      await page.locator('[data-variant-id]', { hasText: title }).first().click();
      await page.getByRole('dialog').getByRole('button', { name: '게시물 편집' }).click();
      const edit = page.getByRole('dialog', { name: '게시물 편집' });
      await expect.poll(() => edit.getByLabel('소통 커피 X 링크').inputValue()).toBe('https://example.com/x-only');
      await expect.poll(() => edit.getByLabel('링크', { exact: true }).inputValue()).toBe('https://example.com/shared');
      expect(await edit.getByLabel('소통 커피 Facebook 링크').count()).toBe(0);
      await screenshot(page, 'composer-variant-override-reopened-ko');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
