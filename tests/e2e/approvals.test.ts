import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectAccessible, hasChromium, screenshot, startBrowserHarness } from '../support/browser';
import { type Lang, logIn, newPage, seoulDay } from '../support/planner-browser';

let h: BrowserHarness;
beforeAll(async () => {
  if (hasChromium) h = await startBrowserHarness();
});
afterAll(async () => h?.close());

async function session(email: string, lang: Lang) {
  const opened = await newPage(h, lang);
  await logIn(h, opened.page, email, lang);
  return opened;
}

async function openQueue(page: Page, lang: 'ko' | 'en' = 'ko') {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: lang === 'ko' ? '승인' : 'Approvals' })
    .click();
  await page.getByRole('tab', { name: lang === 'ko' ? '내 검토 차례' : 'Waiting for me', selected: true }).waitFor();
  await page.locator('.queue-card, .empty-state').first().waitFor();
}

/** The post's event in next week's list view (its badge says the state in words). */
async function listEvent(page: Page, title: string) {
  await page.getByRole('navigation').getByRole('link', { name: '캘린더' }).click();
  await page.reload();
  await page.getByRole('tab', { name: '일정 보기' }).click();
  await page.getByRole('button', { name: '다음 주' }).click();
  const event = page.locator('[data-variant-id]', { hasText: title });
  await event.first().waitFor();
  return event.first();
}

async function openComposer(page: Page, title: string) {
  await (await listEvent(page, title)).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByRole('button', { name: '게시물 편집' }).click();
  const composer = page.getByRole('dialog', { name: '게시물 편집' });
  await composer.getByLabel('본문 (모든 변형에 공통)').waitFor();
  return composer;
}

const stateOf = async (title: string) =>
  h.ctx.deps.prisma.post.findFirst({ where: { title }, select: { id: true, state: true, version: true, approvedVersion: true } });

