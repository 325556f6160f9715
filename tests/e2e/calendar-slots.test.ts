import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPost } from '../../prisma/seed/builders';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { centreOf, DAY_MS, drag, logIn, newPage, plusDays, seoulDay, seoulWall } from '../support/planner-browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

/** Monday (`YYYY-MM-DD`) of next week in Seoul: every day of it is in the future. */
function nextMonday(): string {
  const today = seoulDay(0);
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return seoulDay(7 - dow);
}

async function variantAt(id: string) {
  const row = await h.ctx.deps.prisma.variant.findUnique({ where: { id }, select: { scheduledAt: true } });
  return row?.scheduledAt ?? null;
}

async function demo() {
  const prisma = h.ctx.deps.prisma;
  const workspace = await prisma.workspace.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } });
  const channels = await prisma.channelAccount.findMany({ where: { workspaceId: workspace.id }, select: { id: true, name: true } });
  const channel = (name: string) => {
    const found = channels.find((c) => c.name === name);
    if (!found) throw new Error(`no demo channel ${name}`);
    return found.id;
  };
  const planner = await prisma.user.findFirstOrThrow({ where: { email: 'planner@demo.sotong.dev' }, select: { id: true } });
  return { workspaceId: workspace.id, channel, planner };
}

/** An unscheduled one-variant draft on a channel; its variant id. */
async function unscheduledDraft(title: string, channelName: string) {
  const d = await demo();
  const post = await buildPost(h.ctx.deps.prisma, d.workspaceId, d.planner, {
    title,
    variants: [{ channelAccountId: d.channel(channelName), text: `${title} — 곧 만나요` }],
  });
  return post.variantIds[0] as string;
}

/**
 * Instagram: 10:00 and 16:00 every day (no demo posts, so all free). X: 09:00 every day, where the demo
 * plans a post on two days in three (taken) and leaves the third free.
 */
async function setUpSlots() {
  const prisma = h.ctx.deps.prisma;
  const d = await demo();
  const ig = d.channel('소통 커피 Instagram');
  const x = d.channel('소통 커피 X');
  await prisma.postingSlot.deleteMany({ where: { channelAccountId: { in: [ig, x] } } });
  await prisma.postingSlot.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
      { channelAccountId: ig, weekday, minuteOfDay: 600 },
      { channelAccountId: ig, weekday, minuteOfDay: 960 },
      { channelAccountId: x, weekday, minuteOfDay: 540 },
    ]),
  });
  return { d, ig, x };
}

