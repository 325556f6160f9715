import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { centreOf, DAY_MS, drag, logIn, newPage, seoulDay, seoulTime, TZ } from '../support/planner-browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

async function variantAt(id: string) {
  const row = await h.ctx.deps.prisma.variant.findUnique({ where: { id }, select: { scheduledAt: true } });
  return row?.scheduledAt ?? null;
}

/** A future, movable event in a month cell; its id and time from the database. */
async function firstEventIn(page: Page, day: string) {
  const event = page.locator(`[role="cell"][data-date="${day}"] [data-variant-id]`).first();
  await event.waitFor();
  const id = (await event.getAttribute('data-variant-id')) ?? '';
  const at = await variantAt(id);
  if (!at) throw new Error(`variant ${id} has no time`);
  return { event, id, at };
}

describe.skipIf(!hasChromium)('the planner calendar in Chromium', () => {
  it('a planner writes one post for two channels and two segments; four variants land on the calendar', async () => {
    const { context, page, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'ko');
      await page.getByRole('button', { name: '새 게시물' }).click();
      const dialog = page.getByRole('dialog', { name: '새 게시물' });
      await dialog.waitFor();
      const title = `E2E 주말 브런치 ${Date.now().toString(36)}`;
      await dialog.getByLabel('제목 (내부용)').fill(title);
      await dialog.getByRole('checkbox', { name: /소통 커피 Facebook/ }).check();
      await dialog.getByRole('checkbox', { name: /소통 커피 X/ }).check();
      await dialog.getByRole('checkbox', { name: '서울 20대' }).check();
      await dialog.getByRole('checkbox', { name: '부산 30–40대' }).check();
      await dialog.getByLabel('본문 (모든 변형에 공통)').fill(`주말 브런치 세트가 새로 나왔어요 ☕ ${title}`);
      const day = seoulDay(7);
      await dialog.getByLabel('게시 시간').fill(`${day}T10:00`);
      // Four variants, each with a live preview; X shows the segment warning but saving is allowed.
      await expect.poll(() => dialog.locator('.variant-card').count()).toBe(4);
      await expect.poll(() => dialog.getByText('이 채널은 게시물 타기팅을 지원하지 않아요', { exact: false }).count()).toBe(2);
      await expectAccessible(page, 'composer (ko)');
      await screenshot(page, 'composer-ko');

      await dialog.getByRole('button', { name: '초안 저장' }).click();
      await page.getByRole('status').getByText('변형 4개로 저장했어요', { exact: false }).waitFor();
      await expect.poll(() => dialog.isVisible()).toBe(false);

      const post = await h.ctx.deps.prisma.post.findFirst({ where: { title }, select: { variants: { select: { scheduledAt: true } } } });
      expect(post?.variants).toHaveLength(4);
      for (const v of post?.variants ?? []) expect(v.scheduledAt?.toISOString()).toBe(new Date(`${day}T10:00:00+09:00`).toISOString());

      // The list view of next week shows all four.
      await page.getByRole('tab', { name: '일정 보기' }).click();
      await page.getByRole('button', { name: '다음 주' }).click();
      await expect.poll(() => page.locator('[data-variant-id]', { hasText: title }).count()).toBe(4);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('drags a variant to another day in month view and to another hour in week view; both survive a reload', async () => {
    const { context, page, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'ko');
      await page.getByRole('tab', { name: '월 보기' }).click();

      // Month: tomorrow → the day after tomorrow + 1, same time of day.
      const from = await firstEventIn(page, seoulDay(1));
      const targetDay = seoulDay(3);
      await drag(page, from.event, () => centreOf(page.locator(`[role="cell"][data-date="${targetDay}"]`)));
      await expect.poll(async () => (await variantAt(from.id))?.getTime()).toBe(from.at.getTime() + 2 * DAY_MS);
      await page.reload();
      await page.locator(`[role="cell"][data-date="${targetDay}"] [data-variant-id="${from.id}"]`).waitFor();
      await expectAccessible(page, 'calendar month (ko)');
      await page.locator(`[role="cell"][data-date="${seoulDay(0)}"]`).scrollIntoViewIfNeeded();
      await screenshot(page, 'calendar-month-ko');

      // Week: next week (always in the future), an event moved to 11:00 on its own day.
      await page.getByRole('tab', { name: '주 보기' }).click();
      await page.getByRole('button', { name: '다음 주' }).click();
      const weekEvent = page.locator('[data-variant-id]').first();
      await weekEvent.waitFor();
      const id = (await weekEvent.getAttribute('data-variant-id')) ?? '';
      const before = await variantAt(id);
      if (!before) throw new Error('no time');
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(before);
      const newHour = seoulTime(before) === '11:00' ? '13:00' : '11:00';
      await drag(page, weekEvent, async () => {
        const column = await centreOf(page.locator(`[data-date="${day}"]`).last());
        const slotBox = await page.locator(`[data-time="${newHour}:00"]`).last().boundingBox();
        if (!slotBox) throw new Error('slot not visible');
        return { x: column.x, y: slotBox.y + slotBox.height / 2 };
      });
      await expect
        .poll(async () => {
          const at = await variantAt(id);
          return at ? `${new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(at)} ${seoulTime(at)}` : null;
        })
        .toBe(`${day} ${newHour}`);
      await page.reload();
      await page.getByRole('tab', { name: '주 보기', selected: true }).waitFor();
      await page.getByRole('button', { name: '다음 주' }).click();
      await page.locator(`[data-variant-id="${id}"]`).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('rolls back a drop onto a past day and says why', async () => {
    const { context, page } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'ko');
      await page.getByRole('tab', { name: '월 보기' }).click();
      const sourceDay = seoulDay(2);
      const from = await firstEventIn(page, sourceDay);
      // The latest past day the month grid shows (on the first day of a grid there is none: then
      // the early hours of today in week view are the past).
      const visibleDays = await page.locator('[role="cell"][data-date]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-date') ?? ''));
      const pastDay = visibleDays
        .filter((d) => d < seoulDay(0))
        .sort()
        .at(-1);
      if (pastDay) {
        await drag(page, from.event, () => centreOf(page.locator(`[role="cell"][data-date="${pastDay}"]`)));
      } else {
        await page.getByRole('tab', { name: '주 보기' }).click();
        await drag(page, page.locator(`[data-variant-id="${from.id}"]`), async () => {
          const column = await centreOf(page.locator(`[data-date="${seoulDay(0)}"]`).last());
          const slotBox = await page.locator('[data-time="00:30:00"]').last().boundingBox();
          if (!slotBox) throw new Error('slot not visible');
          return { x: column.x, y: slotBox.y + slotBox.height / 2 };
        });
      }
      await page.getByRole('alert').getByText('예약 시간이 이미 지났어요', { exact: false }).waitFor();
      // Back in its own place, unchanged in the database.
      await page
        .locator(pastDay ? `[role="cell"][data-date="${sourceDay}"] [data-variant-id="${from.id}"]` : `[data-variant-id="${from.id}"]`)
        .waitFor();
      expect((await variantAt(from.id))?.getTime()).toBe(from.at.getTime());
      await screenshot(page, 'calendar-refused-ko');
    } finally {
      await context.close();
    }
  });

  it('is accessible in English too: month, week and the composer', async () => {
    const { context, page, errors } = await newPage(h, 'en');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'en');
      await page.getByRole('tab', { name: 'Month view' }).click();
      await expectAccessible(page, 'calendar month (en)');
      await page.getByRole('tab', { name: 'Week view' }).click();
      await page.locator('[data-time="08:00:00"]').first().waitFor();
      await expectAccessible(page, 'calendar week (en)');
      await screenshot(page, 'calendar-week-en');

      // The event drawer opens from the keyboard, shows the preview and the zone-aware time field; Esc closes it.
      // Next week: every event there is still to come (this week's past days hold published posts, which do not move).
      await page.getByRole('button', { name: 'Next week' }).click();
      await page.locator('[data-variant-id]').first().waitFor();
      await page.locator('[data-variant-id]').first().locator('xpath=ancestor::*[@role="button"][1]').focus();
      await page.keyboard.press('Enter');
      const drawer = page.getByRole('dialog');
      await drawer.getByLabel('Move to').waitFor();
      await drawer.getByRole('button', { name: 'Edit post' }).waitFor();
      await expectAccessible(page, 'event drawer (en)');
      await screenshot(page, 'drawer-en');
      await page.keyboard.press('Escape');
      await expect.poll(() => drawer.count()).toBe(0);
      await page.getByRole('button', { name: 'New post' }).click();
      const dialog = page.getByRole('dialog', { name: 'New post' });
      await dialog.getByRole('checkbox', { name: /Sotong Coffee \(EN\)/ }).check();
      await dialog.getByRole('checkbox', { name: 'US English' }).check();
      await dialog.getByLabel('Text (shared by every variant)').fill('한글 '.repeat(80));
      await dialog.getByText('X allows 280 weighted characters', { exact: false }).first().waitFor();
      await expectAccessible(page, 'composer (en)');
      await screenshot(page, 'composer-en');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);

      // Korean week view, too.
      await page.getByLabel('Language').selectOption('ko');
      await page.getByRole('tab', { name: '주 보기' }).click();
      await page.locator('[data-time="08:00:00"]').first().waitFor();
      await expectAccessible(page, 'calendar week (ko)');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('uploads an image from the composer and posts it to Instagram, which needs media', async () => {
    const { context, page, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'ko');
      await page.getByRole('button', { name: '새 게시물' }).click();
      const dialog = page.getByRole('dialog', { name: '새 게시물' });
      await dialog.waitFor();
      const title = `E2E 사진 ${Date.now().toString(36)}`;
      await dialog.getByLabel('제목 (내부용)').fill(title);
      await dialog.getByRole('checkbox', { name: /소통 커피 Instagram/ }).check();
      await dialog.getByLabel('본문 (모든 변형에 공통)').fill('겨울 한정 머그컵 사진이에요 #소통커피');
      const jpeg = await sharp({ create: { width: 1080, height: 1080, channels: 3, background: '#c2410c' } })
        .jpeg()
        .toBuffer();
      await dialog.locator('input[type="file"]').setInputFiles({ name: 'mug.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await page.getByRole('status').getByText('mug.jpg', { exact: false }).waitFor();
      await dialog.getByRole('button', { name: '초안 저장' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      const post = await h.ctx.deps.prisma.post.findFirst({
        where: { title },
        select: { variants: { select: { media: { select: { media: { select: { mimeType: true, width: true } } } } } } },
      });
      expect(post?.variants[0]?.media.map((m) => m.media)).toEqual([{ mimeType: 'image/jpeg', width: 1080 }]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