describe.skipIf(!hasChromium)('approvals in Chromium', () => {
  it('submit → changes requested from the queue → edit and resubmit → the diff shows → approved and scheduled', async () => {
    const planner = await session('planner@demo.sotong.dev', 'ko');
    const approver = await session('approver@demo.sotong.dev', 'ko');
    try {
      const p = planner.page;
      const title = `E2E 검토 ${Date.now().toString(36)}`;
      // The planner writes a post for next week and submits it from the composer.
      await p.getByRole('button', { name: '새 게시물' }).click();
      const dialog = p.getByRole('dialog', { name: '새 게시물' });
      await dialog.getByLabel('제목 (내부용)').fill(title);
      await dialog.getByRole('checkbox', { name: /소통 커피 X/ }).check();
      await dialog.getByLabel('본문 (모든 변형에 공통)').fill('겨울 한정 유자 라떼가 나왔어요');
      await dialog.getByLabel('게시 시간').fill(`${seoulDay(7)}T10:00`);
      await dialog.getByRole('button', { name: '초안 저장' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect((await stateOf(title))?.state).toBe('draft');

      let composer = await openComposer(p, title);
      await composer.getByText('승인 상태').waitFor();
      await composer.getByRole('button', { name: '검토 요청', exact: true }).click();
      await p.getByRole('status').getByText('검토를 요청했어요', { exact: false }).waitFor();
      expect((await stateOf(title))?.state).toBe('in_review');
      expect(await h.ctx.deps.prisma.postVersion.count({ where: { post: { title } } })).toBe(1);
      await composer.getByRole('button', { name: '취소', exact: true }).click();
      await p.reload();
      await (await listEvent(p, title)).getByText('검토 중').waitFor();

      // The approver asks for changes from the queue, with a comment (required).
      const a = approver.page;
      await openQueue(a);
      const card = a.getByRole('article', { name: title });
      await card.waitFor();
      await card.getByText(/후 게시$/).waitFor();
      await expectAccessible(a, 'approvals queue (ko)');
      await screenshot(a, 'approvals-queue-ko');
      await card.getByRole('button', { name: `수정 요청 ${title}` }).click();
      const ask = a.getByRole('dialog', { name: '수정 요청' });
      await ask.getByRole('button', { name: '수정 요청 보내기' }).click();
      await ask.getByText('무엇을 고쳐야 하는지 적어 주세요.').waitFor();
      expect((await stateOf(title))?.state).toBe('in_review');
      await ask.getByLabel('의견 (필수)').fill('가격을 꼭 넣어 주세요');
      await expectAccessible(a, 'request-changes dialog');
      await screenshot(a, 'approvals-request-changes');
      await ask.getByRole('button', { name: '수정 요청 보내기' }).click();
      await a.getByRole('status').getByText('수정을 요청했어요', { exact: false }).waitFor();
      const requested = await stateOf(title);
      expect(requested?.state).toBe('changes_requested');
      const decision = await h.ctx.deps.prisma.approvalDecision.findFirst({
        where: { postId: requested?.id },
        select: { decision: true, comment: true, version: true },
      });
      expect(decision).toEqual({ decision: 'changes_requested', comment: '가격을 꼭 넣어 주세요', version: 1 });

      // The planner sees 수정 요청, edits the text and submits again.
      await p.reload();
      await (await listEvent(p, title)).getByText('수정 요청').waitFor();
      composer = await openComposer(p, title);
      await composer.getByLabel('본문 (모든 변형에 공통)').fill('겨울 한정 유자 라떼가 4,500원에 나왔어요');
      await composer.getByRole('button', { name: '변경 사항 저장' }).click();
      await expect.poll(() => composer.isVisible()).toBe(false);
      expect((await stateOf(title))?.state).toBe('draft');
      composer = await openComposer(p, title);
      await composer.getByRole('button', { name: '검토 요청', exact: true }).click();
      await p.getByRole('status').getByText('검토를 요청했어요', { exact: false }).waitFor();
      expect(await stateOf(title)).toMatchObject({ state: 'in_review', version: 2 });
      await composer.getByRole('button', { name: '취소', exact: true }).click();

      // The approver sees what changed (the new words marked) and approves.
      await a.reload();
      await openQueue(a);
      const again = a.getByRole('article', { name: title });
      await again.locator('ins', { hasText: '4,500원에' }).waitFor();
      expect(await again.locator('del').count()).toBe(0);
      await again.getByRole('button', { name: `검토 내역 보기 ${title}` }).click();
      await again.getByText('가격을 꼭 넣어 주세요').waitFor();
      await again.getByText('버전 1').first().waitFor();
      await again.locator('.review-panel').scrollIntoViewIfNeeded();
      await expectAccessible(a, 'review panel');
      await screenshot(a, 'approvals-review-panel');
      await again.getByRole('button', { name: `승인 ${title}`, exact: true }).click();
      await a.getByRole('status').getByText('승인했어요', { exact: false }).waitFor();
      expect(await stateOf(title)).toMatchObject({ state: 'scheduled', approvedVersion: 2 });

      await p.reload();
      await (await listEvent(p, title)).getByText('예약됨').waitFor();
      await screenshot(p, 'approvals-calendar-scheduled');
      expect(planner.errors).toEqual([]);
      expect(approver.errors).toEqual([]);
    } finally {
      await planner.context.close();
      await approver.context.close();
    }
  });

  it('bulk-approves two seeded posts; the queue reads in English too', async () => {
    const approver = await session('approver@demo.sotong.dev', 'en');
    try {
      const a = approver.page;
      await openQueue(a, 'en');
      const seeded = await h.ctx.deps.prisma.post.findMany({
        where: { state: 'in_review', title: { not: { startsWith: 'E2E' } } },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
      });
      expect(seeded.length).toBeGreaterThanOrEqual(2);
      const [one, two] = seeded as [{ id: string }, { id: string }];
      await a.locator(`#queue-item-${one.id}`).waitFor();
      await expectAccessible(a, 'approvals queue (en)');
      await screenshot(a, 'approvals-queue-en');
      await a.locator(`#queue-item-${one.id} input[type="checkbox"]`).check();
      await a.locator(`#queue-item-${two.id} input[type="checkbox"]`).check();
      await a.getByRole('button', { name: 'Approve 2 selected' }).click();
      await a.getByRole('status').getByText('Approved 2 posts.').waitFor();
      const after = await h.ctx.deps.prisma.post.findMany({
        where: { id: { in: [one.id, two.id] } },
        select: { state: true, approvedVersion: true },
      });
      for (const post of after) expect(['scheduled', 'approved']).toContain(post.state);
      expect(after.every((p) => p.approvedVersion !== null)).toBe(true);
      await expect.poll(() => a.locator(`#queue-item-${one.id}`).count()).toBe(0);

      // "All in review" lists what is left; an empty "waiting for me" says so.
      await a.getByRole('tab', { name: 'All in review' }).click();
      await a.getByRole('tab', { name: 'All in review', selected: true }).waitFor();
      expect(approver.errors).toEqual([]);
    } finally {
      await approver.context.close();
    }
  });
});