describe.skipIf(!hasChromium)('calendar: unscheduled drafts and posting slots in Chromium', () => {
  it('drags an unscheduled draft from the side panel onto a day in month view and onto an hour in week view', async () => {
    const tag = Date.now().toString(36);
    const monthId = await unscheduledDraft(`E2E 월간 드래그 ${tag}`, '소통 커피 X');
    const weekId = await unscheduledDraft(`E2E 주간 드래그 ${tag}`, '소통 커피 Facebook');
    const { context, page, errors } = await newPage(h, 'ko');
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'ko');
      await page.getByRole('tab', { name: '월 보기' }).click();
      const panel = page.getByRole('complementary', { name: /미예약/ });
      const monthItem = panel.locator(`[data-unscheduled-id="${monthId}"]`);
      await monthItem.waitFor();

      // Month: a day three days ahead; a bare day gets 09:00 in the workspace zone.
      const day = seoulDay(3);
      let cell = page.locator(`[role="cell"][data-date="${day}"]`);
      if ((await cell.count()) === 0) {
        await page.getByRole('button', { name: /^다음 / }).click();
        cell = page.locator(`[role="cell"][data-date="${day}"]`);
      }
      await drag(page, monthItem, () => centreOf(cell));
      await expect.poll(async () => (await variantAt(monthId))?.toISOString()).toBe(new Date(`${day}T09:00:00+09:00`).toISOString());
      await expect.poll(() => panel.locator(`[data-unscheduled-id="${monthId}"]`).count()).toBe(0);
      await page.locator(`[role="cell"][data-date="${day}"] [data-variant-id="${monthId}"]`).waitFor();
      await page.getByRole('status').getByText('예약했어요', { exact: false }).first().waitFor();

      // Week: next week's Wednesday at 14:00, dropped on the 14:00 row of that day's column.
      await page.getByRole('tab', { name: '주 보기' }).click();
      await page.getByRole('button', { name: '다음 주' }).click();
      const wednesday = plusDays(nextMonday(), 2);
      const weekItem = panel.locator(`[data-unscheduled-id="${weekId}"]`);
      await drag(page, weekItem, async () => {
        const column = await centreOf(page.locator(`[data-date="${wednesday}"]`).last());
        const row = await page.locator('[data-time="14:00:00"]').last().boundingBox();
        if (!row) throw new Error('14:00 row not visible');
        return { x: column.x, y: row.y + row.height / 2 };
      });
      await expect.poll(async () => seoulWall((await variantAt(weekId)) ?? new Date(0))).toBe(`${wednesday} 14:00`);
      await expect.poll(() => panel.locator(`[data-unscheduled-id="${weekId}"]`).count()).toBe(0);
      await page.locator(`[data-variant-id="${weekId}"]`).waitFor();
      await screenshot(page, 'calendar-unscheduled-drop-week-ko');

      // Both stay put after a reload: on the calendar, not in the panel.
      await page.reload();
      await page.getByRole('tab', { name: '주 보기', selected: true }).waitFor();
      await panel.waitFor();
      await page.getByRole('button', { name: '다음 주' }).click();
      await page.locator(`[data-variant-id="${weekId}"]`).waitFor();
      expect(await panel.locator(`[data-unscheduled-id="${weekId}"], [data-unscheduled-id="${monthId}"]`).count()).toBe(0);
      expect(seoulWall((await variantAt(weekId)) ?? new Date(0))).toBe(`${wednesday} 14:00`);
      expect((await variantAt(monthId))?.toISOString()).toBe(new Date(`${day}T09:00:00+09:00`).toISOString());
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows free and taken posting slots; a free slot opens the composer for its channel and time', async () => {
    const prisma = h.ctx.deps.prisma;
    const { d, ig, x } = await setUpSlots();

    const { context, page, errors } = await newPage(h, 'ko');
    const slotRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/slots/upcoming')) slotRequests.push(r.url());
    });
    try {
      await logIn(h, page, 'planner@demo.sotong.dev', 'ko');
      await page.getByRole('tab', { name: '주 보기' }).click();
      await page.getByRole('button', { name: '다음 주' }).click();
      await page.locator('[data-time="08:00:00"]').first().waitFor();
      const toggle = page.getByRole('checkbox', { name: '게시 슬롯 보기' });
      expect(await toggle.isChecked()).toBe(false);
      expect(slotRequests).toEqual([]);
      await toggle.check();

      // Fourteen free Instagram slots next week, each a button named after its channel and time.
      const igFree = page.getByRole('button', { name: /^소통 커피 Instagram\(Instagram\) 빈 슬롯, .+ — 이 시간에 새 게시물 쓰기$/ });
      await expect.poll(() => igFree.count()).toBe(14);
      // X: the 09:00 slots with a demo post are taken (subdued, not buttons); the others are free.
      const monday = nextMonday();
      const from = new Date(`${monday}T00:00:00+09:00`);
      const to = new Date(from.getTime() + 7 * DAY_MS);
      const xPosts = await prisma.variant.findMany({
        where: { channelAccountId: x, scheduledAt: { gte: from, lt: to }, deletedAt: null },
        select: { scheduledAt: true },
      });
      const takenDays = new Set(xPosts.map((v) => seoulWall(v.scheduledAt ?? new Date(0))).filter((w) => w.endsWith(' 09:00')));
      const xFree = page.getByRole('button', { name: /^소통 커피 X\(X\) 빈 슬롯/ });
      await expect.poll(() => xFree.count()).toBe(7 - takenDays.size);
      expect(await page.getByText('소통 커피 X 09:00 채워짐').count()).toBe(takenDays.size);
      // One request for the whole visible week, whatever the number of slots.
      expect(slotRequests).toHaveLength(1);
      expect(new URL(slotRequests[0] as string).searchParams.get('to')).toBe(to.toISOString());

      await expectAccessible(page, 'calendar week with slots (ko)');
      await page.locator('[data-time="09:00:00"]').first().scrollIntoViewIfNeeded();
      await screenshot(page, 'calendar-slots-week-ko');

      // Click an Instagram slot that no other channel's post covers (a post drawn over a slot hides it from
      // the mouse; the keyboard still reaches it): the composer opens with Instagram checked at that time.
      const planned = (await prisma.variant.findMany({ where: { scheduledAt: { gte: from, lt: to } }, select: { scheduledAt: true } })).map(
        (v) => v.scheduledAt?.getTime() ?? 0,
      );
      const igSlots = [0, 1, 2, 3, 4, 5, 6].flatMap((i) =>
        ['10:00', '16:00'].map((time) => ({ day: plusDays(monday, i), time, at: new Date(`${plusDays(monday, i)}T${time}:00+09:00`) })),
      );
      const open = igSlots.find((slot) => !planned.some((t) => t > slot.at.getTime() - 30 * 60_000 && t < slot.at.getTime() + 30 * 60_000));
      if (!open) throw new Error('every Instagram slot next week is under a post');
      const openDay = open.day;
      const hour = Number(open.time.slice(0, 2));
      const openSlot = page.locator(`button[data-slot-channel="${ig}"][data-slot-at="${open.at.toISOString()}"]`);
      expect(await openSlot.getAttribute('aria-label')).toBe(
        `소통 커피 Instagram(Instagram) 빈 슬롯, ${openDay.slice(0, 4)}. ${Number(openDay.slice(5, 7))}. ${Number(openDay.slice(8))}. ${hour < 12 ? '오전' : '오후'} ${hour > 12 ? hour - 12 : hour}:00 — 이 시간에 새 게시물 쓰기`,
      );
      await openSlot.click();
      const dialog = page.getByRole('dialog', { name: '새 게시물' });
      await dialog.waitFor();
      expect(await dialog.getByRole('checkbox', { name: /소통 커피 Instagram/ }).isChecked()).toBe(true);
      expect(await dialog.getByRole('checkbox', { name: /소통 커피 X/ }).isChecked()).toBe(false);
      expect(await dialog.getByLabel('게시 시간').inputValue()).toBe(`${openDay}T${open.time}`);
      await screenshot(page, 'calendar-slot-composer-ko');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);

      // From the keyboard: focus Friday's 10:00 slot and press Enter.
      const friday = plusDays(monday, 4);
      const friSlot = page.locator(`button[data-slot-channel="${ig}"][data-slot-at="${new Date(`${friday}T10:00:00+09:00`).toISOString()}"]`);
      await friSlot.focus();
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      expect(await dialog.getByLabel('게시 시간').inputValue()).toBe(`${friday}T10:00`);
      expect(await dialog.getByRole('checkbox', { name: /소통 커피 Instagram/ }).isChecked()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);

      // The toggle is a per-person preference: saved, and still on after a reload.
      await expect
        .poll(async () => {
          const row = await prisma.userPreference.findFirst({
            where: { workspaceId: d.workspaceId, userId: d.planner.id },
            select: { calendar: true },
          });
          return (row?.calendar as { showSlots?: boolean } | null)?.showSlots;
        })
        .toBe(true);
      await page.reload();
      await page.getByRole('tab', { name: '주 보기', selected: true }).waitFor();
      expect(await page.getByRole('checkbox', { name: '게시 슬롯 보기' }).isChecked()).toBe(true);

      // Month view: free slots per day as a small count (tomorrow: two Instagram slots; X's 09:00 is taken).
      await page.getByRole('tab', { name: '월 보기' }).click();
      const tomorrow = seoulDay(1);
      if ((await page.locator(`[role="cell"][data-date="${tomorrow}"]`).count()) === 0 || tomorrow.slice(0, 7) !== seoulDay(0).slice(0, 7)) {
        await page.getByRole('button', { name: /^다음 / }).click();
      }
      const tomorrowX = await prisma.variant.count({
        where: { channelAccountId: x, scheduledAt: new Date(`${tomorrow}T09:00:00+09:00`), deletedAt: null },
      });
      const expected = 2 + (tomorrowX ? 0 : 1);
      await page.locator(`[role="cell"][data-date="${tomorrow}"]`).getByText(`빈 슬롯 ${expected}`, { exact: true }).waitFor();
      await expectAccessible(page, 'calendar month with slots (ko)');
      await page.locator(`[role="cell"][data-date="${tomorrow}"]`).scrollIntoViewIfNeeded();
      await screenshot(page, 'calendar-slots-month-ko');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('names free slots in English too', async () => {
    await setUpSlots();
    const { context, page, errors } = await newPage(h, 'en');
    try {
      await logIn(h, page, 'admin@demo.sotong.dev', 'en');
      await page.getByRole('tab', { name: 'Week view' }).click();
      await page.getByRole('button', { name: /^Next/ }).click();
      await page.getByRole('checkbox', { name: 'Show slots' }).check();
      const free = page.getByRole('button', { name: /^Free slot on 소통 커피 Instagram \(Instagram\), .+: write a new post for this time$/ });
      await expect.poll(() => free.count()).toBe(14);
      await expectAccessible(page, 'calendar week with slots (en)');
      await page.locator('[data-time="09:00:00"]').first().scrollIntoViewIfNeeded();
      await screenshot(page, 'calendar-slots-week-en');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
